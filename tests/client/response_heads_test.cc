// Tests of how `statusinfo check` splits its input into heads and infers
// whether each response has content.
#include "client/cli/response_heads.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace statusinfo::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr char kEarlyHints[] =
    "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n";
constexpr char kOk[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 6\r\n\r\n";

// The status codes of the heads, and whether bytes followed each.
struct Split {
  std::vector<int> codes;
  std::vector<bool> bytes_follow;
};

Split SplitHeads(const std::string& input) {
  std::istringstream in(input);
  absl::StatusOr<std::vector<InputHead>> heads = ReadResponseHeads(in);
  EXPECT_TRUE(heads.ok()) << heads.status();
  Split split;
  if (!heads.ok()) return split;
  for (const InputHead& input_head : *heads) {
    split.codes.push_back(input_head.head.status_code);
    split.bytes_follow.push_back(input_head.bytes_follow);
  }
  // Whatever followed the last head was read, so that a pipe's writer is
  // never cut off.
  EXPECT_EQ(in.peek(), std::char_traits<char>::eof());
  return split;
}

absl::Status SplitError(const std::string& input) {
  std::istringstream in(input);
  return ReadResponseHeads(in).status();
}

ResponseHead Head(
    int code,
    const std::vector<std::pair<std::string, std::string>>& fields = {}) {
  ResponseHead head;
  head.http_version = "HTTP/1.1";
  head.status_code = code;
  for (const auto& [name, value] : fields) {
    v1::HttpHeader& header = head.headers.emplace_back();
    header.set_name(name);
    header.set_value(value);
  }
  return head;
}

TEST(ReadResponseHeadsTest, OneHeadAloneHasNoBytesAfterIt) {
  // As `curl -s -D - -o /dev/null` prints it, and with the blank lines a
  // capture file or `echo` may add: those are not content.
  for (const std::string& input :
       {std::string(kOk), absl::StrCat(kOk, "\r\n\n"),
        absl::StrCat(kOk, "\n")}) {
    const Split split = SplitHeads(input);
    EXPECT_THAT(split.codes, ElementsAre(200));
    EXPECT_THAT(split.bytes_follow, ElementsAre(false));
  }
}

TEST(ReadResponseHeadsTest, BodyAfterTheFinalHeadIsContentNotAHead) {
  // curl -i: the body is never parsed, even when it holds a head itself.
  for (const std::string& body : {std::string("<html>"), std::string("HTTP"),
                                  std::string("<p>HTTP/1.1 200 OK\r\n\r\n</p>"),
                                  std::string(std::size_t{70} * 1024, 'x')}) {
    const Split split = SplitHeads(absl::StrCat(kOk, body));
    EXPECT_THAT(split.codes, ElementsAre(200)) << body.substr(0, 20);
    EXPECT_THAT(split.bytes_follow, ElementsAre(true)) << body.substr(0, 20);
  }
}

TEST(ReadResponseHeadsTest, InterimHeadsComeBeforeTheFinalOne) {
  const Split split =
      SplitHeads(absl::StrCat(kContinue, kEarlyHints, kOk, "<html>"));
  EXPECT_THAT(split.codes, ElementsAre(100, 103, 200));
  EXPECT_THAT(split.bytes_follow, ElementsAre(false, false, true));
}

TEST(ReadResponseHeadsTest, EveryHopOfARedirectChain) {
  // curl -sIL: each hop's head, no body, no separator.
  const Split split = SplitHeads(
      absl::StrCat("HTTP/1.1 301 Moved Permanently\r\nLocation: /a/\r\n"
                   "Content-Length: 169\r\n\r\n",
                   "HTTP/1.1 302 Found\r\nLocation: /b\r\n\r\n", kOk));
  EXPECT_THAT(split.codes, ElementsAre(301, 302, 200));
  EXPECT_THAT(split.bytes_follow, ElementsAre(false, false, false));
}

TEST(ReadResponseHeadsTest, BytesAfterAnInterimHeadMustBeAHead) {
  // A 1xx response ends with its header section: what follows is the
  // next head, and is reported as one when it is not.
  const absl::Status status = SplitError(absl::StrCat(kContinue, "<html>"));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(),
              HasSubstr("head 2 (after 100): line 1 is not a status line"));
}

