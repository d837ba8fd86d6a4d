// Tests of the CLI's lookup subcommands (get, list, validate, health,
// search, translate), usage errors and help: RunCli with string streams
// against an in-process server on a free port. `validate-line` and `check`
// are in cli_validation_test.cc.
#include <algorithm>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/cli/commands.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/server/server.h"
#include "tests/client/cli_fixture.h"

namespace statusinfo::cli {
namespace {

using ::statusinfo::testing::CliResult;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

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

}  // namespace
}  // namespace statusinfo::cli
