// The per-call observer: RPC metrics (ServerMetrics) and the sampled access
// log, as one gRPC server interceptor.
//
// The server installs it only when metrics or the access log are on, so
// with both off a call pays nothing. When on, a call costs one lookup in an
// immutable map, a few atomic increments and two clock reads; access-log
// lines are built only for sampled calls.
//
// Example:
//
//   std::vector<std::unique_ptr<
//       grpc::experimental::ServerInterceptorFactoryInterface>> factories;
//   factories.push_back(std::make_unique<ObservabilityInterceptorFactory>(
//       &metrics, /*access_log_sample_rate=*/0.01));
//   builder.experimental().SetInterceptorCreators(std::move(factories));
#ifndef STATUSINFO_SERVICE_SERVER_RPC_INTERCEPTOR_H_
#define STATUSINFO_SERVICE_SERVER_RPC_INTERCEPTOR_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/server_interceptor.h"
#include "grpcpp/support/status_code_enum.h"
#include "service/server/metrics.h"

namespace statusinfo::server {

// Picks which calls the access log records: exactly floor(n * rate) of the
// first n, spread evenly, so that tests and operators can predict it.
class AccessLogSampler {
 public:
  explicit AccessLogSampler(double rate) : rate_(rate) {}

  bool enabled() const { return rate_ > 0; }
  bool Sample();

 private:
  const double rate_;
  std::atomic<uint64_t> calls_{0};
};

// Writes the access log line of one call: its method
// ("/package.Service/Method"), status code (by google.rpc.Code's name),
// latency and peer ("ipv4:127.0.0.1:5000"), whatever its transport.
void LogAccess(absl::string_view method, grpc::StatusCode code, double seconds,
               absl::string_view peer);

class ObservabilityInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `metrics` may be null (access log only) and must outlive the server.
  // `access_log_sample_rate` is 0 (off) to 1 (every call). The methods in
  // `self_instrumented` ("/package.Service/Method") record their own
  // metrics, with the same CallRecorder (RawService::
  // SelfInstrumentedMethods): their calls get an interceptor only when the
  // access log samples them, and it then records no metrics.
  ObservabilityInterceptorFactory(
      const ServerMetrics* metrics, double access_log_sample_rate,
      const std::vector<std::string>& self_instrumented = {});

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  const ServerMetrics* const metrics_;
  AccessLogSampler sampler_;
  const absl::flat_hash_set<std::string> self_instrumented_;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_RPC_INTERCEPTOR_H_
