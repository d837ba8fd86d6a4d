// The fixture of the CLI's subcommand tests (cli_test.cc,
// cli_validation_test.cc): a real server on a free port (testing::ServerTest),
// a client of it, and RunCli with string streams.
//
// Example:
//
//   TEST_F(CliTest, GetPrintsAReadableEntry) {
//     CliResult result = Run({"get", "200"});
//     EXPECT_EQ(result.exit_code, kExitOk) << result.err;
//   }
#ifndef STATUSINFO_TESTS_CLIENT_CLI_FIXTURE_H_
#define STATUSINFO_TESTS_CLIENT_CLI_FIXTURE_H_

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "client/cli/commands.h"
#include "client/lib/status_info_client.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/server/test_server.h"
#include "tests/support/cli_runs.h"

namespace statusinfo::cli {

// Parses one JSON document into T, as a program reading --json output would.
template <typename T>
T ParseJson(const std::string& json) {
  T message;
  auto status = google::protobuf::util::JsonStringToMessage(json, &message);
  EXPECT_TRUE(status.ok()) << status.ToString() << " in " << json;
  return message;
}

// The failure contract: one line, "statusinfo: ...", nothing on stdout.
inline void ExpectOneErrorLine(const testing::CliResult& result) {
  EXPECT_THAT(result.err, ::testing::StartsWith("statusinfo: "));
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1)
      << result.err;
  EXPECT_THAT(result.out, ::testing::IsEmpty());
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

  testing::CliResult Run(const std::vector<std::string>& args,
                         const CliOptions& options = {}) {
    return RunWithInput(args, "", options);
  }

  // Runs with `input` as standard input.
  testing::CliResult RunWithInput(const std::vector<std::string>& args,
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

}  // namespace statusinfo::cli

#endif  // STATUSINFO_TESTS_CLIENT_CLI_FIXTURE_H_
