// Tests of the CLI's `validate-line` and `check` of one head, with the
// request flags check takes (--request_header, --method): RunCli with string
// streams against an in-process server on a free port.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/cli/commands.h"
#include "client/cli/repeated_flag.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/client/cli_fixture.h"

namespace statusinfo::cli {
namespace {

using ::statusinfo::testing::CliResult;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

// The text of a captured head (tests/data/real_heads).
std::string RealHead(const std::string& name) {
  std::ifstream file(absl::StrCat(STATUSINFO_REAL_HEADS_DIR, "/", name),
                     std::ios::binary);
  EXPECT_TRUE(file.good()) << name;
  return std::string(std::istreambuf_iterator<char>(file), {});
}

TEST_F(CliTest, ValidateLinePrintsPartsAndFindings) {
  CliResult result = Run({"validate-line", "HTTP/1.1 404 Not Found"});
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_THAT(result.out,
              AllOf(HasSubstr("Valid:       yes"), HasSubstr("HTTP/1.1"),
                    HasSubstr("Code:        404"), HasSubstr("\"Not Found\""),
                    HasSubstr("no findings")));

  // Unquoted words are joined by one space.
  EXPECT_EQ(Run({"validate-line", "HTTP/1.1", "200", "OK"}).exit_code, kExitOk);

  result = Run({"validate-line", "HTTP/1.1 404"});
  EXPECT_EQ(result.exit_code, kExitFailure);
  EXPECT_THAT(result.out, AllOf(HasSubstr("Valid:       no"),
                                HasSubstr("ERROR   status-line-missing-sp")));
  EXPECT_THAT(result.err, IsEmpty());  // a verdict, not an error
}

TEST_F(CliTest, ValidateLineJsonAndLimits) {
  CliResult result = Run({"validate-line", "HTTP/2 200 OK"}, Json());
  EXPECT_EQ(result.exit_code, kExitFailure);
  v1::ValidateStatusLineResponse response =
      ParseJson<v1::ValidateStatusLineResponse>(result.out);
  EXPECT_FALSE(response.valid());
  ASSERT_GT(response.findings_size(), 0);
  EXPECT_EQ(response.findings(0).rule_id(),
            "status-line-version-no-status-line");

  result = Run({"validate-line", "HTTP/1.1 200 " + std::string(9000, 'a')});
  EXPECT_EQ(result.exit_code, kExitFailure);
  ExpectOneErrorLine(result);
  EXPECT_THAT(result.err, HasSubstr("status_line"));
}

TEST_F(CliTest, CheckAcceptsARealNginxHead) {
  CliResult result = Run({"check", absl::StrCat(STATUSINFO_REAL_HEADS_DIR,
                                                "/nginx_auth_401.http")},
                         Check("GET", /*has_content=*/true));
  EXPECT_EQ(result.exit_code, kExitOk) << result.out << result.err;
  EXPECT_THAT(
      result.out,
      AllOf(HasSubstr("Status line: \"HTTP/1.1 401 Unauthorized\\r\\n\""),
            HasSubstr("Response: 401 to GET, 6 header fields, with "
                      "content"),
            HasSubstr("Result: valid (0 errors")));
  EXPECT_THAT(result.err, IsEmpty());
}

TEST_F(CliTest, CheckReadsStandardInputAndReportsErrors) {
  // nginx's 401 without its WWW-Authenticate line.
  std::string head = RealHead("nginx_auth_401.http");
  const size_t at = head.find("WWW-Authenticate:");
  ASSERT_NE(at, std::string::npos);
  head.erase(at, head.find('\n', at) + 1 - at);
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"check"}, {"check", "-"}}) {
    CliResult result = RunWithInput(args, head);
    EXPECT_EQ(result.exit_code, kExitFailure) << result.err;
    EXPECT_THAT(result.out, AllOf(HasSubstr("ERROR   401-www-authenticate: "),
                                  HasSubstr("[RFC 9110, Section 15.5.2]"),
                                  HasSubstr("Result: not valid (1 error")));
    EXPECT_THAT(result.err, IsEmpty());
  }
}

