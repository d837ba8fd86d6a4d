// Configuration of the binary: every flag in --help with its default, the
// environment, the start-up line, and invalid settings that stop start-up
// with one line naming the setting.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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

using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::StartsWith;

// Every flag of the server, as docs/operators.md lists them.
const char* const kFlags[] = {"address",
                              "catalog_file",
                              "tls_cert_file",
                              "tls_key_file",
                              "tls_client_ca_file",
                              "max_receive_message_bytes",
                              "max_concurrent_streams",
                              "keepalive_min_ping_interval",
                              "keepalive_max_ping_strikes",
                              "keepalive_permit_without_calls",
                              "max_connection_age",
                              "max_connection_age_grace",
                              "max_connection_idle",
                              "max_stream_batch",
                              "memory_quota_bytes",
                              "metrics_address",
                              "health_address",
                              "access_log_sample_rate",
                              "log_format",
                              "log_level",
                              "drain_delay",
                              "shutdown_timeout"};

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

TEST(ConfigE2eTest, HelpListsEveryFlagWithItsDefault) {
  CommandResult r = RunCommand({STATUSINFO_SERVER_BINARY, "--help"});
  for (const char* flag : kFlags) {
    const size_t at = r.out.find(absl::StrCat("--", flag, " ("));
    ASSERT_NE(at, std::string::npos) << flag << " missing from\n" << r.out;
    const size_t next = r.out.find("\n    --", at + 1);
    EXPECT_THAT(r.out.substr(at, next - at), HasSubstr("default: ")) << flag;
  }
  EXPECT_THAT(r.out, HasSubstr("STATUSINFO_<FLAG NAME IN UPPER CASE>"));
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
