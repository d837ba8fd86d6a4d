// statusinfo-server: flags and wiring only. service/server/config.h holds
// what the flags mean and their defaults; docs/operators.md documents every
// flag (tests/e2e/config_e2e_test.cc checks it against --help).
#include <cstdint>
#include <string>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/core/catalog_loader.h"
#include "service/http/http_server.h"
#include "service/server/config.h"
#include "service/server/drain.h"
#include "service/server/flags_from_env.h"
#include "service/server/logging.h"
#include "service/server/server.h"

namespace s = ::statusinfo::server;

namespace {

// Each flag's default is its ServerConfig field's (config.h): written once.
const s::ServerConfig& Defaults() {
  static const s::ServerConfig* const defaults = new s::ServerConfig();
  return *defaults;
}

}  // namespace

ABSL_FLAG(std::string, address, Defaults().address,
          "Where the gRPC server listens: host:port, [ipv6]:port or "
          "unix:/path. Port 0 picks a free port; the start-up log reports it.");
ABSL_FLAG(std::string, catalog_file, Defaults().catalog_file,
          "A text-format statusinfo.v1.StatusCatalog whose entries are merged "
          "over the built-in catalog (an entry replaces the built-in one with "
          "the same code). Empty: the built-in catalog only.");
ABSL_FLAG(std::string, tls_cert_file, Defaults().tls.cert_file,
          "PEM certificate chain for TLS. Empty: plaintext.");
ABSL_FLAG(std::string, tls_key_file, Defaults().tls.key_file,
          "PEM private key of --tls_cert_file. Required with it.");
ABSL_FLAG(std::string, tls_client_ca_file, Defaults().tls.client_ca_file,
          "PEM CA certificates. When set, clients must present a certificate "
          "signed by one of them (mutual TLS). Needs --tls_cert_file.");
ABSL_FLAG(int, max_receive_message_bytes,
          Defaults().limits.max_receive_message_bytes,
          "Largest request message accepted, in bytes; larger ones fail with "
          "RESOURCE_EXHAUSTED.");
ABSL_FLAG(int, max_concurrent_streams, Defaults().limits.max_concurrent_streams,
          "Most calls in flight on one HTTP/2 connection.");
ABSL_FLAG(absl::Duration, keepalive_min_ping_interval,
          Defaults().limits.keepalive_min_ping_interval,
          "Shortest interval between client pings the server accepts (when "
          "it is not sending data); faster pings count as strikes.");
ABSL_FLAG(int, keepalive_max_ping_strikes,
          Defaults().limits.keepalive_max_ping_strikes,
          "Strikes after which a client that pings too often is sent GOAWAY "
          "(too_many_pings). 0: no limit.");
ABSL_FLAG(bool, keepalive_permit_without_calls,
          Defaults().limits.keepalive_permit_without_calls,
          "Accept keepalive pings on connections with no call in flight. When "
          "false, such pings more often than every 2h are strikes.");
ABSL_FLAG(absl::Duration, max_connection_age,
          Defaults().limits.max_connection_age,
          "GOAWAY after a connection is this old (+-10% jitter), so that "
          "clients reconnect and spread over replicas behind an L4 "
          "balancer. inf: never.");
ABSL_FLAG(absl::Duration, max_connection_age_grace,
          Defaults().limits.max_connection_age_grace,
          "After the age GOAWAY, how long calls in flight may run before the "
          "connection is closed. inf: as long as they take.");
ABSL_FLAG(absl::Duration, max_connection_idle,
          Defaults().limits.max_connection_idle,
          "GOAWAY after a connection has had no call for this long. inf: "
          "never.");
ABSL_FLAG(int, max_stream_batch, Defaults().limits.max_stream_batch,
          "Most responses in one StreamValidateResponses message, 1 to 1000.");
ABSL_FLAG(int64_t, memory_quota_bytes, Defaults().limits.memory_quota_bytes,
          "gRPC's memory quota for the whole server, in bytes (at least 1 "
          "MiB): received bytes not yet read by a call, and per-call memory. "
          "Over it, gRPC resets streams (RESOURCE_EXHAUSTED) and closes "
          "connections, legitimate calls included: size it above peak load.");
