// Configuration of the binary: every flag in --help with its default as
// docs/operators.md documents it, the
// environment, the start-up line, and invalid settings that stop start-up
// with one line naming the setting.
#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"
#include "tests/e2e/server_process.h"
#include "tests/e2e/subprocess.h"
#include "tests/server/metrics_scrape.h"

namespace statusinfo::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::Pair;
using ::testing::StartsWith;

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  EXPECT_TRUE(file.good()) << path;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Each flag and its default, as --help prints them: an entry is a line
// "    --<flag> (<help>); default: <value>;", wrapped onto lines indented
// by six spaces; strings are quoted.
std::map<std::string, std::string> HelpDefaults(const std::string& help) {
  std::map<std::string, std::string> defaults;
  const std::string text = absl::StrReplaceAll(help, {{"\n      ", " "}});
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!absl::ConsumePrefix(&line, "    --")) continue;
    const size_t name_end = line.find(' ');
    const size_t at = line.rfind("; default: ");
    if (name_end == absl::string_view::npos || at == absl::string_view::npos) {
      ADD_FAILURE() << "not a flag entry: " << line;
      continue;
    }
    absl::string_view value = line.substr(at + strlen("; default: "));
    absl::ConsumeSuffix(&value, ";");
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    defaults[std::string(line.substr(0, name_end))] = std::string(value);
  }
  return defaults;
}

struct DocumentedFlag {
  std::string env;
  std::string default_value;
};

// The rows of docs/operators.md's flag table:
// | `--<flag>` | `<variable>` | `<default>` or (empty) | <meaning> |
std::map<std::string, DocumentedFlag> DocumentedFlags(const std::string& md) {
  std::map<std::string, DocumentedFlag> flags;
  for (absl::string_view line : absl::StrSplit(md, '\n')) {
    if (!absl::StartsWith(line, "| `--")) continue;
    const std::vector<std::string> cells = absl::StrSplit(line, '|');
    if (cells.size() < 5) {
      ADD_FAILURE() << "not a flag row: " << line;
      continue;
    }
    // The text of a cell's first `code`, e.g. the default of "`5m` (five)".
    auto code = [](absl::string_view cell) {
      const size_t open = cell.find('`');
      const size_t close = cell.find('`', open + 1);
      return open == absl::string_view::npos || close == absl::string_view::npos
                 ? std::string()
                 : std::string(cell.substr(open + 1, close - open - 1));
    };
    DocumentedFlag& flag = flags[code(cells[1]).substr(2)];
    flag.env = code(cells[2]);
    flag.default_value =
        absl::StripAsciiWhitespace(cells[3]) == "(empty)" ? "" : code(cells[3]);
  }
  return flags;
}

// docs/operators.md's flag table is the flags --help lists, with the same
// defaults (which the flags take from ServerConfig) and their variables.
TEST(ConfigE2eTest, OperatorsGuideHasEveryFlagOfHelpWithItsDefault) {
  CommandResult r = RunCommand({STATUSINFO_SERVER_BINARY, "--help"});
  EXPECT_THAT(r.out, HasSubstr("STATUSINFO_<FLAG NAME IN UPPER CASE>"));
  const std::map<std::string, std::string> help = HelpDefaults(r.out);
  ASSERT_THAT(help, Contains(Pair("address", "0.0.0.0:50051"))) << r.out;
  const std::map<std::string, DocumentedFlag> documented =
      DocumentedFlags(ReadFile(STATUSINFO_OPERATORS_MD));
  for (const auto& [flag, default_value] : help) {
    SCOPED_TRACE(flag);
    auto it = documented.find(flag);
    ASSERT_NE(it, documented.end()) << "not in docs/operators.md";
    EXPECT_EQ(it->second.default_value, default_value);
    EXPECT_EQ(it->second.env,
              absl::StrCat("STATUSINFO_", absl::AsciiStrToUpper(flag)));
  }
  for (const auto& [flag, row] : documented) {
    EXPECT_TRUE(help.count(flag)) << flag << ": documented, not a flag";
  }
}

