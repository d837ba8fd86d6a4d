// Tests of `statusinfo check` on whole inputs (content inference, several
// heads, the request's version, request fields over the limits, exit
// statuses, the reason-phrase switch) and of `help SUBCOMMAND`: RunCli with
// string streams against an in-process server on a free port.
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/cli/commands.h"
#include "client/cli/repeated_flag.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/client/cli_fixture.h"
#include "tests/server/test_server.h"
#include "tests/support/cli_runs.h"

namespace statusinfo::cli {
namespace {

using ::statusinfo::testing::CliResult;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kDate[] = "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n";

std::string CapturedHead(const std::string& name) {
  std::ifstream file(absl::StrCat(STATUSINFO_REAL_HEADS_DIR, "/", name),
                     std::ios::binary);
  EXPECT_TRUE(file.good()) << name;
  return {std::istreambuf_iterator<char>(file), {}};
}

// `curl -i` of a POST that waited for 100 Continue: two heads, then the body.
std::string ContinueThenOk() {
  return absl::StrCat("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n", kDate,
                      "Content-Length: 5\r\n\r\nhello");
}

// CliTest's server and client (cli_fixture.h), with `check` as the default.
class CliCheckTest : public CliTest {
 protected:
  // `statusinfo check` (or `args`) with `input` on standard input.
  CliResult Check(const std::string& input, const CliOptions& options,
                  const std::vector<std::string>& args = {"check"}) {
    return RunWithInput(args, input, options);
  }

