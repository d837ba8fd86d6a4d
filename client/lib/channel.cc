#include "client/lib/channel.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "grpc/grpc.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/support/channel_arguments.h"

namespace statusinfo::client {
namespace {

// Reads a PEM file named by the option `option`. The error names the option
// because that is what the user typed (a flag or a config key).
absl::StatusOr<std::string> ReadPemFile(absl::string_view option,
                                        const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return absl::ErrnoToStatus(
        errno, absl::StrFormat("%s: cannot read \"%s\"", option, path));
  }
  std::string contents;
  char buffer[4096];
  size_t read;
  while ((read = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    contents.append(buffer, read);
  }
  const bool failed = std::ferror(file) != 0;
  const int error = errno;
  std::fclose(file);
  if (failed) {
    return absl::ErrnoToStatus(
        error, absl::StrFormat("%s: cannot read \"%s\"", option, path));
  }
  if (contents.empty()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: \"%s\" is empty", option, path));
  }
  return contents;
}

// Checks the TLS options that make no sense together. Sending plaintext when
// the user named certificates would be a quiet security failure.
absl::Status CheckTlsOptions(const ClientOptions& options) {
  if (!options.tls) {
    const char* set = !options.ca_file.empty()     ? "ca_file"
                      : !options.cert_file.empty() ? "cert_file"
                      : !options.key_file.empty()  ? "key_file"
                                                   : nullptr;
    if (set != nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(set, ": set, but tls is off; turn tls on"));
    }
  }
  if (options.cert_file.empty() != options.key_file.empty()) {
    return absl::InvalidArgumentError(
        options.cert_file.empty()
            ? "cert_file: required with key_file (mutual TLS needs both)"
            : "key_file: required with cert_file (mutual TLS needs both)");
  }
  return absl::OkStatus();
}

// The "methodConfig" member of the service config, without braces.
std::string MethodConfigJson(int max_attempts) {
  if (max_attempts <= 1) {
    return absl::StrCat(R"("methodConfig":[{"name":[{"service":")",
                        kStatusInfoServiceName, R"("}]}])");
  }
  // Every RPC of the service only reads the catalog, so a call that failed
  // with UNAVAILABLE (the server was not reached, refused the stream, or
  // went away) is safe to send again: no attempt can have changed anything.
  // CANCELLED too: gRPC 1.51's server answers CANCELLED to a call that
  // reaches it between the start of its shutdown and its GOAWAY (gRPC issue
  // 41785), which a client without health checking meets in rolling
  // restarts. gRPC never retries a call its caller cancelled.
  return absl::StrCat(
      R"("methodConfig":[{"name":[{"service":")", kStatusInfoServiceName,
      R"("}],"retryPolicy":{"maxAttempts":)", max_attempts,
      R"(,"initialBackoff":"0.05s","maxBackoff":"1s","backoffMultiplier":2,)"
      R"("retryableStatusCodes":["UNAVAILABLE","CANCELLED"]}}])");
}

// gRPC's channel arguments take milliseconds as int; INT_MAX means never.
int Milliseconds(absl::Duration d) {
  return static_cast<int>(
      std::min<int64_t>(absl::ToInt64Milliseconds(d), INT_MAX));
}

}  // namespace

std::string RetryServiceConfigJson(int max_attempts) {
  return absl::StrCat("{", MethodConfigJson(max_attempts), "}");
}

std::string LoadBalancingPolicyFor(const ClientOptions& options) {
  if (!options.load_balancing_policy.empty()) {
    return options.load_balancing_policy;
  }
  const absl::string_view target = options.target;
  const bool fleet = absl::StartsWith(target, "dns:") ||
                     ((absl::StartsWith(target, "ipv4:") ||
                       absl::StartsWith(target, "ipv6:")) &&
                      absl::StrContains(target, ','));
  return fleet ? "round_robin" : "pick_first";
}

std::string ServiceConfigJson(const ClientOptions& options) {
  std::string json =
      absl::StrCat(R"({"loadBalancingConfig":[{")",
                   LoadBalancingPolicyFor(options), R"(":{}}],)");
  if (options.health_check) {
    absl::StrAppend(&json, R"("healthCheckConfig":{"serviceName":")",
                    kStatusInfoServiceName, R"("},)");
  }
  absl::StrAppend(&json, MethodConfigJson(options.max_attempts), "}");
  return json;
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> CreateCredentials(
    const ClientOptions& options) {
  if (absl::Status status = CheckTlsOptions(options); !status.ok()) {
    return status;
  }
  if (!options.tls) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  if (!options.ca_file.empty()) {
    absl::StatusOr<std::string> pem = ReadPemFile("ca_file", options.ca_file);
    if (!pem.ok()) return pem.status();
    ssl.pem_root_certs = *std::move(pem);
  }
  if (!options.cert_file.empty()) {
    absl::StatusOr<std::string> cert =
        ReadPemFile("cert_file", options.cert_file);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadPemFile("key_file", options.key_file);
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *std::move(cert);
    ssl.pem_private_key = *std::move(key);
  }
  return grpc::SslCredentials(ssl);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> CreateClientChannel(
    const ClientOptions& options) {
  if (options.target.empty()) {
    return absl::InvalidArgumentError("target: must not be empty");
  }
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      CreateCredentials(options);
  if (!credentials.ok()) return credentials.status();
  if (const std::string& policy = options.load_balancing_policy;
      !policy.empty() && policy != "round_robin" && policy != "pick_first") {
    return absl::InvalidArgumentError(absl::StrCat(
        "load_balancing_policy: \"", policy,
        "\" is not one of round_robin, pick_first (or empty: automatic)"));
  }
  grpc::ChannelArguments arguments;
  arguments.SetServiceConfigJSON(ServiceConfigJson(options));
  if (options.keepalive_time != absl::InfiniteDuration()) {
    arguments.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS,
                     Milliseconds(options.keepalive_time));
    arguments.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                     Milliseconds(options.keepalive_timeout));
    // Pings on an idle connection are strikes at the server
    // (--keepalive_permit_without_calls is false).
    arguments.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 0);
  }
  return grpc::CreateCustomChannel(options.target, *credentials, arguments);
}

}  // namespace statusinfo::client