// Runs the server expecting it not to start; returns its one error line.
std::string StartUpError(std::vector<std::string> args,
                         const std::vector<std::string>& env = {}) {
  args.insert(args.begin(), STATUSINFO_SERVER_BINARY);
  CommandResult r = RunCommand(args, "", absl::Seconds(30), env);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  std::optional<google::protobuf::Struct> line = ParseJsonLine(r.err);
  if (!line.has_value()) {
    ADD_FAILURE() << "not JSON: " << r.err;
    return "";
  }
  EXPECT_EQ(line->fields().at("level").string_value(), "error");
  return line->fields().at("error").string_value();
}

TEST(ConfigE2eTest, StartUpLineReportsPortsCatalogAndConfiguration) {
  ServerProcess server({"--metrics_address=127.0.0.1:0"});
  ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
  EXPECT_GT(server.metrics_port(), 0);
  const auto& f = server.serving().fields();
  // The health-only listener is off unless --health_address asks for it.
  EXPECT_EQ(f.at("health_port").number_value(), 0);
  EXPECT_EQ(f.at("level").string_value(), "info");
  EXPECT_EQ(f.at("address").string_value(), "127.0.0.1:0");
  EXPECT_FALSE(f.at("catalog_version").string_value().empty());
  EXPECT_GT(f.at("http_entries").number_value(), 60);
  const auto& config = f.at("config").struct_value().fields();
  EXPECT_EQ(config.at("metrics_address").string_value(), "127.0.0.1:0");
  EXPECT_EQ(config.at("drain_delay").string_value(), "0");
  EXPECT_EQ(config.at("tls").string_value(), "off");
  EXPECT_EQ(config.at("limits")
                .struct_value()
                .fields()
                .at("max_receive_message_bytes")
                .number_value(),
            1 << 20);
  EXPECT_EQ(config.at("limits")
                .struct_value()
                .fields()
                .at("memory_quota_bytes")
                .number_value(),
            256 << 20);
}

TEST(ConfigE2eTest, EnvironmentSetsFlagsAndTheCommandLineWins) {
  ServerProcess server(
      {"--drain_delay=0s"},
      {"STATUSINFO_MAX_STREAM_BATCH=7", "STATUSINFO_DRAIN_DELAY=30s",
       "STATUSINFO_METRICS_ADDRESS=127.0.0.1:0",
       "STATUSINFO_MEMORY_QUOTA_BYTES=33554432"});
  ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
  EXPECT_GT(server.metrics_port(), 0);
  const auto& config = server.serving().fields().at("config").struct_value();
  EXPECT_EQ(config.fields()
                .at("limits")
                .struct_value()
                .fields()
                .at("max_stream_batch")
                .number_value(),
            7);
  EXPECT_EQ(config.fields()
                .at("limits")
                .struct_value()
                .fields()
                .at("memory_quota_bytes")
                .number_value(),
            32 << 20);
  EXPECT_EQ(config.fields().at("drain_delay").string_value(), "0");
}

TEST(ConfigE2eTest, TextLogFormat) {
  std::vector<std::string> argv = {
      STATUSINFO_SERVER_BINARY, "--address=127.0.0.1:0", "--log_format=text"};
  Subprocess process(argv);
  std::optional<std::string> line =
      process.WaitForLine(" serving port=", absl::Seconds(20));
  ASSERT_TRUE(line.has_value()) << process.stderr_seen();
  EXPECT_THAT(*line, HasSubstr(" INFO serving port="));
  EXPECT_THAT(*line, HasSubstr(" config.limits.max_concurrent_streams=100"));
}