  static CliOptions Method(const std::string& method) {
    CliOptions options;
    options.method = method;
    return options;
  }
};

// The README's `curl -s -D - -o /dev/null URL | statusinfo check
// --method=GET`: nginx's 404 page has Content-Length: 153 and no body on
// the input, and it is known to have content.
TEST_F(CliCheckTest, ContentLengthShowsContent) {
  const std::string head = CapturedHead("nginx_missing_404.http");
  CliResult run = Check(head, Method("GET"));
  EXPECT_EQ(run.exit_code, kExitOk) << run.out << run.err;
  EXPECT_THAT(run.out, AllOf(HasSubstr("404 to GET, 5 header fields, with "
                                       "content"),
                             Not(HasSubstr("4xx-explanation")),
                             HasSubstr("Result: valid (0 errors, 0 warnings")));
  // --has_content=false overrides the inference.
  CliOptions options = Method("GET");
  options.has_content = false;
  run = Check(head, options);
  EXPECT_THAT(run.out, AllOf(HasSubstr("no content"),
                             HasSubstr("WARNING 4xx-explanation")));
  // The answer to HEAD never has content, whatever its framing.
  run = Check(head, Method("HEAD"));
  EXPECT_THAT(run.out, HasSubstr("404 to HEAD, 5 header fields, no content"));
}

TEST_F(CliCheckTest, ChunkedFramingAndBytesAfterTheHeadShowContent) {
  CliResult run = Check(CapturedHead("nginx_gzip_chunked.http"), Method("GET"));
  EXPECT_EQ(run.exit_code, kExitOk) << run.out;
  EXPECT_THAT(run.out, HasSubstr("with content"));
  // No framing (content up to the end of the connection), but a body.
  const std::string head = absl::StrCat("HTTP/1.1 503 Service Unavailable\r\n",
                                        kDate, "Connection: close\r\n\r\n");
  run = Check(head + "<h1>down</h1>", Method("GET"));
  EXPECT_THAT(run.out, AllOf(HasSubstr("with content"),
                             Not(HasSubstr("5xx-explanation"))));
  run = Check(head, Method("GET"));
  EXPECT_THAT(run.out,
              AllOf(HasSubstr("no content"), HasSubstr("5xx-explanation")));
}

TEST_F(CliCheckTest, EveryHeadIsCheckedInOrder) {
  CliResult run = Check(ContinueThenOk(), Method("POST"));
  EXPECT_EQ(run.exit_code, kExitOk) << run.out << run.err;
  const std::vector<std::string> lines = absl::StrSplit(run.out, '\n');
  std::vector<std::string> headings;
  for (const std::string& line : lines) {
    if (absl::StartsWith(line, "Head ") ||
        absl::StartsWith(line, "Response:") ||
        absl::StartsWith(line, "Result")) {
      headings.push_back(line);
    }
  }
  EXPECT_THAT(
      headings,
      ElementsAre("Head 1 of 2:",
                  "Response: 100 to POST, 0 header fields, "
                  "no content",
                  "Result: valid (0 errors, 0 warnings, 0 info)",
                  "Head 2 of 2:",
                  "Response: 200 to POST, 2 header fields, with content",
                  "Result: valid (0 errors, 0 warnings, 0 info)",
                  "Result of 2 heads: valid (0 errors, 0 warnings, 0 info)"));
}

TEST_F(CliCheckTest, JsonIsOneDocumentPerHead) {
  CliOptions options = Method("POST");
  options.json = true;
  const CliResult run = Check(ContinueThenOk(), options);
  EXPECT_EQ(run.exit_code, kExitOk) << run.err;
  const std::vector<std::string> documents =
      absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(documents.size(), 2u) << run.out;
  std::vector<int> codes;
  for (const std::string& document : documents) {
    google::protobuf::Struct parsed;
    ASSERT_TRUE(
        google::protobuf::util::JsonStringToMessage(document, &parsed).ok())
        << document;
    const auto& request = parsed.fields().at("request").struct_value();
    codes.push_back(
        static_cast<int>(request.fields().at("statusCode").number_value()));
  }
  EXPECT_THAT(codes, ElementsAre(100, 200));
}

// --has_content is about the last head: the 100 before it does not get
// the 200's body (which once gave a false 1xx-no-content ERROR).
TEST_F(CliCheckTest, HasContentIsAboutTheLastHead) {
  CliOptions options = Method("POST");
  options.has_content = true;
  const CliResult run = Check(ContinueThenOk(), options);
  EXPECT_EQ(run.exit_code, kExitOk) << run.out;
  EXPECT_THAT(run.out, Not(HasSubstr("1xx-no-content")));
}

// Exit 1 when any head has an ERROR, not only the last.
TEST_F(CliCheckTest, ExitStatusComesFromEveryHead) {
  const std::string unauthorized =
      absl::StrCat("HTTP/1.1 401 Unauthorized\r\n", kDate, "\r\n");
  const std::string ok = absl::StrCat("HTTP/1.1 200 OK\r\n", kDate, "\r\n");
  CliResult run = Check(unauthorized + ok, CliOptions{});
  EXPECT_EQ(run.exit_code, kExitFailure) << run.out;
  EXPECT_THAT(run.out, AllOf(HasSubstr("Head 1 of 2:"),
                             HasSubstr("ERROR   401-www-authenticate"),
                             HasSubstr("Result of 2 heads: not valid")));
  EXPECT_EQ(Check(ok + ok, CliOptions{}).exit_code, kExitOk);
}

TEST_F(CliCheckTest, RequestVersionReachesTheClientVersionRules) {
  const std::string hints = absl::StrCat(
      "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n",
      "HTTP/1.1 200 OK\r\n", kDate, "Content-Length: 5\r\n\r\nhello");
  CliOptions options = Method("GET");
  options.request_version = "HTTP/1.0";
  CliResult run = Check(hints, options);
  EXPECT_EQ(run.exit_code, kExitFailure) << run.out;
  EXPECT_THAT(run.out, HasSubstr("ERROR   1xx-http10"));
  run = Check(CapturedHead("nginx_gzip_chunked.http"), options);
  EXPECT_EQ(run.exit_code, kExitFailure) << run.out;
  EXPECT_THAT(run.out, HasSubstr("ERROR   transfer-encoding-client-http10"));

  options.json = true;
  run = Check(CapturedHead("nginx_get_200.http"), options);
  EXPECT_THAT(run.out, HasSubstr("\"httpVersion\":\"HTTP/1.0\""));
  for (const std::string& version : {"HTTP/1.1", "HTTP/2", "HTTP/3"}) {
    options.json = false;
    options.request_version = version;
    run = Check(hints, options);
    EXPECT_EQ(run.exit_code, kExitOk) << version << run.out;
  }
  for (const std::string& version : {"http/1.1", "HTTP/2.0", "1.1", "HTTP/1"}) {
    options.request_version = version;
    run = Check(hints, options);
    EXPECT_EQ(run.exit_code, kExitUsage) << version;
    EXPECT_THAT(run.err, StartsWith("statusinfo: --request_version: "));
    EXPECT_THAT(run.out, IsEmpty());
  }
}

TEST_F(CliCheckTest, RequestFieldsOverTheLimitsAreLeftOut) {
  CliOptions options = Method("GET");
  options.request_headers = {"Range: bytes=0-9",
                             "X-Big: " + std::string(8193, 'v'),
                             std::string(257, 'N') + ": x"};
  CliResult run = Check(CapturedHead("nginx_range_206.http"), options);
  EXPECT_EQ(run.exit_code, kExitOk) << run.out << run.err;
  EXPECT_THAT(
      run.out,
      AllOf(HasSubstr("Input:\n  INFO    request-field-over-limit: "
                      "--request_header \"X-Big\" has a value of 8193 bytes; "
                      "the limit is 8192 bytes"),
            HasSubstr("has a name of 257 bytes; the limit is 256 bytes"),
            // The Range still counts.
            HasSubstr("(request fields: Range)"),
            Not(HasSubstr("206-range-request")),
            HasSubstr("Result: valid (0 errors, 0 warnings, 2 info)")));

  options.request_headers.assign(300, "X-Many: 1");
  options.json = true;
  run = Check(CapturedHead("nginx_get_200.http"), options);
  EXPECT_EQ(run.exit_code, kExitOk) << run.err;
  EXPECT_THAT(run.out, AllOf(HasSubstr("\"inputFindings\":[{\"ruleId\":"
                                       "\"request-field-over-limit\""),
                             HasSubstr("the last 44 were left out")));
  // 256 fields sent, each in the request's JSON.
  const std::vector<absl::string_view> parts =
      absl::StrSplit(run.out, "X-Many");
  EXPECT_EQ(parts.size(), 257u);
}

TEST_F(CliCheckTest, ReasonPhraseAdviceCanBeLeftOut) {
  const std::string former =
      absl::StrCat("HTTP/1.1 413 Request Entity Too Large\r\n", kDate,
                   "Content-Length: 0\r\n\r\n");
  CliOptions options;
  CliResult run = Check(CapturedHead("nginx_post_static.http"), options);
  EXPECT_THAT(run.out, HasSubstr("INFO    status-line-phrase-differs"));
  run = Check(former, options);
  EXPECT_THAT(run.out, HasSubstr("INFO    status-line-phrase-former"));

  options.reason_phrase_advice = false;
  run = Check(CapturedHead("nginx_post_static.http"), options);
  EXPECT_EQ(run.exit_code, kExitFailure);  // nginx's 405 has no Allow
  EXPECT_THAT(run.out, AllOf(Not(HasSubstr("status-line-phrase")),
                             HasSubstr("ERROR   405-allow")));
  run = Check(former, options);
  EXPECT_THAT(run.out, Not(HasSubstr("status-line-phrase")));
}

TEST_F(CliCheckTest, ExitStatuses) {
  const std::string ok = CapturedHead("nginx_head_200.http");
  EXPECT_EQ(Check(ok, CliOptions{}).exit_code, kExitOk);
  EXPECT_EQ(
      Check(CapturedHead("nginx_post_static.http"), CliOptions{}).exit_code,
      kExitFailure);
  EXPECT_EQ(Check(ok, Method("G T")).exit_code, kExitUsage);
  EXPECT_EQ(Check("not a head\r\n\r\n", CliOptions{}).exit_code, kExitUsage);
  // A later head that is not one is named, and nothing is checked.
  CliResult bad_second = Check(ok + "HTTP/2 abc\r\n\r\n", CliOptions{});
  EXPECT_EQ(bad_second.exit_code, kExitUsage);
  EXPECT_EQ(bad_second.err,
            "statusinfo: check: head 2: the status line has no status code\n");
  EXPECT_THAT(bad_second.out, IsEmpty());
  // A head the server refuses (a value over 8192 bytes) cannot be checked:
  // bad input, with the server's message naming the field.
  CliResult run =
      Check(absl::StrCat("HTTP/1.1 200 OK\r\nX-Big: ", std::string(8193, 'v'),
                         "\r\n\r\n"),
            CliOptions{});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_THAT(run.err,
              AllOf(StartsWith("statusinfo: "), HasSubstr("headers[0].value")));

  // A server that cannot be reached is not an ERROR finding: 3.
  const int port = server_->port();
  server_->Shutdown(absl::ZeroDuration());
  server_.reset();
  client::ClientOptions options;
  options.target = absl::StrCat("127.0.0.1:", port);
  client_ = client::StatusInfoClient::Create(options).value();
  run = Check(ok, CliOptions{});
  EXPECT_EQ(run.exit_code, kExitUnavailable);
  EXPECT_THAT(run.err, HasSubstr("UNAVAILABLE"));
  EXPECT_THAT(run.out, IsEmpty());
  // The other subcommands keep 1 for any failed call.
  EXPECT_EQ(Check("", CliOptions{}, {"get", "200"}).exit_code, kExitFailure);
}

TEST_F(CliCheckTest, HelpShowsASubcommandsUsageAndFlags) {
  CliResult run = Check("", CliOptions{}, {"help", "check"});
  EXPECT_EQ(run.exit_code, kExitOk) << run.err;
  EXPECT_THAT(
      run.out,
      AllOf(StartsWith("Usage: statusinfo [flags] check [FILE]\n"),
            HasSubstr("curl -sIL"), HasSubstr("\n  --method"),
            HasSubstr("\n  --request_version"),
            HasSubstr("\n  --request_header"), HasSubstr("\n  --has_content"),
            HasSubstr("\n  --reason_phrase_advice"),
            HasSubstr("Exit status: 0 no ERROR finding; 1 an ERROR "
                      "finding; 2 usage error"),
            HasSubstr("3 the server cannot be reached or fails")));
  for (const Command& command : Commands()) {
    run = Check("", CliOptions{}, {"help", command.name});
    EXPECT_EQ(run.exit_code, kExitOk) << command.name;
    EXPECT_THAT(run.out, AllOf(HasSubstr(absl::StrCat("] ", command.name)),
                               HasSubstr(command.help)));
  }
  EXPECT_THAT(Check("", CliOptions{}, {"help", "list"}).out,
              AllOf(HasSubstr("\n  --class"), HasSubstr("\n  --unofficial"),
                    HasSubstr("Exit status: 0 success; 1 the server said no")));
  EXPECT_THAT(Check("", CliOptions{}, {"help"}).out,
              HasSubstr("statusinfo help SUBCOMMAND"));
  run = Check("", CliOptions{}, {"help", "nope"});
  EXPECT_EQ(run.exit_code, kExitUsage);
  EXPECT_THAT(run.err, HasSubstr("unknown subcommand \"nope\""));
  EXPECT_EQ(Check("", CliOptions{}, {"help", "check", "get"}).exit_code,
            kExitUsage);
}

TEST(HasFlagTest, FindsEverySpellingBeforeDashDash) {
  std::vector<std::string> storage;
  const auto args = [&storage](std::vector<std::string> list) {
    storage = std::move(list);
    std::vector<char*> pointers;
    pointers.reserve(storage.size());
    for (std::string& arg : storage) pointers.push_back(arg.data());
    return pointers;
  };
  for (const std::string& spelling :
       {"--has_content", "-has_content", "--has_content=false",
        "--nohas_content", "-nohas_content", "--has_content=true"}) {
    EXPECT_TRUE(HasFlag("has_content",
                        args({"statusinfo", "--json", spelling, "check"})))
        << spelling;
  }
  for (const std::vector<std::string>& list :
       std::vector<std::vector<std::string>>{
           {"statusinfo", "check"},
           {"has_content", "check"},  // args[0] is the program
           {"statusinfo", "---has_content", "check"},
           {"statusinfo", "--has_content_x", "check"},
           {"statusinfo", "has_content"},
           {"statusinfo", "check", "--", "--has_content"}}) {
    EXPECT_FALSE(HasFlag("has_content", args(list))) << list[1];
  }
}

}  // namespace
}  // namespace statusinfo::cli
