// End-to-end: the built `statusinfo` CLI binary against the built
// statusinfo-server binary, fed response heads that real nginx and Apache
// sent (tests/data/real_heads) on standard input, as in
// `curl -sI https://example.org | statusinfo check`.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/server_process.h"
#include "tests/e2e/subprocess.h"

namespace statusinfo::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class CliCheckE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    ASSERT_GT(server_->port(), 0) << "the server did not start:\n"
                                  << server_->process().stderr_seen();
  }

  // The CLI binary with --target set, `input` on its standard input.
  static CommandResult Cli(std::vector<std::string> args,
                           const std::string& input = "") {
    args.insert(args.begin(),
                {STATUSINFO_CLI_BINARY, "--target=" + server_->target()});
    return RunCommand(args, input);
  }

  static std::string RealHeadPath(const std::string& name) {
    return absl::StrCat(STATUSINFO_REAL_HEADS_DIR, "/", name);
  }

  static std::string RealHead(const std::string& name) {
    std::ifstream file(RealHeadPath(name), std::ios::binary);
    EXPECT_TRUE(file.good()) << name;
    return std::string(std::istreambuf_iterator<char>(file), {});
  }

  static ServerProcess* server_;
};

ServerProcess* CliCheckE2eTest::server_ = nullptr;

TEST_F(CliCheckE2eTest, CheckAcceptsRealNginxHeadsOnStandardInput) {
  // curl -I sends HEAD, the default --method.
  CommandResult result = Cli({"check"}, RealHead("nginx_head_200.http"));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("Result: valid (0 errors"));
  EXPECT_THAT(result.err, IsEmpty());

  result = Cli({"--method=GET", "--has_content", "check"},
               RealHead("nginx_auth_401.http"));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(CliCheckE2eTest, CheckFailsOnA401WithoutChallenge) {
  std::string head = RealHead("nginx_auth_401.http");
  const size_t at = head.find("WWW-Authenticate:");
  ASSERT_NE(at, std::string::npos);
  head.erase(at, head.find('\n', at) + 1 - at);
  CommandResult result = Cli({"check"}, head);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.out, AllOf(HasSubstr("ERROR   401-www-authenticate"),
                                HasSubstr("RFC 9110, Section 15.5.2")));
}

TEST_F(CliCheckE2eTest, CheckReadsAFileAndPrintsJson) {
  CommandResult result = Cli({"--json", "--method=POST", "check",
                              RealHeadPath("apache_allow_methods_405.http")});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, AllOf(HasSubstr("\"statusLine\":{\"valid\":true"),
                                HasSubstr("\"response\":{\"valid\":true"),
                                HasSubstr("\"request\":{\"method\":\"POST\"")));

  result = Cli({"check", RealHeadPath("no_such_capture.http")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("no_such_capture.http"));
}

// nginx answered `Range: bytes=0-9` with this 206 (MANIFEST.tsv): told of
// the Range, the server no longer flags it as a 206 without a range request.
TEST_F(CliCheckE2eTest, CheckRangeRequestHeaderClearsTheRangeFinding) {
  const std::string head = RealHead("nginx_range_206.http");
  CommandResult result = Cli({"--method=GET", "--has_content",
                              "--request_header=Host: localhost", "check"},
                             head);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("INFO    206-range-request"));

  result = Cli({"--method=GET", "--has_content",
                "--request_header=Range: bytes=0-9", "check"},
               head);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out,
              AllOf(Not(HasSubstr("206-range-request")),
                    HasSubstr("Result: valid (0 errors, 0 warnings, 0 info)")));
  EXPECT_THAT(result.err, IsEmpty());
}

