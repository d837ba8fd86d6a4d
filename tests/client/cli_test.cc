// Tests of the CLI's subcommands: RunCli with string streams against an
// in-process server on a free port.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/cli/commands.h"
#include "client/cli/repeated_flag.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "service/server/server.h"
#include "tests/server/test_server.h"
#include "tests/support/cli_runs.h"

namespace statusinfo::cli {
namespace {

using ::statusinfo::testing::CliResult;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

// Parses one JSON document into T, as a program reading --json output would.
template <typename T>
T ParseJson(const std::string& json) {
  T message;
  auto status = google::protobuf::util::JsonStringToMessage(json, &message);
  EXPECT_TRUE(status.ok()) << status.ToString() << " in " << json;
  return message;
}

// The failure contract: one line, "statusinfo: ...", nothing on stdout.
void ExpectOneErrorLine(const CliResult& result) {
  EXPECT_THAT(result.err, StartsWith("statusinfo: "));
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1)
      << result.err;
  EXPECT_THAT(result.out, IsEmpty());
}

// The subcommands against the real server of testing::ServerTest.
class CliTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    client::ClientOptions options;
    options.target = absl::StrCat("127.0.0.1:", server_->port());
    absl::StatusOr<std::unique_ptr<client::StatusInfoClient>> client =
        client::StatusInfoClient::Create(options);
    ASSERT_TRUE(client.ok()) << client.status();
    client_ = *std::move(client);
  }

  void TearDown() override {
    client_.reset();
    ServerTest::TearDown();
  }

  CliResult Run(const std::vector<std::string>& args,
                const CliOptions& options = {}) {
    return RunWithInput(args, "", options);
  }

  // Runs with `input` as standard input.
  CliResult RunWithInput(const std::vector<std::string>& args,
                         const std::string& input,
                         const CliOptions& options = {}) {
    return testing::RunStatusinfo(args, options, input, *client_);
  }

  static CliOptions Check(const std::string& method, bool has_content) {
    CliOptions options;
    options.method = method;
    options.has_content = has_content;
    return options;
  }

  // `check` of the answer to a GET whose request sent `request_headers`.
  static CliOptions CheckGet(std::vector<std::string> request_headers,
                             bool has_content) {
    CliOptions options = Check("GET", has_content);
    options.request_headers = std::move(request_headers);
    return options;
  }

  static CliOptions Json() {
    CliOptions options;
    options.json = true;
    return options;
  }

  static CliOptions ListOf(const std::string& status_class,
                           bool unofficial = false) {
    CliOptions options;
    options.status_class = status_class;
    options.unofficial = unofficial;
    return options;
  }

  // The codes in the rows of `list` output (the header and count skipped).
  static std::vector<int> TableCodes(const std::string& table) {
    std::vector<int> codes;
    for (absl::string_view line : absl::StrSplit(table, '\n')) {
      // A row starts with three digits and two spaces; the count line
      // ("64 codes") does not.
      int code = 0;
      if (line.size() > 5 && line.substr(3, 2) == "  " &&
          absl::SimpleAtoi(line.substr(0, 3), &code)) {
        codes.push_back(code);
      }
    }
    return codes;
  }

  std::unique_ptr<client::StatusInfoClient> client_;
};

TEST_F(CliTest, GetPrintsAReadableEntry) {
  CliResult result = Run({"get", "200"});
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_THAT(result.out, StartsWith("200 OK\n"));
  EXPECT_THAT(result.out,
              AllOf(HasSubstr("Class:"), HasSubstr("successful (2xx)"),
                    HasSubstr("References:"), HasSubstr("RFC 9110")));
  EXPECT_THAT(result.err, IsEmpty());
}

TEST_F(CliTest, GetUsesTheCurrentPhrase) {
  CliResult result = Run({"get", "413"});
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_THAT(result.out, StartsWith("413 Content Too Large\n"));
}

TEST_F(CliTest, GetManyCodesPrintsThemInOrder) {
  CliResult result = Run({"get", "404", "200"});
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  const size_t not_found = result.out.find("404 Not Found\n");
  const size_t ok = result.out.find("\n200 OK\n");
  ASSERT_NE(not_found, std::string::npos);
  ASSERT_NE(ok, std::string::npos);
  EXPECT_LT(not_found, ok);
}

TEST_F(CliTest, GetOutOfRangeCodeFailsWithOneLine) {
  CliResult result = Run({"get", "42"});
  EXPECT_EQ(result.exit_code, kExitFailure);
  ExpectOneErrorLine(result);
  EXPECT_THAT(result.err, AllOf(HasSubstr("INVALID_ARGUMENT"), HasSubstr("42"),
                                HasSubstr("[reason: CODE_OUT_OF_RANGE]")));
}

