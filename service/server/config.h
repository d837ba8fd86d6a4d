// Every setting of the server, in one struct that main fills from its flags
// (each field is named after its flag) and validates before anything starts.
//
// Example:
//
//   ServerConfig config;
//   config.address = "127.0.0.1:0";
//   config.tls.cert_file = "/etc/statusinfo/tls.crt";
//   config.tls.key_file = "/etc/statusinfo/tls.key";
//   if (absl::Status s = config.Validate(); !s.ok()) {
//     // s.message() names the flag, e.g.
//     // "--tls_cert_file: cannot read /x: No such file or directory"
//   }
//
// Each default is written here only: the flags of service/main.cc take
// theirs from these fields. docs/operators.md documents each setting, its
// default and its flag (tests/e2e/config_e2e_test.cc checks it against
// `statusinfo-server --help`).
#ifndef STATUSINFO_SERVICE_SERVER_CONFIG_H_
#define STATUSINFO_SERVICE_SERVER_CONFIG_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "service/server/logging.h"
#include "service/server/status_info_service.h"

namespace statusinfo::server {

// Transport security. Plaintext when cert_file is empty.
struct TlsConfig {
  // --tls_cert_file: PEM certificate chain of the server.
  std::string cert_file;
  // --tls_key_file: PEM private key of cert_file.
  std::string key_file;
  // --tls_client_ca_file: PEM CA certificates; when set, every client must
  // present a certificate they signed (mutual TLS).
  std::string client_ca_file;

  bool enabled() const { return !cert_file.empty(); }
  bool mutual() const { return !client_ca_file.empty(); }
};

// Per-connection limits, the keepalive and connection-age policy, and the
// process-wide memory quota. The defaults, and why, are in
// docs/operators.md.
struct ConnectionLimits {
  int max_receive_message_bytes = 1 << 20;
  int max_concurrent_streams = 100;
  // Clients that ping more often than this, more than max_ping_strikes
  // times in a row, are sent GOAWAY (ENHANCE_YOUR_CALM, "too_many_pings").
  absl::Duration keepalive_min_ping_interval = absl::Minutes(5);
  int keepalive_max_ping_strikes = 2;
  bool keepalive_permit_without_calls = false;
  // GOAWAY after this age (gRPC adds +-10% jitter), so that clients behind
  // an L4 balancer reconnect and spread over the replicas; calls in flight
  // get max_connection_age_grace to finish. Infinite: never.
  absl::Duration max_connection_age = absl::Minutes(30);
  absl::Duration max_connection_age_grace = absl::Minutes(5);
  // GOAWAY after this long without calls. Infinite: never.
  absl::Duration max_connection_idle = absl::InfiniteDuration();
  // Responses per StreamValidateResponses message, 1 to kMaxStreamBatch.
  int max_stream_batch = kMaxStreamBatch;
  // --memory_quota_bytes: gRPC's memory quota for the whole server (a
  // grpc::ResourceQuota): received bytes not yet read by a call, and
  // per-call memory, not the service's parsed messages. Over it, gRPC resets
  // streams (RESOURCE_EXHAUSTED) and closes connections until it is under
  // again, legitimate calls included. At least kMinMemoryQuotaBytes.
  int64_t memory_quota_bytes = int64_t{256} << 20;
};

// A floor against a value meant in KiB or MiB: with a quota that small gRPC
// refuses even light load (measured: 16 KiB failed most unary calls, 256 KiB
// every full-batch stream). Each call reading a full 1000-response batch
// counts 0.25 to 1 MB.
inline constexpr int64_t kMinMemoryQuotaBytes = int64_t{1} << 20;

// The HTTP/JSON listener (service/http/). Off when address is empty.
// Plaintext only (service/http/http_server.h says why).
struct HttpConfig {
  // --http_address: "host:port" (port 0: any free port); empty: no HTTP.
  std::string address;
  // --http_cors_origins: the origins ("https://example.com") whose browser
  // pages may call the API, comma-separated; "*" for any. Empty: none (no
  // CORS headers are sent).
  std::string cors_origins;
  // --http_threads: the threads of the HTTP listener's event loop. A
  // connection holds none while it waits, so this bounds the CPU the
  // listener uses, not the connections it serves (a request costs tens of
  // microseconds of CPU: bench/RESULTS.md).
  int threads = 2;
  // --http_max_connections: connections open at once. One more is answered
  // 503 with Retry-After (plaintext) or closed (TLS) at once, so that a
  // flood of idle connections cannot exhaust file descriptors or memory
  // (measured: about 8 KiB per idle plaintext connection, 80 KiB with
  // TLS).
  int max_connections = 1024;
  // --http_request_timeout: how long a request may take, from its first
  // byte to the last of its answer (and a TLS handshake), before the
  // connection is closed.
  absl::Duration request_timeout = absl::Seconds(10);
  // --http_idle_timeout: how long a keep-alive connection may wait for its
  // next request.
  absl::Duration idle_timeout = absl::Seconds(30);

  bool enabled() const { return !address.empty(); }
};

struct ServerConfig {
  // --address: where the gRPC server listens, "host:port" (port 0: any free
  // port), or "unix:/path".
  std::string address = "0.0.0.0:50051";
  // --catalog_file: extra catalog entries; empty for the built-in ones only.
  std::string catalog_file;
  TlsConfig tls;
  ConnectionLimits limits;
  // --metrics_address: where Prometheus scrapes /metrics, "host:port";
  // empty: no metrics.
  std::string metrics_address;
  // --health_address: where a plaintext listener serves grpc.health.v1.Health
  // alone, "host:port" (port 0: any free port); empty: none. For probes
  // that cannot present a client certificate, such as the kubelet's gRPC
  // probe when --tls_client_ca_file is set.
  std::string health_address;
  HttpConfig http;
  // --access_log_sample_rate: the fraction of calls logged, 0 to 1.
  double access_log_sample_rate = 0;
  LogFormat log_format = LogFormat::kJson;
  LogLevel log_level = LogLevel::kInfo;
  // --drain_delay: how long the server keeps serving after SIGTERM, with
  // health NOT_SERVING, before it stops accepting calls.
  absl::Duration drain_delay = absl::Seconds(5);
  // --shutdown_timeout: how long calls in flight then get to finish.
  absl::Duration shutdown_timeout = absl::Seconds(10);

  // OK, or INVALID_ARGUMENT whose message starts with the flag at fault:
  // "--<flag>: <problem>". Reads the TLS files, so that an unreadable one
  // stops start-up rather than the first handshake.
  absl::Status Validate() const;

  // The effective settings for the start-up log. Holds no secrets: file
  // names, never their contents.
  LogFields ToLogFields() const;
};

// Checks that `address` is "host:port" with a port from 0 to 65535 (IPv6
// hosts in brackets), or "unix:<path>" when `allow_unix`.
absl::Status CheckListenAddress(absl::string_view address, bool allow_unix);

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_CONFIG_H_
