#include "service/server/config.h"

#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "service/server/tls.h"

namespace statusinfo::server {
namespace {

absl::Status Invalid(absl::string_view flag, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", problem));
}

// gRPC takes sizes and counts as int; durations become int milliseconds.
absl::Status CheckPositive(absl::string_view flag, int64_t value) {
  if (value > 0) return absl::OkStatus();
  return Invalid(flag, absl::StrCat("must be positive, got ", value));
}

absl::Status CheckDuration(absl::string_view flag, absl::Duration value,
                           bool allow_zero) {
  if (value < absl::ZeroDuration() ||
      (!allow_zero && value == absl::ZeroDuration())) {
    return Invalid(
        flag, absl::StrCat("must be ", allow_zero ? "zero or more" : "positive",
                           ", got ", absl::FormatDuration(value)));
  }
  return absl::OkStatus();
}

absl::Status ValidateLimits(const ConnectionLimits& limits) {
  absl::Status status;
  status.Update(CheckPositive("max_receive_message_bytes",
                              limits.max_receive_message_bytes));
  status.Update(
      CheckPositive("max_concurrent_streams", limits.max_concurrent_streams));
  status.Update(CheckDuration("keepalive_min_ping_interval",
                              limits.keepalive_min_ping_interval, true));
  if (limits.keepalive_max_ping_strikes < 0) {
    status.Update(Invalid("keepalive_max_ping_strikes",
                          absl::StrCat("must be zero (no limit) or more, got ",
                                       limits.keepalive_max_ping_strikes)));
  }
  status.Update(
      CheckDuration("max_connection_age", limits.max_connection_age, false));
  status.Update(CheckDuration("max_connection_age_grace",
                              limits.max_connection_age_grace, true));
  status.Update(
      CheckDuration("max_connection_idle", limits.max_connection_idle, false));
  if (limits.max_stream_batch < 1 ||
      limits.max_stream_batch > kMaxStreamBatch) {
    status.Update(Invalid("max_stream_batch",
                          absl::StrCat("must be 1 to ", kMaxStreamBatch,
                                       ", got ", limits.max_stream_batch)));
  }
  if (limits.memory_quota_bytes < kMinMemoryQuotaBytes) {
    status.Update(
        Invalid("memory_quota_bytes",
                absl::StrCat("must be at least ", kMinMemoryQuotaBytes,
                             " (1 MiB), got ", limits.memory_quota_bytes)));
  }
  return status;
}

absl::Status ValidateObservability(const ServerConfig& config) {
  absl::Status status;
  if (!config.metrics_address.empty()) {
    status.Update(CheckListenAddress(config.metrics_address, false));
    if (!status.ok()) {
      status = Invalid("metrics_address", status.message());
    }
  }
  // Written so that NaN fails too.
  if (!(config.access_log_sample_rate >= 0 &&
        config.access_log_sample_rate <= 1)) {
    status.Update(Invalid(
        "access_log_sample_rate",
        absl::StrCat("must be 0 to 1, got ", config.access_log_sample_rate)));
  }
  return status;
}

// The port of a "host:port" that CheckListenAddress accepted; 0 for port 0
// (any free port) and for unix sockets, which cannot clash by number.
uint32_t FixedPort(absl::string_view address) {
  if (absl::StartsWith(address, "unix:") ||
      absl::StartsWith(address, "unix-abstract:")) {
    return 0;
  }
  uint32_t port = 0;
  const size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port)) {
    return 0;
  }
  return port;
}

