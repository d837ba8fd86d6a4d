// Tests of the CLI's subcommands: RunCli with string streams against an
// in-process server on a free port.
#include <algorithm>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/cli/commands.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/server/server.h"

namespace statusinfo::cli {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

struct CliResult {
  int exit_code;
  std::string out;
  std::string err;
};

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

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<core::Catalog> catalog = core::LoadCatalog("");
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    server::ServerConfig config;
    config.address = "127.0.0.1:0";
    absl::StatusOr<std::unique_ptr<server::StatusInfoServer>> server =
        server::StatusInfoServer::Start(*std::move(catalog), config);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    client::ClientOptions options;
    options.target = absl::StrCat("127.0.0.1:", server_->port());
    absl::StatusOr<std::unique_ptr<client::StatusInfoClient>> client =
        client::StatusInfoClient::Create(options);
    ASSERT_TRUE(client.ok()) << client.status();
    client_ = *std::move(client);
  }

  void TearDown() override {
    client_.reset();
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
  }

  CliResult Run(const std::vector<std::string>& args,
                const CliOptions& options = {}) {
    std::ostringstream out, err;
    const int exit_code = RunCli(args, options, out, err, *client_);
    return {exit_code, out.str(), err.str()};
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

  std::unique_ptr<server::StatusInfoServer> server_;
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
