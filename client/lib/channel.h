// The channel a StatusInfoClient talks over: credentials from the options'
// PEM files, and a service config with the load-balancing policy, health
// checking and a retry policy for UNAVAILABLE and CANCELLED
// (client_options.h).
//
// Example:
//
//   absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
//       CreateClientChannel(options);
//   if (!channel.ok()) return channel.status();  // e.g. "ca_file: ..."
#ifndef STATUSINFO_CLIENT_LIB_CHANNEL_H_
#define STATUSINFO_CLIENT_LIB_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "client/lib/client_options.h"
#include "grpcpp/channel.h"
#include "grpcpp/security/credentials.h"

namespace statusinfo::client {

// The fully qualified name of the service the retry policy covers.
inline constexpr char kStatusInfoServiceName[] =
    "statusinfo.v1.StatusInfoService";

// The gRPC service config JSON (gRPC doc/service_config.md, retryPolicy per
// gRFC A6) that retries UNAVAILABLE and CANCELLED (a server shutting down
// answers either; see channel.cc) on every method of kStatusInfoServiceName,
// trying each call at most `max_attempts` times. With max_attempts <= 1 it
// has no retry policy (gRPC rejects maxAttempts below 2).
std::string RetryServiceConfigJson(int max_attempts);

// The load-balancing policy of `options`: load_balancing_policy, or when it
// is empty, "round_robin" for a "dns:" target or an "ipv4:"/"ipv6:" target
// with several addresses, and "pick_first" otherwise.
std::string LoadBalancingPolicyFor(const ClientOptions& options);

// The channel's whole service config: loadBalancingConfig with the policy
// above, healthCheckConfig for kStatusInfoServiceName when
// options.health_check, and the retry policy of RetryServiceConfigJson.
std::string ServiceConfigJson(const ClientOptions& options);

// Insecure credentials, or TLS ones built from the options' PEM files. File
// errors are INVALID_ARGUMENT or NOT_FOUND naming the option, e.g.
// "ca_file: cannot read \"/x.pem\": No such file or directory".
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> CreateCredentials(
    const ClientOptions& options);

// One channel to options.target with the credentials, the service config
// above and the keepalive settings. gRPC connects lazily, so this succeeds
// for an unreachable target; calls then fail with UNAVAILABLE or
// DEADLINE_EXCEEDED. INVALID_ARGUMENT for an empty target or an unknown
// load_balancing_policy.
absl::StatusOr<std::shared_ptr<grpc::Channel>> CreateClientChannel(
    const ClientOptions& options);

}  // namespace statusinfo::client

#endif  // STATUSINFO_CLIENT_LIB_CHANNEL_H_