TEST(ConfigE2eTest, InvalidSettingsStopStartUpNamingTheSetting) {
  const struct {
    std::vector<std::string> args;
    const char* error;
  } kCases[] = {
      {{"--address=nonsense"}, "--address: "},
      {{"--address=127.0.0.1:99999"}, "--address: "},
      {{"--tls_cert_file=/nonexistent/tls.crt",
        "--tls_key_file=/nonexistent/tls.key"},
       "--tls_cert_file: cannot read /nonexistent/tls.crt: No such file or "
       "directory"},
      {{"--tls_client_ca_file=/ca.pem"}, "--tls_client_ca_file: "},
      {{"--max_concurrent_streams=-1"}, "--max_concurrent_streams: "},
      {{"--max_receive_message_bytes=-5"}, "--max_receive_message_bytes: "},
      {{"--keepalive_max_ping_strikes=-1"}, "--keepalive_max_ping_strikes: "},
      {{"--max_connection_age=-1s"}, "--max_connection_age: "},
      {{"--max_stream_batch=5000"}, "--max_stream_batch: "},
      {{"--memory_quota_bytes=65536"}, "--memory_quota_bytes: "},
      {{"--access_log_sample_rate=2"}, "--access_log_sample_rate: "},
      {{"--metrics_address=metrics"}, "--metrics_address: "},
      {{"--health_address=unix:/tmp/h.sock"}, "--health_address: "},
      {{"--address=127.0.0.1:50051", "--health_address=0.0.0.0:50051"},
       "--health_address: "},
      {{"--drain_delay=-5s"}, "--drain_delay: "},
      {{"--catalog_file=/nonexistent/catalog.textproto"}, "--catalog_file: "},
  };
  for (const auto& c : kCases) {
    EXPECT_THAT(StartUpError(c.args), StartsWith(c.error)) << c.args[0];
  }
}

TEST(ConfigE2eTest, BadEnvironmentValuesNameTheVariableOrTheFlag) {
  EXPECT_THAT(StartUpError({}, {"STATUSINFO_MAX_CONCURRENT_STREAMS=lots"}),
              HasSubstr("STATUSINFO_MAX_CONCURRENT_STREAMS=\"lots\""));
  EXPECT_THAT(StartUpError({}, {"STATUSINFO_MAX_STREAM_BATCH=0"}),
              StartsWith("--max_stream_batch: "));
}

TEST(ConfigE2eTest, PortsInUseStopStartUpNamingTheFlag) {
  ServerProcess first({"--metrics_address=127.0.0.1:0"});
  ASSERT_GT(first.port(), 0) << first.process().stderr_seen();
  EXPECT_THAT(StartUpError({absl::StrCat("--address=", first.target())}),
              StartsWith(absl::StrCat("--address: cannot listen on \"",
                                      first.target(), "\"")));
  EXPECT_THAT(StartUpError({"--address=127.0.0.1:0",
                            absl::StrCat("--metrics_address=127.0.0.1:",
                                         first.metrics_port())}),
              StartsWith("--metrics_address: cannot listen"));
}

TEST(ConfigE2eTest, UnparsableFlagValuesAreRejectedByTheParser) {
  for (const char* arg :
       {"--log_format=xml", "--log_level=loud", "--max_concurrent_streams=many",
        "--drain_delay=soon", "--no_such_flag=1"}) {
    CommandResult r = RunCommand({STATUSINFO_SERVER_BINARY, arg});
    EXPECT_NE(r.exit_code, 0) << arg;
    const std::string name(
        absl::string_view(arg).substr(2, absl::string_view(arg).find('=') - 2));
    EXPECT_THAT(r.err, HasSubstr(name)) << arg;
  }
}

TEST(ConfigE2eTest, MetricsOfTheBinaryCountCalls) {
  ServerProcess server({"--metrics_address=127.0.0.1:0"});
  ASSERT_GT(server.metrics_port(), 0) << server.process().stderr_seen();
  auto stub = v1::StatusInfoService::NewStub(
      grpc::CreateChannel(server.target(), grpc::InsecureChannelCredentials()));
  for (int code : {200, 42}) {
    grpc::ClientContext context;
    v1::GetStatusCodeRequest request;
    request.set_code(code);
    v1::StatusCode response;
    (void)stub->GetStatusCode(&context, request, &response);
  }
  absl::StatusOr<Samples> samples = Scrape(server.metrics_port());
  ASSERT_TRUE(samples.ok()) << samples.status();
  const Labels get = {{"grpc_method", "GetStatusCode"},
                      {"grpc_service", "statusinfo.v1.StatusInfoService"},
                      {"grpc_type", "unary"}};
  EXPECT_THAT(samples->Get("grpc_server_started_total", get), Optional(2.0));
  EXPECT_EQ(samples->Sum("grpc_server_handled_total", get), 2);
  EXPECT_GT(samples->Get("process_resident_memory_bytes").value_or(0), 0);
}

}  // namespace
}  // namespace statusinfo::testing