ABSL_FLAG(std::string, metrics_address, Defaults().metrics_address,
          "Where Prometheus scrapes /metrics: host:port (port 0 picks a free "
          "port, reported at start-up). Empty: no metrics.");
ABSL_FLAG(std::string, health_address, Defaults().health_address,
          "Where a plaintext listener serves grpc.health.v1.Health only, for "
          "probes that cannot present a client certificate (the kubelet's "
          "gRPC probe under --tls_client_ca_file): host:port (port 0 picks a "
          "free port, reported at start-up). Empty: none.");
ABSL_FLAG(std::string, http_address, Defaults().http.address,
          "Where the HTTP/JSON API (the proto's google.api.http routes) and "
          "the web page are served: host:port (port 0 picks a free port, "
          "reported at start-up). HTTPS with --tls_cert_file, with client "
          "certificates required under --tls_client_ca_file. Empty: no HTTP.");
ABSL_FLAG(std::string, http_cors_origins, Defaults().http.cors_origins,
          "Origins whose browser pages may call the HTTP API "
          "(https://example.com), comma-separated; * for any. Empty: none.");
ABSL_FLAG(int, http_threads, Defaults().http.threads,
          "Threads of the HTTP listener's event loop: the CPU it may use, "
          "not a bound on its connections.");
ABSL_FLAG(int, http_max_connections, Defaults().http.max_connections,
          "HTTP connections open at once; one more is answered 503 and "
          "closed (TLS: closed).");
ABSL_FLAG(absl::Duration, http_request_timeout, Defaults().http.request_timeout,
          "How long an HTTP request's head and body may take to arrive (and "
          "its answer to be written) before the connection is closed.");
ABSL_FLAG(absl::Duration, http_idle_timeout, Defaults().http.idle_timeout,
          "How long an HTTP keep-alive connection may wait for its next "
          "request before it is closed.");
ABSL_FLAG(double, access_log_sample_rate, Defaults().access_log_sample_rate,
          "Fraction of calls written to the access log, 0 to 1. 0: off.");
ABSL_FLAG(s::LogFormat, log_format, Defaults().log_format,
          "json (one object a line) or text.");
ABSL_FLAG(s::LogLevel, log_level, Defaults().log_level,
          "Lowest level logged: debug, info, warning or error.");
ABSL_FLAG(absl::Duration, drain_delay, Defaults().drain_delay,
          "On SIGTERM or SIGINT, how long the server keeps answering with "
          "health NOT_SERVING before it stops accepting calls.");
ABSL_FLAG(absl::Duration, shutdown_timeout, Defaults().shutdown_timeout,
          "After the drain delay, how long calls in flight may take to "
          "finish before they are cancelled.");