TEST(ReadResponseHeadsTest, SwitchingProtocolsIsReadLikeAFinalHead) {
  const std::string upgrade =
      "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
      "Upgrade: h2c\r\n\r\n";
  // curl --http2 over cleartext prints the HTTP/2 head after the 101.
  Split split = SplitHeads(absl::StrCat(upgrade, "HTTP/2 200 \r\n\r\n"));
  EXPECT_THAT(split.codes, ElementsAre(101, 200));
  // Other bytes are the new protocol's, not a head.
  split = SplitHeads(absl::StrCat(upgrade, "\x81\x05hello"));
  EXPECT_THAT(split.codes, ElementsAre(101));
  EXPECT_THAT(split.bytes_follow, ElementsAre(true));
}

TEST(ReadResponseHeadsTest, LimitsTheNumberOfHeads) {
  std::string input;
  for (int i = 0; i < kMaxHeads; ++i) input += kContinue;
  EXPECT_EQ(SplitHeads(input).codes.size(), static_cast<size_t>(kMaxHeads));
  const absl::Status status = SplitError(input + kOk);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("more than 100 response heads"));
}

TEST(ReadResponseHeadsTest, ErrorsInTheFirstHeadAreTheParsersOwn) {
  EXPECT_EQ(SplitError("").message(), "there is no response head on the input");
  EXPECT_THAT(SplitError("<!doctype html>\n").message(),
              HasSubstr("line 1 is not a status line"));
  // A later head that does not end within the limit names its place.
  EXPECT_THAT(SplitError(absl::StrCat(kContinue, "HTTP/1.1 200 OK\r\n",
                                      std::string(std::size_t{70} * 1024, 'x')))
                  .message(),
              HasSubstr("head 2 (after 100): the response head does not end"));
}

TEST(ReadResponseHeadsTest, ReadResponseHeadFromContinuesTakenBytes) {
  std::istringstream in("1.1 204 No Content\r\n\r\nrest");
  absl::StatusOr<std::string> head = ReadResponseHeadFrom("HTTP/", in);
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(*head, "HTTP/1.1 204 No Content\r\n\r\n");
  std::istringstream short_in("x\r\n\r\n");
  EXPECT_EQ(ReadResponseHeadFrom("HTTP/1.1 200 OK\r\nX: ", short_in, 20)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(InferHasContentTest, FramingAnnouncesContent) {
  EXPECT_TRUE(
      InferHasContent(Head(404, {{"Content-Length", "341"}}), "GET", false));
  EXPECT_TRUE(
      InferHasContent(Head(200, {{"content-length", "5, 5"}}), "GET", false));
  EXPECT_TRUE(InferHasContent(Head(200, {{"Transfer-Encoding", "chunked"}}),
                              "POST", false));
  // Not knowing the method does not rule content out.
  EXPECT_TRUE(
      InferHasContent(Head(500, {{"Content-Length", "12"}}), "", false));
  // A 4xx to CONNECT is not a tunnel.
  EXPECT_TRUE(
      InferHasContent(Head(407, {{"Content-Length", "12"}}), "CONNECT", false));
}

TEST(InferHasContentTest, NoContentWithoutFramingOrBytes) {
  EXPECT_FALSE(InferHasContent(Head(200), "GET", false));
  EXPECT_FALSE(
      InferHasContent(Head(200, {{"Content-Length", "0"}}), "GET", false));
  // Malformed or disagreeing lengths announce nothing; the grammar rules
  // report them.
  for (const std::string& length : {"5, 6", "abc", "-1", "", "1e3"}) {
    EXPECT_FALSE(
        InferHasContent(Head(200, {{"Content-Length", length}}), "GET", false))
        << length;
  }
  EXPECT_TRUE(InferHasContent(Head(200), "GET", /*bytes_follow=*/true));
}

TEST(InferHasContentTest, SomeResponsesNeverHaveContent) {
  const std::vector<std::pair<std::string, std::string>> framing = {
      {"Content-Length", "75"}, {"Transfer-Encoding", "chunked"}};
  for (int code : {100, 103, 204, 304}) {
    EXPECT_FALSE(InferHasContent(Head(code, framing), "GET", true)) << code;
  }
  EXPECT_FALSE(InferHasContent(Head(200, framing), "HEAD", true));
  EXPECT_FALSE(InferHasContent(Head(404, framing), "HEAD", true));
  EXPECT_FALSE(InferHasContent(Head(200, framing), "CONNECT", true));
}

}  // namespace
}  // namespace statusinfo::cli
