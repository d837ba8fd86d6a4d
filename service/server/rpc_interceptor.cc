#include "service/server/rpc_interceptor.h"

#include <chrono>
#include <cmath>
#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/interceptor.h"
#include "grpcpp/support/status.h"
#include "service/server/logging.h"

namespace statusinfo::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

// The canonical code names, as grpc-status and the health check print them.
constexpr const char* kCodeNames[ServerMetrics::kNumCodes] = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED"};

// Observes one call. gRPC creates it when the call starts and deletes it
// when the call is over.
class ObservabilityInterceptor : public grpc::experimental::Interceptor {
 public:
  ObservabilityInterceptor(grpc::experimental::ServerRpcInfo* info,
                           const ServerMetrics::MethodMetrics* metrics,
                           bool access_log)
      : info_(info),
        metrics_(metrics),
        access_log_(access_log),
        start_(std::chrono::steady_clock::now()) {
    if (metrics_ != nullptr) metrics_->started->Increment();
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (metrics_ != nullptr) CountMessages(methods);
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void CountMessages(grpc::experimental::InterceptorBatchMethods* methods) {
    // A read that ends the stream reaches this hook with no message.
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() != nullptr) {
      metrics_->msg_received->Increment();
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      metrics_->msg_sent->Increment();
    }
  }

  void Finish(grpc::StatusCode code) {
    int index = static_cast<int>(code);
    if (index < 0 || index >= ServerMetrics::kNumCodes) index = grpc::UNKNOWN;
    const std::chrono::duration<double> seconds =
        std::chrono::steady_clock::now() - start_;
    if (metrics_ != nullptr) {
      metrics_->handled[index]->Increment();
      metrics_->handling_seconds->Observe(seconds.count());
    }
    if (access_log_) {
      LogEvent(LogLevel::kInfo, "access")
          .Add("method", info_->method())
          .Add("code", kCodeNames[index])
          .Add("latency_ms", seconds.count() * 1000)
          .Add("peer", info_->server_context()->peer());
    }
  }

  grpc::experimental::ServerRpcInfo* const info_;
  const ServerMetrics::MethodMetrics* const metrics_;
  const bool access_log_;
  const std::chrono::steady_clock::time_point start_;
};

}  // namespace

bool AccessLogSampler::Sample() {
  if (rate_ <= 0) return false;
  if (rate_ >= 1) return true;
  const uint64_t n = calls_.fetch_add(1, std::memory_order_relaxed);
  return std::floor(static_cast<double>(n + 1) * rate_) >
         std::floor(static_cast<double>(n) * rate_);
}

ObservabilityInterceptorFactory::ObservabilityInterceptorFactory(
    const ServerMetrics* metrics, double access_log_sample_rate,
    const std::vector<std::string>& self_instrumented)
    : metrics_(metrics),
      sampler_(access_log_sample_rate),
      self_instrumented_(self_instrumented.begin(), self_instrumented.end()) {}

grpc::experimental::Interceptor*
ObservabilityInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  const ServerMetrics::MethodMetrics* metrics =
      metrics_ == nullptr || self_instrumented_.contains(info->method())
          ? nullptr
          : metrics_->FindMethod(info->method());
  const bool access_log =
      sampler_.enabled() && sampler_.Sample() && LogEnabled(LogLevel::kInfo);
  if (metrics == nullptr && !access_log) return nullptr;
  return new ObservabilityInterceptor(info, metrics, access_log);
}

}  // namespace statusinfo::server
