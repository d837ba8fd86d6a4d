// Tests of `statusinfo check --har` against an in-process server: output in
// entry order with the server's own findings, exit statuses, input over the
// API's limits, and a HAR recorded from real traffic.
#include "client/cli/har_check.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/cli/commands.h"
#include "client/cli/har_reader.h"
#include "client/cli/har_report.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/server/test_server.h"
#include "tests/support/cli_runs.h"

namespace statusinfo::cli {
namespace {

using ::statusinfo::testing::CliResult;
using ::testing::Contains;
using ::testing::Each;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

// One HAR entry: `status` answering a GET of /<index>, with the response
// header fields given and `body_size` bytes of content.
struct TestEntry {
  std::string method = "GET";
  int status = 200;
  std::vector<std::pair<std::string, std::string>> request_headers;
  std::vector<std::pair<std::string, std::string>> response_headers;
  int body_size = 0;
};

std::string HeadersJson(
    const std::vector<std::pair<std::string, std::string>>& headers) {
  std::vector<std::string> parts;
  parts.reserve(headers.size());
  for (const auto& [name, value] : headers) {
    parts.push_back(absl::StrCat("{\"name\":", JsonQuote(name),
                                 ",\"value\":", JsonQuote(value), "}"));
  }
  return absl::StrCat("[", absl::StrJoin(parts, ","), "]");
}

std::string Har(const std::vector<TestEntry>& entries) {
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const TestEntry& e = entries[i];
    parts.push_back(absl::StrCat(
        R"({"request":{"method":")", e.method,
        R"(","url":"http://example.org/)", i,
        R"(","httpVersion":"HTTP/1.1","headers":)",
        HeadersJson(e.request_headers), R"(},"response":{"status":)", e.status,
        R"(,"statusText":"","httpVersion":"HTTP/1.1","headers":)",
        HeadersJson(e.response_headers), R"(,"content":{"size":)", e.body_size,
        R"(},"bodySize":)", e.body_size, "}}"));
  }
  return absl::StrCat(R"({"log":{"version":"1.2","entries":[)",
                      absl::StrJoin(parts, ","), "]}}");
}

