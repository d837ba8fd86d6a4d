#include "service/server/rpc_interceptor.h"

#include <chrono>
#include <cmath>
#include <string>

#include "absl/strings/string_view.h"
#include "google/rpc/code.pb.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/interceptor.h"
#include "grpcpp/support/status.h"
#include "service/server/logging.h"

namespace statusinfo::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Observes one call. gRPC creates it when the call starts and deletes it
// when the call is over.
class ObservabilityInterceptor : public grpc::experimental::Interceptor {
 public:
  ObservabilityInterceptor(grpc::experimental::ServerRpcInfo* info,
                           const ServerMetrics::MethodMetrics* metrics,
                           bool access_log)
      : info_(info), call_(metrics), access_log_(access_log) {
    if (access_log_) start_ = std::chrono::steady_clock::now();
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    // A read that ends the stream reaches this hook with no message.
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() != nullptr) {
      call_.MessageReceived();
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      call_.MessageSent();
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Finish(grpc::StatusCode code) {
    call_.Finish(code);
    if (!access_log_) return;
    const std::chrono::duration<double> seconds =
        std::chrono::steady_clock::now() - start_;
    LogAccess(info_->method(), code, seconds.count(),
              info_->server_context()->peer());
  }

  grpc::experimental::ServerRpcInfo* const info_;
  const CallRecorder call_;
  const bool access_log_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

void LogAccess(absl::string_view method, grpc::StatusCode code, double seconds,
               absl::string_view peer) {
  // google.rpc.Code's names are the canonical ones, as grpc-status and the
  // health check print them; a number it does not define is UNKNOWN.
  const int number = static_cast<int>(code);
  const std::string& name = google::rpc::Code_Name(
      google::rpc::Code_IsValid(number) ? static_cast<google::rpc::Code>(number)
                                        : google::rpc::UNKNOWN);
  LogEvent(LogLevel::kInfo, "access")
      .Add("method", method)
      .Add("code", name)
      .Add("latency_ms", seconds * 1000)
      .Add("peer", peer);
}

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