// The same for a 304 and its If-None-Match, with the flag in its other
// spellings: a separate value, after the subcommand, given twice.
TEST_F(CliCheckE2eTest, CheckConditionalRequestHeadersClearTheFinding) {
  const std::string head = RealHead("nginx_if_none_match_304.http");
  CommandResult result =
      Cli({"--method=GET", "--request_header=Host: localhost", "check"}, head);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("INFO    304-conditional"));

  result = Cli({"--json", "--method=GET", "check", "--request_header",
                "If-None-Match: \"65937d25-4b\"",
                "-request_header=If-Modified-Since: Tue, 02 Jan 2024 "
                "03:04:05 GMT"},
               head);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out,
              AllOf(Not(HasSubstr("304-conditional")),
                    HasSubstr("\"request\":{\"method\":\"GET\",\"headers\":["
                              "{\"name\":\"If-None-Match\","
                              "\"value\":\"\\\"65937d25-4b\\\"\"},"
                              "{\"name\":\"If-Modified-Since\"")));
}

// A malformed --request_header is a usage error, like any bad flag value.
TEST_F(CliCheckE2eTest, CheckBadRequestHeaderExitsTwo) {
  const std::string head = RealHead("nginx_range_206.http");
  CommandResult result =
      Cli({"--request_header=Range bytes=0-9", "check"}, head);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_THAT(result.out, IsEmpty());
  EXPECT_THAT(result.err,
              AllOf(HasSubstr("statusinfo: --request_header: \"Range "
                              "bytes=0-9\" has no colon"),
                    HasSubstr("see statusinfo --help")));

  result = Cli({"check", "--request_header"}, head);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("--request_header: missing value"));

  result = Cli({"--method=GE T", "check"}, head);
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("statusinfo: --method: "));
}

// curl outputs with several heads (tests/data/real_heads/curl_output), each
// checked with the method curl sent and no other flag: every head is
// reported, under its heading, and none has a finding.
TEST_F(CliCheckE2eTest, CheckReadsEveryHeadCurlPrints) {
  struct Case {
    const char* file;
    const char* method;
    int heads;
  };
  for (const Case& c : {Case{"node_early_hints_i.txt", "GET", 2},
                        Case{"node_continue_i.txt", "POST", 2},
                        Case{"node_redirects_sIL.txt", "HEAD", 3},
                        Case{"node_redirects_iL.txt", "GET", 3}}) {
    CommandResult result = Cli({absl::StrCat("--method=", c.method), "check"},
                               RealHead(absl::StrCat("curl_output/", c.file)));
    EXPECT_EQ(result.exit_code, 0) << c.file << result.out << result.err;
    EXPECT_THAT(
        result.out,
        AllOf(HasSubstr(absl::StrCat("Head ", c.heads, " of ", c.heads, ":\n")),
              HasSubstr(absl::StrCat("Result of ", c.heads,
                                     " heads: valid (0 errors, 0 "
                                     "warnings, 0 info)")),
              Not(HasSubstr("  INFO")), Not(HasSubstr("  WARNING"))))
        << c.file;
  }
}

// The README's `curl -s -D - -o /dev/null URL | statusinfo check
// --method=GET`: the 404 page's Content-Length shows it has content, so no
// "has no content" warning; --has_content=false (or --nohas_content) still
// says otherwise.
TEST_F(CliCheckE2eTest, CheckInfersContentUnlessTold) {
  const std::string head = RealHead("curl_output/node_missing_D.txt");
  CommandResult result = Cli({"--method=GET", "check"}, head);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out,
              AllOf(HasSubstr("404 to GET, 5 header fields, with content"),
                    HasSubstr("Result: valid (0 errors, 0 warnings, 0 info)")));
  for (const char* flag : {"--has_content=false", "--nohas_content"}) {
    result = Cli({"--method=GET", flag, "check"}, head);
    EXPECT_EQ(result.exit_code, 0) << flag << result.err;
    EXPECT_THAT(result.out, HasSubstr("WARNING 4xx-explanation")) << flag;
  }
  // --has_content is about the last head, not the 100 before it.
  result = Cli({"--method=POST", "--has_content", "check"},
               RealHead("curl_output/node_continue_i.txt"));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, Not(HasSubstr("1xx-no-content")));
}

