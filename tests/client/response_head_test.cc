// Tests of the response-head parser behind `statusinfo check`.
#include "client/cli/response_head.h"

#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace statusinfo::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

MATCHER_P2(Header, name, value, "") {
  return arg.name() == name && arg.value() == value;
}

absl::StatusOr<ResponseHead> Parse(const std::string& text) {
  return ParseResponseHead(text);
}

TEST(ResponseHeadTest, ParsesCrlfHead) {
  absl::StatusOr<ResponseHead> head = Parse(
      "HTTP/1.1 404 Not Found\r\nServer: nginx\r\nContent-Length: 153\r\n"
      "\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->status_line, "HTTP/1.1 404 Not Found\r\n");
  EXPECT_EQ(head->http_version, "HTTP/1.1");
  EXPECT_EQ(head->status_code, 404);
  EXPECT_THAT(head->headers, ElementsAre(Header("Server", "nginx"),
                                         Header("Content-Length", "153")));
  EXPECT_THAT(head->head_findings, IsEmpty());
}

TEST(ResponseHeadTest, ParsesLfHeadAndKeepsTheStatusLineTerminator) {
  absl::StatusOr<ResponseHead> head = Parse("HTTP/1.1 200 OK\nDate: x\n\n");
  ASSERT_TRUE(head.ok()) << head.status();
  // The bare LF stays, so that ValidateStatusLine can report it.
  EXPECT_EQ(head->status_line, "HTTP/1.1 200 OK\n");
  EXPECT_THAT(head->headers, ElementsAre(Header("Date", "x")));
}

TEST(ResponseHeadTest, StopsAtTheFirstEmptyLine) {
  absl::StatusOr<ResponseHead> head = Parse(
      "HTTP/1.1 200 OK\r\nA: 1\r\n\r\nbody: not a header\r\nmore body\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_THAT(head->headers, ElementsAre(Header("A", "1")));
}

TEST(ResponseHeadTest, AcceptsAHeadWithoutTheFinalEmptyLine) {
  absl::StatusOr<ResponseHead> head = Parse("HTTP/1.1 204 No Content\r\nA: 1");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->status_code, 204);
  EXPECT_THAT(head->headers, ElementsAre(Header("A", "1")));
}

TEST(ResponseHeadTest, SkipsLeadingEmptyLines) {
  absl::StatusOr<ResponseHead> head = Parse("\r\n\nHTTP/1.0 200 OK\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->http_version, "HTTP/1.0");
  EXPECT_EQ(head->status_code, 200);
}

TEST(ResponseHeadTest, TrimsValuesButKeepsNamesAsSent) {
  absl::StatusOr<ResponseHead> head = Parse(
      "HTTP/1.1 200 OK\r\nA:\t one two \t\r\nBad Name : v\r\nEmpty:\r\n"
      ":no-name\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  // Whitespace before the colon is kept: field-name-token reports it.
  EXPECT_THAT(head->headers,
              ElementsAre(Header("A", "one two"), Header("Bad Name ", "v"),
                          Header("Empty", ""), Header("", "no-name")));
}

TEST(ResponseHeadTest, KeepsABareCrInAValue) {
  absl::StatusOr<ResponseHead> head =
      Parse("HTTP/1.1 200 OK\r\nX-Note: a\rb\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_THAT(head->headers, ElementsAre(Header("X-Note", "a\rb")));
}

TEST(ResponseHeadTest, UnfoldsObsFoldAndReportsIt) {
  absl::StatusOr<ResponseHead> head = Parse(
      "HTTP/1.1 200 OK\r\nX-Long: first\r\n  second\r\n\tthird\r\n"
      "X-Empty:\r\n after\r\nB: 2\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_THAT(head->headers,
              ElementsAre(Header("X-Long", "first second third"),
                          Header("X-Empty", "after"), Header("B", "2")));
  ASSERT_EQ(head->head_findings.size(), 3);
  for (const v1::Finding& finding : head->head_findings) {
    EXPECT_EQ(finding.rule_id(), kHeadObsFoldRule);
    EXPECT_EQ(finding.severity(), v1::SEVERITY_ERROR);
    EXPECT_EQ(finding.reference(), "RFC 9112, Section 5.2");
  }
  EXPECT_THAT(head->head_findings[0].message(), HasSubstr("Line 3"));
}

TEST(ResponseHeadTest, IgnoresWhitespaceLineAfterTheStatusLine) {
  absl::StatusOr<ResponseHead> head =
      Parse("HTTP/1.1 200 OK\r\n Sneaky: 1\r\nA: 1\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_THAT(head->headers, ElementsAre(Header("A", "1")));
  ASSERT_EQ(head->head_findings.size(), 1);
  EXPECT_EQ(head->head_findings[0].rule_id(),
            kHeadWhitespaceAfterStatusLineRule);
  EXPECT_EQ(head->head_findings[0].reference(), "RFC 9112, Section 2.2");
}

TEST(ResponseHeadTest, ReadsHttp2HeadAsCurlPrintsIt) {
  absl::StatusOr<ResponseHead> head =
      Parse("HTTP/2 200 \r\ncontent-type: text/html\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->http_version, "HTTP/2");
  EXPECT_EQ(head->status_code, 200);
  EXPECT_TRUE(HasNoStatusLine(head->http_version));
  EXPECT_TRUE(HasNoStatusLine("HTTP/3"));
  EXPECT_FALSE(HasNoStatusLine("HTTP/1.1"));
  EXPECT_FALSE(HasNoStatusLine("HTTP/1.2"));
}

TEST(ResponseHeadTest, LeavesOddStatusLinesToTheServer) {
  // Lenient here: ValidateStatusLine reports what is wrong.
  absl::StatusOr<ResponseHead> head = Parse("HTTP/1.1  4040 x\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->status_code, 0);
  head = Parse("http/1.1 200 OK\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->http_version, "http/1.1");
  head = Parse("HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->status_code, 0);
}

TEST(ResponseHeadTest, ReplacesOctetsThatAreNotUtf8) {
  absl::StatusOr<ResponseHead> head =
      Parse("HTTP/1.1 200 Caf\xe9\r\nX-Name: caf\xe9 \xc3\xa9\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->status_line, "HTTP/1.1 200 Caf\xef\xbf\xbd\r\n");
  EXPECT_THAT(head->headers,
              ElementsAre(Header("X-Name", "caf\xef\xbf\xbd \xc3\xa9")));
  // The version too (found by check_input_fuzzer): it becomes the request's
  // http_version, which protobuf refuses to send when it is not UTF-8.
  head = Parse("HTTP/\xda\xda 200 OK\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->http_version, "HTTP/\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(ResponseHeadTest, RejectsInputThatIsNotAHead) {
  for (const std::string input :
       {"", "\r\n\r\n", "Content-Type: text/html\r\n\r\n", "<html>\r\n",
        "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"}) {
    absl::StatusOr<ResponseHead> head = Parse(input);
    EXPECT_EQ(head.status().code(), absl::StatusCode::kInvalidArgument)
        << input;
  }
  EXPECT_THAT(
      Parse("HTTP/1.1 200 OK\r\nA: 1\r\nno colon\r\n").status().message(),
      HasSubstr("line 3"));
}

TEST(ResponseHeadTest, ReadStopsAfterTheEmptyLine) {
  std::istringstream in("HTTP/1.1 200 OK\r\nA: 1\r\n\r\nBODY");
  absl::StatusOr<std::string> raw = ReadResponseHead(in);
  ASSERT_TRUE(raw.ok()) << raw.status();
  EXPECT_EQ(*raw, "HTTP/1.1 200 OK\r\nA: 1\r\n\r\n");
  std::string rest;
  std::getline(in, rest);
  EXPECT_EQ(rest, "BODY");  // the body is not consumed
}

TEST(ResponseHeadTest, ReadSkipsLeadingEmptyLinesAndAcceptsEof) {
  std::istringstream in("\r\n\nHTTP/1.1 200 OK\nA: 1\n");
  absl::StatusOr<std::string> raw = ReadResponseHead(in);
  ASSERT_TRUE(raw.ok()) << raw.status();
  EXPECT_EQ(*raw, "\r\n\nHTTP/1.1 200 OK\nA: 1\n");
}

TEST(ResponseHeadTest, ReadRejectsEmptyAndOverlongInput) {
  std::istringstream empty("");
  EXPECT_EQ(ReadResponseHead(empty).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::istringstream blank("\r\n\n");
  EXPECT_EQ(ReadResponseHead(blank).status().code(),
            absl::StatusCode::kInvalidArgument);

  const std::string head = "HTTP/1.1 200 OK\r\nA: 1\r\n\r\n";
  std::istringstream exact(head);
  EXPECT_TRUE(ReadResponseHead(exact, head.size()).ok());
  std::istringstream longer(head);
  absl::StatusOr<std::string> raw = ReadResponseHead(longer, head.size() - 1);
  EXPECT_EQ(raw.status().code(), absl::StatusCode::kInvalidArgument);

  std::istringstream endless("HTTP/1.1 200 OK\r\n" +
                             std::string(kMaxHeadBytes, 'x'));
  raw = ReadResponseHead(endless);
  EXPECT_EQ(raw.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(raw.status().message(), HasSubstr("64 KiB"));
}

TEST(ResponseHeadTest, ToValidateResponseRequestCarriesEverything) {
  absl::StatusOr<ResponseHead> head =
      Parse("HTTP/1.0 304 Not Modified\r\nETag: \"x\"\r\nDate: d\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  const v1::ValidateResponseRequest request =
      ToValidateResponseRequest(*head, "GET", /*has_content=*/true);
  EXPECT_EQ(request.request().method(), "GET");
  EXPECT_EQ(request.status_code(), 304);
  EXPECT_EQ(request.http_version(), "HTTP/1.0");
  EXPECT_TRUE(request.has_content());
  ASSERT_EQ(request.headers_size(), 2);
  EXPECT_EQ(request.headers(0).name(), "ETag");
  EXPECT_EQ(request.headers(0).value(), "\"x\"");
  EXPECT_THAT(request.request().headers(), IsEmpty());
}

}  // namespace
}  // namespace statusinfo::cli