// Entries of every kind: clean, WARNING only, ERROR, no response.
std::vector<TestEntry> MixedEntries(int count) {
  const std::pair<std::string, std::string> date = {
      "Date", "Fri, 04 Dec 2026 17:00:00 GMT"};
  std::vector<TestEntry> entries;
  for (int i = 0; i < count; ++i) {
    TestEntry entry;
    switch (i % 5) {
      case 0:  // clean
        entry.response_headers = {date, {"Content-Length", "3"}};
        entry.body_size = 3;
        break;
      case 1:  // 204 with content: ERROR
        entry.status = 204;
        entry.response_headers = {date};
        entry.body_size = 5;
        break;
      case 2:  // no Date: WARNING only
        entry.response_headers = {{"Content-Length", "3"}};
        entry.body_size = 3;
        break;
      case 3:  // no Date
        entry.status = 404;
        entry.body_size = 10;
        break;
      default:  // no response
        entry.status = 0;
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

// Parses one JSON Lines line.
google::protobuf::Struct ParseLine(absl::string_view line) {
  google::protobuf::Struct message;
  auto status =
      google::protobuf::util::JsonStringToMessage(std::string(line), &message);
  EXPECT_TRUE(status.ok()) << status.ToString() << " in " << line;
  return message;
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

std::vector<std::string> RuleIds(const google::protobuf::Struct& entry) {
  std::vector<std::string> ids;
  for (const auto& finding :
       entry.fields().at("findings").list_value().values()) {
    ids.push_back(finding.struct_value().fields().at("ruleId").string_value());
  }
  return ids;
}

class HarCheckTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    client_ = Connect(server_->port());
  }

  void TearDown() override {
    client_.reset();
    ServerTest::TearDown();
  }

  static std::unique_ptr<client::StatusInfoClient> Connect(int port) {
    client::ClientOptions options;
    options.target = absl::StrCat("127.0.0.1:", port);
    options.timeout = absl::Seconds(10);
    absl::StatusOr<std::unique_ptr<client::StatusInfoClient>> client =
        client::StatusInfoClient::Create(options);
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? *std::move(client) : nullptr;
  }

  // check --har=- with `har` on standard input.
  CliResult Check(const std::string& har, bool json = false,
                  const HarCheckTuning& tuning = {},
                  client::StatusInfoClient* client = nullptr) {
    CliOptions options;
    options.har = "-";
    options.json = json;
    return testing::CaptureRun(har, [&](std::istream& in, std::ostream& out,
                                        std::ostream& err) {
      const std::vector<std::string> args;
      const CommandContext context{
          args, options, in, out, err, client != nullptr ? *client : *client_};
      return RunHarCheck(context, tuning);
    });
  }

  // The rule ids ValidateResponse gives for `entry` when asked alone: the
  // oracle for what the stream must report.
  std::vector<std::string> UnaryRuleIds(const std::string& har) {
    std::vector<std::string> ids;
    std::istringstream in(har);
    absl::Status read = ReadHar(in, [&](HarEntry& entry) {
      v1::ValidateResponseRequest request;
      HarExchange exchange = ToHarExchange(entry, request);
      if (exchange.checked) {
        absl::StatusOr<v1::ValidateResponseResponse> result =
            client_->ValidateResponse(request);
        if (!result.ok()) return result.status();
        for (const v1::Finding& finding : result->findings()) {
          ids.push_back(finding.rule_id());
        }
      }
      for (const v1::Finding& finding : exchange.input_findings) {
        ids.push_back(finding.rule_id());
      }
      ids.push_back("|");  // entry separator
      return absl::OkStatus();
    });
    EXPECT_TRUE(read.ok()) << read;
    return ids;
  }

  std::unique_ptr<client::StatusInfoClient> client_;
};

TEST_F(HarCheckTest, ReportsEveryEntryInOrderWithTheServersFindings) {
  const std::string har = Har(MixedEntries(23));
  HarCheckTuning small;  // many batches, several in flight
  small.batch_size = 3;
  small.max_in_flight = 2;
  CliResult result = Check(har, /*json=*/true, small);
  ASSERT_EQ(result.exit_code, kExitFailure) << result.err;
  EXPECT_THAT(result.err, IsEmpty());
  const std::vector<std::string> lines = Lines(result.out);
  ASSERT_EQ(lines.size(), 24);  // 23 entries and the summary
  std::vector<std::string> streamed;
  for (int i = 0; i < 23; ++i) {
    google::protobuf::Struct entry = ParseLine(lines[i]);
    EXPECT_EQ(entry.fields().at("index").number_value(), i);
    EXPECT_EQ(entry.fields().at("url").string_value(),
              absl::StrCat("http://example.org/", i));
    for (std::string& id : RuleIds(entry)) streamed.push_back(std::move(id));
    streamed.push_back("|");
  }
  EXPECT_THAT(streamed, ElementsAreArray(UnaryRuleIds(har)));
  const google::protobuf::Struct summary = ParseLine(lines[23]);
  const auto& totals = summary.fields().at("summary").struct_value().fields();
  EXPECT_EQ(totals.at("entries").number_value(), 23);
  EXPECT_EQ(totals.at("unchecked").number_value(), 4);  // i % 5 == 4
  EXPECT_EQ(totals.at("errors").number_value(), 5);     // the 204s
}

TEST_F(HarCheckTest, TextShowsEntriesWithFindingsAndASummaryTable) {
  CliResult result = Check(Har(MixedEntries(5)));
  ASSERT_EQ(result.exit_code, kExitFailure) << result.err;
  EXPECT_THAT(result.out, Not(HasSubstr("#0 ")));  // clean: no block
  EXPECT_THAT(result.out, HasSubstr("#1 GET http://example.org/1 -> 204\n"
                                    "  ERROR   204-no-content: "));
  EXPECT_THAT(result.out, HasSubstr("#4 GET http://example.org/4 -> no "
                                    "response\n  INFO    har-no-response: "));
  EXPECT_THAT(result.out, HasSubstr("Summary: 5 entries, 4 with findings, 1 "
                                    "not checked; 1 error, "));
  EXPECT_THAT(result.out, HasSubstr("  ERROR           1  204-no-content\n"));
}

TEST_F(HarCheckTest, ExitsZeroWithoutAnError) {
  std::vector<TestEntry> entries = MixedEntries(4);
  entries.erase(entries.begin() + 1);  // the 204 with content
  CliResult result = Check(Har(entries));
  EXPECT_EQ(result.exit_code, kExitOk) << result.out << result.err;
  EXPECT_THAT(result.out, HasSubstr(" 0 errors, "));
}

TEST_F(HarCheckTest, AFileThatIsNotHarExitsTwoNamingThePath) {
  std::string har = Har(MixedEntries(3));
  har.replace(har.rfind("\"status\":"), 9, "\"statuz\":");
  CliResult result = Check(har);
  EXPECT_EQ(result.exit_code, kExitUsage);
  EXPECT_EQ(result.err,
            "statusinfo: check --har: -: log.entries[2].response.status: "
            "missing\n");
  // The entries before the problem were checked and printed.
  EXPECT_THAT(result.out, HasSubstr("#1 GET"));
  EXPECT_THAT(result.out, Not(HasSubstr("Summary")));
}

TEST_F(HarCheckTest, AnUnreachableServerExitsThree) {
  // A port that was free a moment ago: nothing listens there.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), length), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  close(fd);
  std::unique_ptr<client::StatusInfoClient> nowhere =
      Connect(ntohs(address.sin_port));
  ASSERT_NE(nowhere, nullptr);
  CliResult result = Check(Har(MixedEntries(3)), false, {}, nowhere.get());
  EXPECT_EQ(result.exit_code, kExitUnavailable);
  EXPECT_THAT(result.err, StartsWith("statusinfo: check --har: UNAVAILABLE"));
}

TEST_F(HarCheckTest, FieldsOverTheLimitsAreInputFindingsNotFailures) {
  TestEntry entry;
  entry.status = 401;  // its finding shows the entry was still checked
  entry.request_headers = {{"Cookie", std::string(9000, 'c')},
                           {":authority", "example.org"}};
  entry.response_headers = {{"Date", "Fri, 04 Dec 2026 17:00:00 GMT"}};
  for (int i = 0; i < 300; ++i) {
    entry.response_headers.emplace_back(absl::StrCat("X-", i), "1");
  }
  CliResult result = Check(Har({entry}), /*json=*/true);
  ASSERT_EQ(result.exit_code, kExitFailure) << result.err;
  const std::vector<std::string> lines = Lines(result.out);
  ASSERT_EQ(lines.size(), 2);
  const std::vector<std::string> ids = RuleIds(ParseLine(lines[0]));
  EXPECT_THAT(ids, Contains("401-www-authenticate"));
  EXPECT_EQ(std::count(ids.begin(), ids.end(), kHarFieldOverLimitRule), 2);
  EXPECT_THAT(lines[0], HasSubstr("request.headers[0].value (Cookie) is 9000 "
                                  "bytes, over the API's limit of 8192"));
  EXPECT_THAT(lines[0], HasSubstr("response.headers has more than 256 fields"));
}

TEST_F(HarCheckTest, BigEntriesAreSplitIntoMessagesTheServerTakes) {
  // 12 entries of 100 KiB of header fields each, 1.2 MiB in all: over the
  // server's 1 MiB message limit if sent as one batch.
  TestEntry entry;
  for (int i = 0; i < 20; ++i) {
    entry.response_headers.emplace_back(absl::StrCat("X-Big-", i),
                                        std::string(5000, 'v'));
  }
  CliResult result = Check(Har(std::vector<TestEntry>(12, entry)), true);
  EXPECT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_EQ(Lines(result.out).size(), 13);
}

TEST_F(HarCheckTest, ARealCaptureHasNoErrors) {
  // scripts/capture_har.py against python3 -m http.server.
  std::ifstream file(STATUSINFO_HAR_DIR "/python_http_server.har");
  ASSERT_TRUE(file.good());
  const std::string har((std::istreambuf_iterator<char>(file)), {});
  CliResult result = Check(har, /*json=*/true);
  EXPECT_EQ(result.exit_code, kExitOk) << result.out << result.err;
  const std::vector<std::string> lines = Lines(result.out);
  ASSERT_EQ(lines.size(), 10);  // nine exchanges and the summary
  std::vector<int> statuses;
  statuses.reserve(9);
  for (int i = 0; i < 9; ++i) {
    statuses.push_back(static_cast<int>(
        ParseLine(lines[i]).fields().at("status").number_value()));
  }
  EXPECT_THAT(statuses,
              ElementsAreArray({200, 200, 200, 200, 304, 404, 301, 501, 501}));
  EXPECT_THAT(UnaryRuleIds(har), Each("|"));  // no finding at all
}

TEST_F(HarCheckTest, TheHeadsFlagsDoNotMixWithHar) {
  CliOptions options;
  options.har = "x.har";
  options.has_content = true;
  CliResult result = testing::RunStatusinfo({"check"}, options, "", *client_);
  EXPECT_EQ(result.exit_code, kExitUsage);
  EXPECT_THAT(result.err, HasSubstr("check --har takes no FILE argument"));
}

TEST_F(HarCheckTest, AMissingFileExitsTwo) {
  CliOptions options;
  options.har = "/nonexistent/x.har";
  CliResult result = testing::RunStatusinfo({"check"}, options, "", *client_);
  EXPECT_EQ(result.exit_code, kExitUsage);
  EXPECT_THAT(result.err, HasSubstr("cannot open /nonexistent/x.har"));
}

}  // namespace
}  // namespace statusinfo::cli
