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
  CommandResult result = Cli({"--method=GET", "--has_content", "check"}, head);
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
  CommandResult result = Cli({"--method=GET", "check"}, head);
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