namespace {

s::ServerConfig ConfigFromFlags() {
  s::ServerConfig c;
  c.address = absl::GetFlag(FLAGS_address);
  c.catalog_file = absl::GetFlag(FLAGS_catalog_file);
  c.tls.cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  c.tls.key_file = absl::GetFlag(FLAGS_tls_key_file);
  c.tls.client_ca_file = absl::GetFlag(FLAGS_tls_client_ca_file);
  s::ConnectionLimits& l = c.limits;
  l.max_receive_message_bytes = absl::GetFlag(FLAGS_max_receive_message_bytes);
  l.max_concurrent_streams = absl::GetFlag(FLAGS_max_concurrent_streams);
  l.keepalive_min_ping_interval =
      absl::GetFlag(FLAGS_keepalive_min_ping_interval);
  l.keepalive_max_ping_strikes =
      absl::GetFlag(FLAGS_keepalive_max_ping_strikes);
  l.keepalive_permit_without_calls =
      absl::GetFlag(FLAGS_keepalive_permit_without_calls);
  l.max_connection_age = absl::GetFlag(FLAGS_max_connection_age);
  l.max_connection_age_grace = absl::GetFlag(FLAGS_max_connection_age_grace);
  l.max_connection_idle = absl::GetFlag(FLAGS_max_connection_idle);
  l.max_stream_batch = absl::GetFlag(FLAGS_max_stream_batch);
  l.memory_quota_bytes = absl::GetFlag(FLAGS_memory_quota_bytes);
  c.metrics_address = absl::GetFlag(FLAGS_metrics_address);
  c.health_address = absl::GetFlag(FLAGS_health_address);
  c.http.address = absl::GetFlag(FLAGS_http_address);
  c.http.cors_origins = absl::GetFlag(FLAGS_http_cors_origins);
  c.http.threads = absl::GetFlag(FLAGS_http_threads);
  c.http.max_connections = absl::GetFlag(FLAGS_http_max_connections);
  c.http.request_timeout = absl::GetFlag(FLAGS_http_request_timeout);
  c.http.idle_timeout = absl::GetFlag(FLAGS_http_idle_timeout);
  c.access_log_sample_rate = absl::GetFlag(FLAGS_access_log_sample_rate);
  c.log_format = absl::GetFlag(FLAGS_log_format);
  c.log_level = absl::GetFlag(FLAGS_log_level);
  c.drain_delay = absl::GetFlag(FLAGS_drain_delay);
  c.shutdown_timeout = absl::GetFlag(FLAGS_shutdown_timeout);
  return c;
}

// --help lists the flags of this file (absl's default looks for a file
// named after the program).
void SetUpHelp() {
  absl::SetProgramUsageMessage(
      "Serves statusinfo.v1.StatusInfoService. Every flag can also be set "
      "through the environment as STATUSINFO_<FLAG NAME IN UPPER CASE>; the "
      "command line wins.");
  absl::FlagsUsageConfig usage;
  usage.contains_help_flags = [](absl::string_view file) {
    return absl::EndsWith(file, "service/main.cc");
  };
  usage.contains_helpshort_flags = usage.contains_help_flags;
  usage.version_string = [] {
    return absl::StrCat("statusinfo-server ", s::ServerVersion(), "\n");
  };
  absl::SetFlagsUsageConfig(usage);
}

// Start-up failures: one line naming the setting (with what gRPC said, if
// anything), and exit status 2.
int Fail(absl::string_view event, const absl::Status& status) {
  const std::string grpc_detail = s::TakeHeldGrpcLogs();
  s::LogEvent line(s::LogLevel::kError, event);
  line.Add("error", status.message());
  if (!grpc_detail.empty()) line.Add("grpc_detail", grpc_detail);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  SetUpHelp();
  absl::Status env =
      s::SetFlagsFromEnvironment("STATUSINFO_", "service/main.cc");
  absl::ParseCommandLine(argc, argv);
  const s::ServerConfig config = ConfigFromFlags();
  s::SetLogOptions(config.log_format, config.log_level);
  s::RouteGrpcLogs(/*hold=*/true);  // until start-up has succeeded
  s::RouteProtobufLogs();
  if (!env.ok()) return Fail("config_error", env);
  // Before any thread starts, so that every thread inherits the mask.
  const sigset_t signals = s::BlockShutdownSignals();
  if (absl::Status valid = config.Validate(); !valid.ok()) {
    return Fail("config_error", valid);
  }
  absl::StatusOr<statusinfo::core::Catalog> catalog =
      statusinfo::core::LoadCatalog(config.catalog_file);
  if (!catalog.ok()) {
    return Fail("config_error",
                absl::Status(catalog.status().code(),
                             absl::StrCat("--catalog_file: ",
                                          catalog.status().message())));
  }
  const std::string catalog_version = catalog->version();
  const int entries = static_cast<int>(catalog->entries().size());
  auto server = s::StatusInfoServer::Start(*std::move(catalog), config);
  if (!server.ok()) return Fail("start_failed", server.status());
  int http_port = 0;
  if (config.http.enabled()) {
    auto http = statusinfo::http::HttpServer::Start(**server, config);
    if (!http.ok()) return Fail("start_failed", http.status());
    http_port = (*http)->port();
    (*server)->AddListener(*std::move(http));
  }
  s::ReleaseGrpcLogs();
  s::LogEvent(s::LogLevel::kInfo, "serving")
      .Add("port", (*server)->port())
      .Add("metrics_port", (*server)->metrics_port())
      .Add("health_port", (*server)->health_port())
      .Add("http_port", http_port)
      .Add("address", config.address)
      .Add("version", s::ServerVersion())
      .Add("catalog_version", catalog_version)
      .Add("http_entries", entries)
      .Add("config", config.ToLogFields());
  return s::ServeUntilSignalled(**server, signals, config);
}
