// ServerConfig::Validate: every bad setting stops start-up with a message
// that names its flag.
#include "service/server/config.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/server/tls.h"
#include "tests/server/test_certs.h"

namespace statusinfo::server {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::string ErrorOf(const ServerConfig& config) {
  absl::Status status = config.Validate();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  return std::string(status.message());
}

TEST(ServerConfigTest, DefaultsAreValid) {
  EXPECT_TRUE(ServerConfig().Validate().ok()) << ServerConfig().Validate();
}

TEST(ServerConfigTest, AddressesThatParse) {
  for (const char* address :
       {"0.0.0.0:50051", "127.0.0.1:0", "localhost:8080", "[::]:50051",
        "[::1]:0", "unix:/tmp/statusinfo.sock"}) {
    ServerConfig config;
    config.address = address;
    EXPECT_TRUE(config.Validate().ok()) << address << ": " << config.Validate();
  }
}

TEST(ServerConfigTest, UnparsableAddressNamesTheFlag) {
  for (const char* address :
       {"nonsense", "127.0.0.1", "127.0.0.1:", ":50051", "127.0.0.1:65536",
        "127.0.0.1:http", "::1:80", "unix:", "host name:1"}) {
    ServerConfig config;
    config.address = address;
    EXPECT_THAT(ErrorOf(config), StartsWith("--address: ")) << address;
  }
}

TEST(ServerConfigTest, MetricsAddressMustBeHostPort) {
  ServerConfig config;
  config.metrics_address = "unix:/tmp/m.sock";
  EXPECT_THAT(ErrorOf(config), StartsWith("--metrics_address: "));
  config.metrics_address = "127.0.0.1:0";
  EXPECT_TRUE(config.Validate().ok());
}

TEST(ServerConfigTest, HealthAddressMustBeHostPort) {
  for (const char* address :
       {"unix:/tmp/h.sock", "nonsense", "127.0.0.1:", "127.0.0.1:65536"}) {
    ServerConfig config;
    config.health_address = address;
    EXPECT_THAT(ErrorOf(config), StartsWith("--health_address: ")) << address;
  }
  for (const char* address : {"127.0.0.1:0", "0.0.0.0:8081", "[::]:8081"}) {
    ServerConfig config;
    config.health_address = address;
    EXPECT_TRUE(config.Validate().ok()) << address << ": " << config.Validate();
  }
}

TEST(ServerConfigTest, HealthPortMustDifferFromTheOtherFixedPorts) {
  ServerConfig config;
  config.address = "0.0.0.0:50051";
  config.metrics_address = "0.0.0.0:9090";
  config.health_address = "127.0.0.1:50051";
  EXPECT_THAT(ErrorOf(config),
              AllOf(StartsWith("--health_address: "), HasSubstr("--address")));
  config.health_address = "0.0.0.0:9090";
  EXPECT_THAT(ErrorOf(config), AllOf(StartsWith("--health_address: "),
                                     HasSubstr("--metrics_address")));
  config.health_address = "0.0.0.0:8081";
  EXPECT_TRUE(config.Validate().ok()) << config.Validate();
  // Port 0 is a different free port each time; a unix socket has none.
  config.address = "127.0.0.1:0";
  config.metrics_address = "127.0.0.1:0";
  config.health_address = "127.0.0.1:0";
  EXPECT_TRUE(config.Validate().ok()) << config.Validate();
  config.address = "unix:/tmp/statusinfo.sock";
  config.health_address = "127.0.0.1:50051";
  EXPECT_TRUE(config.Validate().ok()) << config.Validate();
}

TEST(ServerConfigTest, HttpSettingsNameTheirFlag) {
  ServerConfig config;
  config.http.address = "127.0.0.1:0";
  EXPECT_TRUE(config.Validate().ok());
  for (const char* address : {"8080", "host:99999"}) {
    config.http.address = address;
    EXPECT_THAT(ErrorOf(config), StartsWith("--http_address: ")) << address;
  }
  config.http.address = "0.0.0.0:50051";
  EXPECT_THAT(ErrorOf(config),
              AllOf(StartsWith("--http_address: "), HasSubstr("--address")));
  config.http.address = "0.0.0.0:8080";
  config.http.threads = 0;
  EXPECT_THAT(ErrorOf(config), StartsWith("--http_threads: "));
  config.http.threads = 4;
  config.http.max_connections = 0;
  EXPECT_THAT(ErrorOf(config), StartsWith("--http_max_connections: "));
  config.http.max_connections = 10;
  config.http.request_timeout = absl::ZeroDuration();
  EXPECT_THAT(ErrorOf(config), StartsWith("--http_request_timeout: "));
  config.http.request_timeout = absl::Seconds(1);
  config.http.idle_timeout = -absl::Seconds(1);
  EXPECT_THAT(ErrorOf(config), StartsWith("--http_idle_timeout: "));
}

TEST(ServerConfigTest, NegativeOrZeroLimitsNameTheirFlag) {
  const struct {
    const char* flag;
    void (*set)(ConnectionLimits&);
  } kCases[] = {
      {"max_receive_message_bytes",
       [](ConnectionLimits& l) { l.max_receive_message_bytes = -1; }},
      {"max_receive_message_bytes",
       [](ConnectionLimits& l) { l.max_receive_message_bytes = 0; }},
      {"max_concurrent_streams",
       [](ConnectionLimits& l) { l.max_concurrent_streams = -5; }},
      {"keepalive_min_ping_interval",
       [](ConnectionLimits& l) {
         l.keepalive_min_ping_interval = absl::Seconds(-1);
       }},
      {"keepalive_max_ping_strikes",
       [](ConnectionLimits& l) { l.keepalive_max_ping_strikes = -1; }},
      {"max_connection_age",
       [](ConnectionLimits& l) {
         l.max_connection_age = absl::ZeroDuration();
       }},
      {"max_connection_age_grace",
       [](ConnectionLimits& l) {
         l.max_connection_age_grace = absl::Seconds(-2);
       }},
      {"max_connection_idle",
       [](ConnectionLimits& l) {
         l.max_connection_idle = -absl::Milliseconds(1);
       }},
      {"max_stream_batch", [](ConnectionLimits& l) { l.max_stream_batch = 0; }},
      {"max_stream_batch",
       [](ConnectionLimits& l) { l.max_stream_batch = 1001; }},
      {"memory_quota_bytes",
       [](ConnectionLimits& l) { l.memory_quota_bytes = 0; }},
      {"memory_quota_bytes",
       [](ConnectionLimits& l) { l.memory_quota_bytes = -1; }},
      {"memory_quota_bytes",
       [](ConnectionLimits& l) { l.memory_quota_bytes = (1 << 20) - 1; }},
  };
  for (const auto& c : kCases) {
    ServerConfig config;
    c.set(config.limits);
    EXPECT_THAT(ErrorOf(config), StartsWith(absl::StrCat("--", c.flag, ": ")));
  }
}

TEST(ServerConfigTest, MemoryQuotaIsAtLeastOneMebibyte) {
  ServerConfig config;
  config.limits.memory_quota_bytes = 1 << 20;
  EXPECT_TRUE(config.Validate().ok()) << config.Validate();
  config.limits.memory_quota_bytes = int64_t{64} << 30;  // over INT_MAX
  EXPECT_TRUE(config.Validate().ok()) << config.Validate();
  config.limits.memory_quota_bytes = 1000;
  EXPECT_EQ(ErrorOf(config),
            "--memory_quota_bytes: must be at least 1048576 (1 MiB), got 1000");
}

TEST(ServerConfigTest, DurationsAndRatesOutOfRangeNameTheirFlag) {
  ServerConfig config;
  config.drain_delay = absl::Seconds(-1);
  EXPECT_THAT(ErrorOf(config), StartsWith("--drain_delay: "));
  config = ServerConfig();
  config.shutdown_timeout = absl::Seconds(-1);
  EXPECT_THAT(ErrorOf(config), StartsWith("--shutdown_timeout: "));
  for (double rate : {-0.1, 1.5, std::nan("")}) {
    config = ServerConfig();
    config.access_log_sample_rate = rate;
    EXPECT_THAT(ErrorOf(config), StartsWith("--access_log_sample_rate: "));
  }
}

TEST(ServerConfigTest, ZeroDrainAndTimeoutAreAllowed) {
  ServerConfig config;
  config.drain_delay = absl::ZeroDuration();
  config.shutdown_timeout = absl::ZeroDuration();
  config.limits.max_connection_age = absl::InfiniteDuration();
  EXPECT_TRUE(config.Validate().ok());
}

TEST(ServerConfigTest, UnreadableCertificateNamesFlagPathAndReason) {
  ServerConfig config;
  config.tls.cert_file = "/nonexistent/tls.crt";
  config.tls.key_file = "/nonexistent/tls.key";
  EXPECT_EQ(ErrorOf(config),
            "--tls_cert_file: cannot read /nonexistent/tls.crt: No such file "
            "or directory");
}

TEST(ServerConfigTest, TlsSettingsThatDoNotGoTogether) {
  ServerConfig config;
  config.tls.key_file = "/k";
  EXPECT_THAT(ErrorOf(config), StartsWith("--tls_key_file: "));
  config = ServerConfig();
  config.tls.client_ca_file = "/ca";
  EXPECT_THAT(ErrorOf(config), StartsWith("--tls_client_ca_file: "));
  config = ServerConfig();
  config.tls.cert_file = "/c";
  EXPECT_THAT(ErrorOf(config), StartsWith("--tls_key_file: "));
}

TEST(ServerConfigTest, FilesOfTheWrongKindNameTheirFlag) {
  absl::StatusOr<testing::TestCerts> certs = testing::TestCerts::Generate();
  ASSERT_TRUE(certs.ok()) << certs.status();
  ServerConfig config;
  config.tls.cert_file = certs->server_key;  // a key where a cert belongs
  config.tls.key_file = certs->server_key;
  EXPECT_THAT(ErrorOf(config), StartsWith("--tls_cert_file: "));
  config.tls.cert_file = certs->server_cert;
  config.tls.key_file = certs->server_cert;
  EXPECT_THAT(ErrorOf(config), StartsWith("--tls_key_file: "));
  config.tls.key_file = certs->server_key;
  config.tls.client_ca_file = "/nonexistent/ca.pem";
  EXPECT_THAT(ErrorOf(config), StartsWith("--tls_client_ca_file: "));
  config.tls.client_ca_file = certs->ca_cert;
  EXPECT_TRUE(config.Validate().ok()) << config.Validate();
  absl::StatusOr<TlsFiles> files = ReadTlsFiles(config.tls);
  ASSERT_TRUE(files.ok());
  EXPECT_THAT(files->private_key, HasSubstr("PRIVATE KEY"));
}

TEST(ServerConfigTest, LogFieldsNameFilesButHoldNoKeyMaterial) {
  absl::StatusOr<testing::TestCerts> certs = testing::TestCerts::Generate();
  ASSERT_TRUE(certs.ok()) << certs.status();
  ServerConfig config;
  config.tls.cert_file = certs->server_cert;
  config.tls.key_file = certs->server_key;
  std::string json;
  config.ToLogFields().AppendJson(json);
  EXPECT_THAT(json, HasSubstr(certs->server_key));
  EXPECT_THAT(json, HasSubstr("\"tls\":\"on\""));
  EXPECT_THAT(json, HasSubstr("\"max_connection_idle\":\"inf\""));
  EXPECT_THAT(json, HasSubstr("\"memory_quota_bytes\":268435456"));
  EXPECT_THAT(json, Not(HasSubstr("PRIVATE KEY")));
  EXPECT_THAT(json, Not(HasSubstr("BEGIN")));
}

}  // namespace
}  // namespace statusinfo::server