TEST_F(CliTest, GetUnassignedCodeIsNotFound) {
  CliResult result = Run({"get", "299"});
  EXPECT_EQ(result.exit_code, kExitFailure);
  ExpectOneErrorLine(result);
  EXPECT_THAT(result.err, HasSubstr("NOT_FOUND"));

  // In a batch, one unknown code fails the whole call.
  result = Run({"get", "200", "299"});
  EXPECT_EQ(result.exit_code, kExitFailure);
  ExpectOneErrorLine(result);
  EXPECT_THAT(result.err, HasSubstr("codes[1]"));
}

TEST_F(CliTest, GetJsonParsesBack) {
  CliResult result = Run({"get", "404"}, Json());
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 1);
  v1::StatusCode entry = ParseJson<v1::StatusCode>(result.out);
  EXPECT_EQ(entry.code(), 404);
  EXPECT_EQ(entry.reason_phrase(), "Not Found");

  result = Run({"get", "404", "413"}, Json());
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  v1::BatchGetStatusCodesResponse batch =
      ParseJson<v1::BatchGetStatusCodesResponse>(result.out);
  ASSERT_EQ(batch.status_codes_size(), 2);
  EXPECT_EQ(batch.status_codes(1).reason_phrase(), "Content Too Large");
}

TEST_F(CliTest, ListPrintsATable) {
  CliResult result = Run({"list"});
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_THAT(result.out, StartsWith("CODE  REASON PHRASE"));
  EXPECT_THAT(result.out, HasSubstr("\n404   Not Found"));
  EXPECT_THAT(result.out, HasSubstr("registered"));
  const std::vector<int> codes = TableCodes(result.out);
  EXPECT_THAT(codes, ::testing::IsSupersetOf({100, 200, 404, 413, 503}));
  EXPECT_THAT(codes, Not(::testing::Contains(499)));
  EXPECT_THAT(result.out,
              HasSubstr(absl::StrCat("\n", codes.size(), " codes\n")));
}

TEST_F(CliTest, ListFiltersByClass) {
  const CliResult by_digits = Run({"list"}, ListOf("4xx"));
  EXPECT_EQ(by_digits.exit_code, kExitOk) << by_digits.err;
  const std::vector<int> codes = TableCodes(by_digits.out);
  ASSERT_FALSE(codes.empty());
  for (int code : codes) EXPECT_EQ(code / 100, 4) << code;
  for (const char* spelling : {"4", "client_error", "client-error",
                               "CLIENT_ERROR", "STATUS_CLASS_CLIENT_ERROR"}) {
    EXPECT_EQ(Run({"list"}, ListOf(spelling)).out, by_digits.out) << spelling;
  }
}

TEST_F(CliTest, ListIncludesUnofficialCodesOnRequest) {
  CliResult result = Run({"list"}, ListOf("", /*unofficial=*/true));
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_THAT(TableCodes(result.out), ::testing::Contains(499));
  EXPECT_THAT(result.out, HasSubstr("unofficial"));
}

TEST_F(CliTest, ListJsonParsesBack) {
  CliOptions options = ListOf("5xx");
  options.json = true;
  CliResult result = Run({"list"}, options);
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  v1::ListStatusCodesResponse all =
      ParseJson<v1::ListStatusCodesResponse>(result.out);
  EXPECT_GT(all.status_codes_size(), 0);
  EXPECT_EQ(all.status_codes_size(), all.total_size());
  for (const v1::StatusCode& entry : all.status_codes()) {
    EXPECT_EQ(entry.code() / 100, 5);
  }
}

TEST_F(CliTest, ValidateAssignedUnassignedAndInvalid) {
  CliResult unassigned = Run({"validate", "299"});
  EXPECT_EQ(unassigned.exit_code, kExitOk) << unassigned.err;
  EXPECT_THAT(unassigned.out, AllOf(HasSubstr("299"), HasSubstr("Assigned:"),
                                    HasSubstr("Treat as:    200")));
  EXPECT_THAT(unassigned.err, IsEmpty());

  CliResult invalid = Run({"validate", "600"});
  EXPECT_EQ(invalid.exit_code, kExitFailure);
  EXPECT_THAT(invalid.out,
              AllOf(HasSubstr("600"), HasSubstr("Valid:       no")));
  EXPECT_THAT(invalid.err, IsEmpty());  // an answer, not an error

  CliResult json = Run({"validate", "404"}, Json());
  EXPECT_EQ(json.exit_code, kExitOk) << json.err;
  v1::ValidateStatusCodeResponse validation =
      ParseJson<v1::ValidateStatusCodeResponse>(json.out);
  EXPECT_TRUE(validation.assigned());
  EXPECT_EQ(validation.status_code().reason_phrase(), "Not Found");
}

