// Prometheus metrics of the server, under the names go-grpc-prometheus uses
// (so existing gRPC dashboards work), plus validation findings, build info
// and process metrics; and the HTTP endpoint that serves them.
//
// Every labelled series is created here, at start-up: the methods come from
// the service descriptors and the codes are 0 to 16, so a call finds its
// counters with one lookup in a map that never changes (no lock) and
// increments them (atomics), without building a string.
//
// Example:
//
//   ServerMetrics metrics({pool->FindServiceByName(kServiceName)}, "0.1.0",
//                         catalog.version());
//   absl::StatusOr<std::unique_ptr<MetricsEndpoint>> endpoint =
//       MetricsEndpoint::Start("127.0.0.1:0", metrics);
//   const ServerMetrics::MethodMetrics* m =
//       metrics.FindMethod("/statusinfo.v1.StatusInfoService/GetStatusCode");
//   m->started->Increment();
#ifndef STATUSINFO_SERVICE_SERVER_METRICS_H_
#define STATUSINFO_SERVICE_SERVER_METRICS_H_

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "grpcpp/support/status_code_enum.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "statusinfo/v1/conformance.pb.h"

namespace prometheus {
class Exposer;
}  // namespace prometheus

namespace statusinfo::server {

// The bucket bounds of grpc_server_handling_seconds: Prometheus' default
// buckets, with three below 5 ms since most calls here take microseconds.
std::vector<double> HandlingSecondsBuckets();

class ServerMetrics {
 public:
  // gRPC status codes are 0 (OK) to 16 (UNAUTHENTICATED).
  static constexpr int kNumCodes = 17;

  // The series of one method. Pointers into the registry, which owns them.
  struct MethodMetrics {
    prometheus::Counter* started = nullptr;
    prometheus::Counter* msg_received = nullptr;
    prometheus::Counter* msg_sent = nullptr;
    std::array<prometheus::Counter*, kNumCodes> handled{};
    prometheus::Histogram* handling_seconds = nullptr;
  };

  // Creates the series for every method of `services`, the findings series
  // for every rule of the core, the build-info gauge and the process
  // metrics.
  ServerMetrics(
      const std::vector<const google::protobuf::ServiceDescriptor*>& services,
      absl::string_view version, absl::string_view catalog_version);
  ~ServerMetrics();
  ServerMetrics(const ServerMetrics&) = delete;
  ServerMetrics& operator=(const ServerMetrics&) = delete;

  // The series of "/package.Service/Method"; nullptr for a method of none
  // of the services.
  const MethodMetrics* FindMethod(absl::string_view full_method) const;

  // Adds each finding to statusinfo_validation_findings_total.
  void RecordFindings(
      const google::protobuf::RepeatedPtrField<v1::Finding>& findings) const;

  // Counts one HTTP request the HTTP listener answered itself, before any
  // method (no route, wrong method, not JSON, too large, not HTTP...), in
  // statusinfo_http_rejected_requests_total{status}. The requests that
  // reach a method are counted in the grpc_server_* series instead.
  void RecordHttpReject(int status) const;

  // What the endpoint serves: the registry and the process collector.
  std::vector<std::weak_ptr<prometheus::Collectable>> collectables() const {
    return {registry_, process_};
  }

 private:
  void AddRpcFamilies();
  void AddMethods(const google::protobuf::ServiceDescriptor& service);
  void AddFindingSeries();

  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<prometheus::Collectable> process_;
  prometheus::Family<prometheus::Counter>* started_;
  prometheus::Family<prometheus::Counter>* handled_;
  prometheus::Family<prometheus::Counter>* msg_received_;
  prometheus::Family<prometheus::Counter>* msg_sent_;
  prometheus::Family<prometheus::Histogram>* handling_seconds_;
  prometheus::Family<prometheus::Counter>* findings_;
  prometheus::Family<prometheus::Counter>* http_rejected_;
  // Both read-only once built, so readers need no lock.
  absl::flat_hash_map<std::string, MethodMetrics> methods_;
  // By rule id, then by v1::Severity (0-3); null where the rule never has
  // that severity.
  absl::flat_hash_map<std::string, std::array<prometheus::Counter*, 4>>
      finding_counters_;
};

// Records one call in its method's series, from start to status: the one
// recorder of both the raw handlers (raw_call.h) and the interceptor that
// observes the other calls (rpc_interceptor.h).
//
// Example:
//
//   CallRecorder call(metrics.FindMethod(method));  // counted as started
//   call.MessageReceived();
//   ...
//   call.Finish(grpc::StatusCode::OK);  // handled, with its handling time
class CallRecorder {
 public:
  // Counts the call as started in `metrics`; null (metrics off): records
  // nothing, and reads no clock.
  explicit CallRecorder(const ServerMetrics::MethodMetrics* metrics);

  void MessageReceived() const {
    if (metrics_ != nullptr) metrics_->msg_received->Increment();
  }
  void MessageSent() const {
    if (metrics_ != nullptr) metrics_->msg_sent->Increment();
  }
  // Counts the call as handled with `code` (a number outside 0-16 as
  // UNKNOWN) and observes the time since it started.
  void Finish(grpc::StatusCode code) const;

 private:
  const ServerMetrics::MethodMetrics* const metrics_;
  std::chrono::steady_clock::time_point start_;
};

// The HTTP server Prometheus scrapes: GET /metrics.
class MetricsEndpoint {
 public:
  // Listens on `address` ("host:port"; port 0 picks a free port) and
  // serves `metrics`, which must outlive the endpoint. UNAVAILABLE naming
  // --metrics_address when it cannot listen.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(
      const std::string& address, const ServerMetrics& metrics);
  ~MetricsEndpoint();

  // The port actually bound.
  int port() const { return port_; }

 private:
  MetricsEndpoint() = default;

  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_METRICS_H_