TEST_F(CliCheckE2eTest, CheckRequestVersionAndReasonPhraseSwitch) {
  CommandResult result =
      Cli({"--method=GET", "--request_version=HTTP/1.0", "check"},
          RealHead("curl_output/node_early_hints_i.txt"));
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr("ERROR   1xx-http10"));

  // nginx's 302 says "Moved Temporarily", HTTP/1.0's phrase.
  const std::string head = RealHead("nginx_return_302.http");
  result = Cli({"--method=GET", "check"}, head);
  EXPECT_THAT(result.out, HasSubstr("status-line-phrase-former"));
  result = Cli({"--method=GET", "--noreason_phrase_advice", "check"}, head);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, Not(HasSubstr("status-line-phrase")));
}

// 3, not 1, when the server cannot be reached: the head was never judged.
TEST_F(CliCheckE2eTest, CheckExitsThreeWhenTheServerIsUnreachable) {
  // The last --target wins; nothing listens on port 1.
  CommandResult result = Cli({"--target=127.0.0.1:1", "--timeout=1s", "check"},
                             RealHead("nginx_head_200.http"));
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_THAT(result.out, IsEmpty());
  EXPECT_THAT(result.err, HasSubstr("statusinfo: UNAVAILABLE"));
  // Other subcommands keep 1 for a failed call.
  result = Cli({"--target=127.0.0.1:1", "--timeout=1s", "get", "200"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
}

TEST_F(CliCheckE2eTest, HelpForASubcommandListsItsFlags) {
  CommandResult help = Cli({"help", "check"});
  EXPECT_EQ(help.exit_code, 0) << help.err;
  EXPECT_THAT(help.out,
              AllOf(HasSubstr("Usage: statusinfo [flags] check [FILE]"),
                    HasSubstr("  --request_version=\"\"\n      check: the "
                              "request's HTTP version"),
                    HasSubstr("  --has_content=false\n"),
                    HasSubstr("  --reason_phrase_advice=true\n"),
                    HasSubstr("3 the server cannot be reached or fails")));
  CommandResult flag = Cli({"check", "--help"});
  EXPECT_EQ(flag.exit_code, 0) << flag.err;
  EXPECT_EQ(flag.out, help.out);
  CommandResult general = Cli({"--help"});
  EXPECT_EQ(general.exit_code, 0) << general.err;
  EXPECT_THAT(general.out, AllOf(HasSubstr("statusinfo help SUBCOMMAND"),
                                 HasSubstr("  --target=")));
  EXPECT_EQ(Cli({"nope", "--help"}).exit_code, 2);
}

TEST_F(CliCheckE2eTest, ValidateLine) {
  CommandResult result = Cli({"validate-line", "HTTP/1.1 404 Not Found"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, AllOf(HasSubstr("Valid:       yes"),
                                HasSubstr("Code:        404")));

  result = Cli({"validate-line", "HTTP/1.1 404"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out, HasSubstr("status-line-missing-sp"));
}

TEST_F(CliCheckE2eTest, SearchTeapotFinds418First) {
  CommandResult result = Cli({"search", "teapot"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const std::vector<std::string> lines = absl::StrSplit(result.out, '\n');
  ASSERT_GE(lines.size(), 2) << result.out;
  EXPECT_THAT(lines[0], HasSubstr("SCORE"));
  EXPECT_EQ(lines[1].substr(0, 4), "418 ") << result.out;
}

TEST_F(CliCheckE2eTest, TranslateNamesAndNumbers) {
  CommandResult result = Cli({"translate", "NOT_FOUND"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out,
              HasSubstr("grpc to http: gRPC 5 NOT_FOUND -> HTTP 404"));

  result = Cli({"translate", "503"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out,
              AllOf(HasSubstr("HTTP 503 -> gRPC 14 UNAVAILABLE"),
                    HasSubstr("Source:"), Not(HasSubstr("NOT_FOUND"))));

  result = Cli({"--grpc", "translate", "4"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("DEADLINE_EXCEEDED -> HTTP 504"));
}

}  // namespace
}  // namespace statusinfo::testing