TEST_F(CliTest, Health) {
  CliResult result = Run({"health"});
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_EQ(result.out, "SERVING\n");

  result = Run({"health", server::kServiceName}, Json());
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_EQ(
      ParseJson<grpc::health::v1::HealthCheckResponse>(result.out).status(),
      grpc::health::v1::HealthCheckResponse::SERVING);

  server_->SetServing(false);
  result = Run({"health"});
  EXPECT_EQ(result.exit_code, kExitFailure);
  EXPECT_EQ(result.out, "NOT_SERVING\n");

  result = Run({"health", "no.such.Service"});
  EXPECT_EQ(result.exit_code, kExitFailure);
  ExpectOneErrorLine(result);
}

TEST_F(CliTest, UsageErrorsExitTwoWithOneLine) {
  const std::vector<std::vector<std::string>> cases = {
      {},                      // no subcommand
      {"frobnicate"},          // unknown subcommand
      {"get"},                 // missing code
      {"get", "abc"},          // not a number
      {"get", "200", "4o4"},   // one of many not a number
      {"get", "99999999999"},  // does not fit
      {"validate"},            // missing code
      {"validate", "1", "2"},  // too many
      {"list", "extra"},       // list takes none
  };
  for (const std::vector<std::string>& args : cases) {
    CliResult result = Run(args);
    EXPECT_EQ(result.exit_code, kExitUsage) << absl::StrJoin(args, " ");
    ExpectOneErrorLine(result);
  }
  CliResult bad_class = Run({"list"}, ListOf("6xx"));
  EXPECT_EQ(bad_class.exit_code, kExitUsage);
  ExpectOneErrorLine(bad_class);
  EXPECT_THAT(bad_class.err, HasSubstr("--class"));
}

// The text of a captured head (tests/data/real_heads).
std::string RealHead(const std::string& name) {
  std::ifstream file(absl::StrCat(STATUSINFO_REAL_HEADS_DIR, "/", name),
                     std::ios::binary);
  EXPECT_TRUE(file.good()) << name;
  return std::string(std::istreambuf_iterator<char>(file), {});
}

// The first code of a `search` table (the row after the header).
int FirstSearchCode(const std::string& table) {
  const std::vector<std::string> lines = absl::StrSplit(table, '\n');
  int code = 0;
  if (lines.size() < 2 || !absl::SimpleAtoi(lines[1].substr(0, 3), &code)) {
    return 0;
  }
  return code;
}

TEST_F(CliTest, SearchListsTheBestMatchFirst) {
  CliResult result = Run({"search", "not", "fuond"});
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_THAT(result.out, StartsWith("CODE  REASON PHRASE"));
  EXPECT_THAT(result.out, HasSubstr("SCORE"));
  EXPECT_EQ(FirstSearchCode(result.out), 404) << result.out;

  result = Run({"search", "teapot"});
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_EQ(FirstSearchCode(result.out), 418) << result.out;
}

TEST_F(CliTest, SearchJsonParsesBack) {
  CliResult result = Run({"search", "timeout"}, Json());
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  v1::SearchStatusCodesResponse response =
      ParseJson<v1::SearchStatusCodesResponse>(result.out);
  ASSERT_GT(response.results_size(), 0);
  EXPECT_GT(response.results(0).score(), 0);
}

TEST_F(CliTest, SearchWithoutMatchExitsOne) {
  CliResult result = Run({"search", "zzqxv"});
  EXPECT_EQ(result.exit_code, kExitFailure);
  EXPECT_THAT(result.out, HasSubstr("No status code matches \"zzqxv\""));
  EXPECT_THAT(result.err, IsEmpty());

  result = Run({"search", std::string(300, 'a')});  // over the server's limit
  EXPECT_EQ(result.exit_code, kExitFailure);
  ExpectOneErrorLine(result);
  EXPECT_THAT(result.err, HasSubstr("INVALID_ARGUMENT"));
}

TEST_F(CliTest, TranslateHttpStatusPrintsEveryMapping) {
  CliResult result = Run({"translate", "503"});
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_THAT(
      result.out,
      AllOf(HasSubstr("http to grpc received: HTTP 503 -> gRPC 14 UNAVAILABLE"),
            HasSubstr("http to grpc semantic: HTTP 503 -> gRPC 14 UNAVAILABLE"),
            HasSubstr("Source:"), HasSubstr("HTTP to gRPC Status Code Mapping"),
            HasSubstr("google/rpc/code.proto")));
}