TEST_F(CliTest, CheckDefaultsToHeadWithoutContent) {
  const std::string head =
      "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
      "Content-Length: 10\r\n\r\nbody bytes";
  CliResult result = RunWithInput({"check"}, head);
  EXPECT_EQ(result.exit_code, kExitOk) << result.out;
  EXPECT_THAT(result.out, HasSubstr("Response: 200 to HEAD"));

  // Content in a response to HEAD is an error.
  result = RunWithInput({"check"}, head, Check("HEAD", /*has_content=*/true));
  EXPECT_EQ(result.exit_code, kExitFailure);
  EXPECT_THAT(result.out, HasSubstr("ERROR   head-no-content"));
  result = RunWithInput({"check"}, head, Check("GET", /*has_content=*/true));
  EXPECT_EQ(result.exit_code, kExitOk) << result.out;
}

TEST_F(CliTest, CheckSkipsTheStatusLineOfHttp2) {
  // As `curl -sI` prints an HTTP/2 response: lower-case names, and a
  // trailing space after the code.
  const std::string head =
      "HTTP/2 200 \r\ndate: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
      "content-type: text/html\r\ncontent-length: 1256\r\n\r\n";
  CliResult result = RunWithInput({"check"}, head);
  EXPECT_EQ(result.exit_code, kExitOk) << result.out << result.err;
  EXPECT_THAT(result.out,
              AllOf(HasSubstr("Status line: not checked: HTTP/2 has no status "
                              "line"),
                    Not(HasSubstr("status-line-version-no-status-line")),
                    HasSubstr("Response: 200 to HEAD, 3 header fields")));

  result = RunWithInput({"check"}, head, Json());
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  auto parsed = ParseJson<google::protobuf::Struct>(result.out);
  EXPECT_FALSE(parsed.fields().contains("statusLine"));
  EXPECT_EQ(parsed.fields()
                .at("request")
                .struct_value()
                .fields()
                .at("httpVersion")
                .string_value(),
            "HTTP/2");
}

TEST_F(CliTest, CheckReportsHeadFraming) {
  const std::string head =
      "HTTP/1.1 200 OK\nDate: Sun, 06 Nov 1994 08:49:37 GMT\nX-Long: a\n b\n\n";
  CliResult result = RunWithInput({"check"}, head);
  EXPECT_EQ(result.exit_code, kExitFailure);
  EXPECT_THAT(result.out, AllOf(HasSubstr("WARNING status-line-bare-lf"),
                                HasSubstr("Head:"),
                                HasSubstr("ERROR   head-obs-fold: Line 4")));
}

TEST_F(CliTest, CheckJsonHasEveryPart) {
  CliResult result =
      RunWithInput({"check"}, RealHead("nginx_post_static.http"), Json());
  // nginx sends no Allow in its 405 (see tests/data/real_heads/README.md).
  EXPECT_EQ(result.exit_code, kExitFailure) << result.err;
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 1);
  auto parsed = ParseJson<google::protobuf::Struct>(result.out);
  const auto& fields = parsed.fields();
  ASSERT_TRUE(fields.contains("statusLine"));
  ASSERT_TRUE(fields.contains("request"));
  ASSERT_TRUE(fields.contains("response"));
  EXPECT_FALSE(fields.contains("headFindings"));
  EXPECT_EQ(fields.at("statusLine")
                .struct_value()
                .fields()
                .at("statusCode")
                .number_value(),
            405);
  const auto& findings =
      fields.at("response").struct_value().fields().at("findings").list_value();
  ASSERT_GT(findings.values_size(), 0);
  EXPECT_EQ(
      findings.values(0).struct_value().fields().at("ruleId").string_value(),
      "405-allow");
}

TEST_F(CliTest, CheckInputErrorsExitTwo) {
  for (const std::string& input : std::vector<std::string>{
           "", "\r\n", "<!doctype html>\n", "Server: nginx\r\n\r\n",
           "HTTP/1.1 200 OK\r\nnot a header line\r\n\r\n", "HTTP/2 abc\r\n\r\n",
           "HTTP/1.1 200 OK\r\n" + std::string(std::size_t{70} * 1024, 'x')}) {
    CliResult result = RunWithInput({"check"}, input);
    EXPECT_EQ(result.exit_code, kExitUsage) << input.substr(0, 40);
    ExpectOneErrorLine(result);
    EXPECT_THAT(result.err, StartsWith("statusinfo: check: "));
  }
  CliResult result = Run({"check", "/no/such/file.http"});
  EXPECT_EQ(result.exit_code, kExitUsage);
  ExpectOneErrorLine(result);
  EXPECT_THAT(result.err, HasSubstr("/no/such/file.http"));
  EXPECT_EQ(Run({"check", "a", "b"}).exit_code, kExitUsage);
}