absl::Status ValidateHealthAddress(const ServerConfig& config) {
  if (config.health_address.empty()) return absl::OkStatus();
  if (absl::Status s = CheckListenAddress(config.health_address, false);
      !s.ok()) {
    return Invalid("health_address", s.message());
  }
  // Compared by port alone: 0.0.0.0:P and 127.0.0.1:P clash too.
  const uint32_t port = FixedPort(config.health_address);
  if (port == 0) return absl::OkStatus();
  for (const auto& [flag, other] :
       {std::pair<absl::string_view, absl::string_view>{"address",
                                                        config.address},
        {"metrics_address", config.metrics_address}}) {
    if (!other.empty() && FixedPort(other) == port) {
      return Invalid(
          "health_address",
          absl::StrCat("port ", port, " must differ from --", flag, "'s"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateHttp(const ServerConfig& config) {
  const HttpConfig& http = config.http;
  if (!http.enabled()) return absl::OkStatus();
  if (absl::Status s = CheckListenAddress(http.address, false); !s.ok()) {
    return Invalid("http_address", s.message());
  }
  const uint32_t port = FixedPort(http.address);
  for (const auto& [flag, other] :
       {std::pair<absl::string_view, absl::string_view>{"address",
                                                        config.address},
        {"metrics_address", config.metrics_address},
        {"health_address", config.health_address}}) {
    if (port != 0 && !other.empty() && FixedPort(other) == port) {
      return Invalid(
          "http_address",
          absl::StrCat("port ", port, " must differ from --", flag, "'s"));
    }
  }
  if (absl::Status s = CheckPositive("http_threads", http.threads); !s.ok()) {
    return s;
  }
  if (absl::Status s =
          CheckPositive("http_max_connections", http.max_connections);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          CheckDuration("http_request_timeout", http.request_timeout, false);
      !s.ok()) {
    return s;
  }
  return CheckDuration("http_idle_timeout", http.idle_timeout, false);
}

}  // namespace

absl::Status CheckListenAddress(absl::string_view address, bool allow_unix) {
  if (allow_unix && (absl::StartsWith(address, "unix:") ||
                     absl::StartsWith(address, "unix-abstract:"))) {
    if (address.substr(address.find(':') + 1).empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", address, "\" names no socket path"));
    }
    return absl::OkStatus();
  }
  const size_t colon = address.rfind(':');
  absl::string_view host =
      colon == absl::string_view::npos ? "" : address.substr(0, colon);
  absl::string_view port =
      colon == absl::string_view::npos ? "" : address.substr(colon + 1);
  // A bare IPv6 address has colons of its own: it must be in brackets.
  const bool bracketed =
      absl::StartsWith(host, "[") && absl::EndsWith(host, "]");
  uint32_t port_number = 0;
  if (host.empty() || (!bracketed && absl::StrContains(host, ':')) ||
      absl::StrContains(host, ' ') || port.empty() ||
      port.find_first_not_of("0123456789") != absl::string_view::npos ||
      !absl::SimpleAtoi(port, &port_number) || port_number > 65535) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", address, "\" is not host:port (port 0 to 65535; IPv6 in [])"));
  }
  return absl::OkStatus();
}

absl::Status ServerConfig::Validate() const {
  if (absl::Status s = CheckListenAddress(address, true); !s.ok()) {
    return Invalid("address", s.message());
  }
  if (absl::Status s = ReadTlsFiles(tls).status(); !s.ok()) return s;
  if (absl::Status s = ValidateLimits(limits); !s.ok()) return s;
  if (absl::Status s = ValidateObservability(*this); !s.ok()) return s;
  if (absl::Status s = ValidateHealthAddress(*this); !s.ok()) return s;
  if (absl::Status s = ValidateHttp(*this); !s.ok()) return s;
  if (absl::Status s = CheckDuration("drain_delay", drain_delay, true);
      !s.ok()) {
    return s;
  }
  return CheckDuration("shutdown_timeout", shutdown_timeout, true);
}

LogFields ServerConfig::ToLogFields() const {
  LogFields limit_fields;
  limit_fields
      .Add("max_receive_message_bytes", limits.max_receive_message_bytes)
      .Add("max_concurrent_streams", limits.max_concurrent_streams)
      .Add("keepalive_min_ping_interval", limits.keepalive_min_ping_interval)
      .Add("keepalive_max_ping_strikes", limits.keepalive_max_ping_strikes)
      .Add("keepalive_permit_without_calls",
           limits.keepalive_permit_without_calls)
      .Add("max_connection_age", limits.max_connection_age)
      .Add("max_connection_age_grace", limits.max_connection_age_grace)
      .Add("max_connection_idle", limits.max_connection_idle)
      .Add("max_stream_batch", limits.max_stream_batch)
      .Add("memory_quota_bytes", limits.memory_quota_bytes);
  LogFields fields;
  fields.Add("address", address)
      .Add("catalog_file", catalog_file)
      .Add("tls", tls.mutual()    ? "mutual"
                  : tls.enabled() ? "on"
                                  : "off")
      .Add("tls_cert_file", tls.cert_file)
      .Add("tls_key_file", tls.key_file)
      .Add("tls_client_ca_file", tls.client_ca_file)
      // Moved once; cppcheck misreads the chained call as a second use.
      // cppcheck-suppress accessMoved
      .Add("limits", std::move(limit_fields))
      .Add("metrics_address", metrics_address)
      .Add("health_address", health_address)
      .Add("http_address", http.address)
      .Add("http_cors_origins", http.cors_origins)
      .Add("http_threads", http.threads)
      .Add("http_max_connections", http.max_connections)
      .Add("http_request_timeout", http.request_timeout)
      .Add("http_idle_timeout", http.idle_timeout)
      .Add("access_log_sample_rate", access_log_sample_rate)
      .Add("log_format", AbslUnparseFlag(log_format))
      .Add("log_level", AbslUnparseFlag(log_level))
      .Add("drain_delay", drain_delay)
      .Add("shutdown_timeout", shutdown_timeout);
  return fields;
}

}  // namespace statusinfo::server