TEST_F(CliTest, TranslateGrpcCodeByNameOrNumber) {
  for (const std::string name :
       {"NOT_FOUND", "not_found", "not-found", "NotFound", "kNotFound",
        "codes.NotFound", "grpc.StatusCode.NOT_FOUND"}) {
    CliResult result = Run({"translate", name});
    EXPECT_EQ(result.exit_code, kExitOk) << name << ": " << result.err;
    EXPECT_THAT(result.out,
                HasSubstr("grpc to http: gRPC 5 NOT_FOUND -> HTTP 404"))
        << name;
  }
  CliOptions grpc;
  grpc.grpc = true;
  CliResult result = Run({"translate", "14"}, grpc);
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_THAT(result.out,
              HasSubstr("grpc to http: gRPC 14 UNAVAILABLE -> HTTP 503"));

  grpc.json = true;
  result = Run({"translate", "4"}, grpc);
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  v1::TranslateStatusResponse response =
      ParseJson<v1::TranslateStatusResponse>(result.out);
  ASSERT_EQ(response.translations_size(), 1);
  EXPECT_EQ(response.translations(0).http_status_code(), 504);
}

TEST_F(CliTest, TranslateRejectsUnknownNamesAndCodes) {
  CliResult result = Run({"translate", "NOT_A_CODE"});
  EXPECT_EQ(result.exit_code, kExitUsage);
  ExpectOneErrorLine(result);
  EXPECT_THAT(result.err, HasSubstr("DEADLINE_EXCEEDED"));  // lists the names

  CliOptions grpc;
  grpc.grpc = true;
  result = Run({"translate", "17"}, grpc);
  EXPECT_EQ(result.exit_code, kExitFailure);
  ExpectOneErrorLine(result);
  EXPECT_THAT(result.err, HasSubstr("grpc_code"));
}

TEST_F(CliTest, ParseGrpcCodeNameSpellings) {
  EXPECT_EQ(ParseGrpcCodeName("OK").value(), 0);
  EXPECT_EQ(ParseGrpcCodeName("ok").value(), 0);
  EXPECT_EQ(ParseGrpcCodeName("Canceled").value(), 1);
  EXPECT_EQ(ParseGrpcCodeName("CANCELLED").value(), 1);
  EXPECT_EQ(ParseGrpcCodeName("deadline exceeded").value(), 4);
  EXPECT_EQ(ParseGrpcCodeName("DeadlineExceeded").value(), 4);
  EXPECT_EQ(ParseGrpcCodeName(" UNAUTHENTICATED ").value(), 16);
  EXPECT_FALSE(ParseGrpcCodeName("").ok());
  EXPECT_FALSE(ParseGrpcCodeName("NOTFOUND").ok());
  EXPECT_FALSE(ParseGrpcCodeName("Code_MAX").ok());
  EXPECT_EQ(ParseTranslateRequest("404", false).value().http_status_code(),
            404);
  EXPECT_EQ(ParseTranslateRequest("5", true).value().grpc_code(), 5);
  EXPECT_EQ(ParseTranslateRequest("NOT_FOUND", false).value().grpc_code(), 5);
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

TEST_F(CliTest, HelpListsEverySubcommand) {
  CliResult result = Run({"help"});
  EXPECT_EQ(result.exit_code, kExitOk);
  for (const Command& command : Commands()) {
    EXPECT_THAT(result.out, HasSubstr(absl::StrCat("\n  ", command.name)));
  }
}

TEST_F(CliTest, UnreachableServerFailsWithOneLine) {
  const int port = server_->port();
  server_->Shutdown(absl::ZeroDuration());
  server_.reset();
  client::ClientOptions options;
  options.target = absl::StrCat("127.0.0.1:", port);
  std::unique_ptr<client::StatusInfoClient> client =
      client::StatusInfoClient::Create(options).value();
  std::ostringstream out, err;
  EXPECT_EQ(RunCli({"get", "200"}, CliOptions{}, out, err, *client),
            kExitFailure);
  CliResult result{kExitFailure, out.str(), err.str()};
  ExpectOneErrorLine(result);
  EXPECT_THAT(result.err, HasSubstr("UNAVAILABLE"));
}

TEST_F(CliTest, ParseCodeAndClass) {
  EXPECT_EQ(ParseCode("404").value(), 404);
  EXPECT_EQ(ParseCode("-1").value(), -1);  // the server judges the range
  EXPECT_FALSE(ParseCode("").ok());
  EXPECT_FALSE(ParseCode("4o4").ok());
  EXPECT_EQ(ParseStatusClass("").value(), v1::STATUS_CLASS_UNSPECIFIED);
  EXPECT_EQ(ParseStatusClass("1xx").value(), v1::STATUS_CLASS_INFORMATIONAL);
  EXPECT_EQ(ParseStatusClass("5").value(), v1::STATUS_CLASS_SERVER_ERROR);
  EXPECT_EQ(ParseStatusClass("Server Error").value(),
            v1::STATUS_CLASS_SERVER_ERROR);
  EXPECT_EQ(ParseStatusClass("redirection").value(),
            v1::STATUS_CLASS_REDIRECTION);
  EXPECT_FALSE(ParseStatusClass("unspecified").ok());
  EXPECT_FALSE(ParseStatusClass("0").ok());
  EXPECT_FALSE(ParseStatusClass("4xxx").ok());
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