// nginx's 206 to `Range: bytes=0-9` (tests/data/real_heads/MANIFEST.tsv):
// 206-range-request is there only when the CLI is told of the request's
// fields (Host) but not of the Range; told of none, it says nothing.
TEST_F(CliTest, CheckPassesRangeSoA206IsNotFlagged) {
  const std::string head = RealHead("nginx_range_206.http");
  CliResult unknown = RunWithInput({"check"}, head, CheckGet({}, true));
  EXPECT_THAT(unknown.out, Not(HasSubstr("206-range-request")));
  CliResult without =
      RunWithInput({"check"}, head, CheckGet({"Host: localhost"}, true));
  EXPECT_EQ(without.exit_code, kExitOk) << without.out << without.err;
  EXPECT_THAT(without.out, HasSubstr("INFO    206-range-request: "));

  CliResult with =
      RunWithInput({"check"}, head, CheckGet({"Range: bytes=0-9"}, true));
  EXPECT_EQ(with.exit_code, kExitOk) << with.out << with.err;
  EXPECT_THAT(with.out,
              AllOf(Not(HasSubstr("206-range-request")),
                    HasSubstr("Response: 206 to GET (request fields: Range), "
                              "8 header fields, with content"),
                    HasSubstr("Result: valid (0 errors, 0 warnings, 0 info)")));
}

// nginx's 304 to `If-None-Match: "65937d25-4b"`: the same for
// 304-conditional, which If-Modified-Since satisfies as well.
TEST_F(CliTest, CheckPassesIfNoneMatchSoA304IsNotFlagged) {
  const std::string head = RealHead("nginx_if_none_match_304.http");
  CliResult unknown = RunWithInput({"check"}, head, CheckGet({}, false));
  EXPECT_THAT(unknown.out, Not(HasSubstr("304-conditional")));
  CliResult without =
      RunWithInput({"check"}, head, CheckGet({"Host: localhost"}, false));
  EXPECT_EQ(without.exit_code, kExitOk) << without.out << without.err;
  EXPECT_THAT(without.out, HasSubstr("INFO    304-conditional: "));

  for (const std::string& field : std::vector<std::string>{
           "If-None-Match: \"65937d25-4b\"",
           "If-Modified-Since: Tue, 02 Jan 2024 03:04:05 GMT"}) {
    CliResult with = RunWithInput({"check"}, head, CheckGet({field}, false));
    EXPECT_EQ(with.exit_code, kExitOk) << with.out << with.err;
    EXPECT_THAT(with.out, Not(HasSubstr("304-conditional"))) << field;
  }
}

TEST_F(CliTest, CheckJsonCarriesTheRequestHeaders) {
  CliOptions options =
      CheckGet({"Range: bytes=0-9", "If-Range:  \"65937d25-4b\" "}, true);
  options.json = true;
  CliResult result =
      RunWithInput({"check"}, RealHead("nginx_range_206.http"), options);
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  // The "request" member, back into its message.
  const auto parsed = ParseJson<google::protobuf::Struct>(result.out);
  std::string request_json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(
                  parsed.fields().at("request").struct_value(), &request_json)
                  .ok());
  const auto request = ParseJson<v1::ValidateResponseRequest>(request_json);
  ASSERT_EQ(request.request().headers_size(), 2);
  EXPECT_EQ(request.request().headers(0).name(), "Range");
  EXPECT_EQ(request.request().headers(0).value(), "bytes=0-9");
  EXPECT_EQ(request.request().headers(1).name(), "If-Range");
  EXPECT_EQ(request.request().headers(1).value(), "\"65937d25-4b\"");
}

// A bad flag is a usage error, reported before the head is read.
TEST_F(CliTest, CheckRejectsBadRequestFlagsWithExitTwo) {
  const std::string head = RealHead("nginx_range_206.http");
  for (const std::string& field : std::vector<std::string>{
           "Range bytes=0-9", ": x", "Range : bytes=0-9", "Ra nge: x",
           "Range: bytes=0-9\r\nX-Injected: 1", "X: a\x01b", ""}) {
    CliResult result = RunWithInput({"check"}, head,
                                    CheckGet({"Range: bytes=0-9", field},
                                             /*has_content=*/true));
    EXPECT_EQ(result.exit_code, kExitUsage) << field;
    ExpectOneErrorLine(result);
    EXPECT_THAT(result.err, StartsWith("statusinfo: --request_header: "));
  }
  for (const std::string& method :
       std::vector<std::string>{"GE T", "GET\r\n", "G/T"}) {
    CliResult result = RunWithInput({"check"}, head, Check(method, true));
    EXPECT_EQ(result.exit_code, kExitUsage) << method;
    ExpectOneErrorLine(result);
    EXPECT_THAT(result.err, StartsWith("statusinfo: --method: "));
  }
}

TEST_F(CliTest, ParseRequestHeaderReadsAFieldLine) {
  absl::StatusOr<v1::HttpHeader> header =
      ParseRequestHeader("If-None-Match: \t\"a\", \"b\" ");
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_EQ(header->name(), "If-None-Match");
  EXPECT_EQ(header->value(), "\"a\", \"b\"");  // commas kept
  header = ParseRequestHeader("X-Empty:");
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_EQ(header->value(), "");
  header = ParseRequestHeader("X-Obs-Text: caf\xe9");  // not UTF-8
  ASSERT_TRUE(header.ok()) << header.status();
  EXPECT_EQ(header->value(), "caf\xef\xbf\xbd");
  EXPECT_THAT(ParseRequestHeader("Range : x").status().message(),
              HasSubstr("whitespace before the colon"));
  EXPECT_TRUE(CheckRequestMethod("").ok());  // unknown
  EXPECT_TRUE(CheckRequestMethod("PROPFIND").ok());
  EXPECT_FALSE(CheckRequestMethod("GET ").ok());
}

TEST_F(CliTest, CheckWithUnparsableCodeExitsOne) {
  CliResult result = RunWithInput({"check"}, "HTTP/1.1 2OO OK\r\n\r\n");
  EXPECT_EQ(result.exit_code, kExitFailure);
  EXPECT_THAT(result.out, AllOf(HasSubstr("status-line-code-syntax"),
                                HasSubstr("Response: not checked")));
}

// Runs TakeRepeatedFlag over `args` (a program name first), returning the
// values and leaving the rest in `args`.
std::vector<std::string> Take(std::vector<std::string>& args) {
  std::vector<char*> pointers;
  pointers.reserve(args.size());
  for (std::string& arg : args) pointers.push_back(arg.data());
  absl::StatusOr<std::vector<std::string>> values =
      TakeRepeatedFlag("request_header", pointers);
  EXPECT_TRUE(values.ok()) << values.status();
  args.assign(pointers.begin(), pointers.end());
  return values.ok() ? *values : std::vector<std::string>{};
}

TEST(RepeatedFlagTest, TakesEveryOccurrenceInOrder) {
  std::vector<std::string> args = {"statusinfo",
                                   "--request_header=Range: bytes=0-9",
                                   "--method=GET",
                                   "-request_header",
                                   "If-None-Match: \"a\", \"b\"",
                                   "check",
                                   "--request_header",
                                   "X: 1"};
  EXPECT_THAT(Take(args),
              ::testing::ElementsAre("Range: bytes=0-9",
                                     "If-None-Match: \"a\", \"b\"", "X: 1"));
  EXPECT_THAT(args,
              ::testing::ElementsAre("statusinfo", "--method=GET", "check"));
}

TEST(RepeatedFlagTest, LeavesOtherFlagsAndArgumentsAfterDashDash) {
  std::vector<std::string> args = {"statusinfo",
                                   "--request_headers=x",
                                   "---request_header=y",
                                   "request_header=z",
                                   "--",
                                   "--request_header=w"};
  const std::vector<std::string> before = args;
  EXPECT_THAT(Take(args), IsEmpty());
  EXPECT_EQ(args, before);
}

TEST(RepeatedFlagTest, MissingValueNamesTheFlag) {
  std::string program = "statusinfo", flag = "--request_header";
  std::vector<char*> args = {program.data(), flag.data()};
  absl::StatusOr<std::vector<std::string>> values =
      TakeRepeatedFlag("request_header", args);
  ASSERT_FALSE(values.ok());
  EXPECT_THAT(values.status().message(), HasSubstr("--request_header"));
}

}  // namespace
}  // namespace statusinfo::cli
