#include "service/server/metrics.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "prometheus/exposer.h"
#include "prometheus/gauge.h"
#include "service/core/response_rules.h"
#include "service/core/status_line.h"
#include "service/server/process_metrics.h"

namespace statusinfo::server {
namespace {

// The code names go-grpc-prometheus puts in grpc_code (Go's codes.String()).
constexpr const char* kCodeNames[ServerMetrics::kNumCodes] = {
    "OK",
    "Canceled",
    "Unknown",
    "InvalidArgument",
    "DeadlineExceeded",
    "NotFound",
    "AlreadyExists",
    "PermissionDenied",
    "ResourceExhausted",
    "FailedPrecondition",
    "Aborted",
    "OutOfRange",
    "Unimplemented",
    "Internal",
    "Unavailable",
    "DataLoss",
    "Unauthenticated"};

// The severity label values, by v1::Severity number.
constexpr const char* kSeverityNames[] = {"unspecified", "info", "warning",
                                          "error"};

// go-grpc-prometheus's grpc_type values.
const char* RpcType(const google::protobuf::MethodDescriptor& method) {
  if (method.client_streaming()) {
    return method.server_streaming() ? "bidi_stream" : "client_stream";
  }
  return method.server_streaming() ? "server_stream" : "unary";
}

// Opens and closes a TCP connection to 127.0.0.1:`port`; failures are
// fine (the listener may be gone).
void ConnectAndClose(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  (void)connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  close(fd);
}

size_t SeverityIndex(v1::Severity severity) {
  const int n = static_cast<int>(severity);
  return n >= 0 && n < 4 ? static_cast<size_t>(n) : 0;
}

}  // namespace

std::vector<double> HandlingSecondsBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
          0.1,    0.25,  0.5,    1,     2.5,  5,     10};
}

ServerMetrics::ServerMetrics(
    const std::vector<const google::protobuf::ServiceDescriptor*>& services,
    absl::string_view version, absl::string_view catalog_version)
    : registry_(std::make_shared<prometheus::Registry>()),
      process_(std::make_shared<ProcessCollector>()) {
  AddRpcFamilies();
  for (const google::protobuf::ServiceDescriptor* service : services) {
    if (service != nullptr) AddMethods(*service);
  }
  AddFindingSeries();
  prometheus::BuildGauge()
      .Name("statusinfo_build_info")
      .Help("Always 1; the labels say which build and catalog are serving.")
      .Register(*registry_)
      .Add({{"version", std::string(version)},
            {"catalog_version", std::string(catalog_version)}})
      .Set(1);
}

// The help texts are go-grpc-prometheus' own.
void ServerMetrics::AddRpcFamilies() {
  using prometheus::BuildCounter;
  started_ = &BuildCounter()
                  .Name("grpc_server_started_total")
                  .Help("Total number of RPCs started on the server.")
                  .Register(*registry_);
  handled_ = &BuildCounter()
                  .Name("grpc_server_handled_total")
                  .Help(
                      "Total number of RPCs completed on the server, "
                      "regardless of success or failure.")
                  .Register(*registry_);
  msg_received_ = &BuildCounter()
                       .Name("grpc_server_msg_received_total")
                       .Help(
                           "Total number of RPC stream messages received "
                           "on the server.")
                       .Register(*registry_);
  msg_sent_ = &BuildCounter()
                   .Name("grpc_server_msg_sent_total")
                   .Help(
                       "Total number of gRPC stream messages sent by the "
                       "server.")
                   .Register(*registry_);
  handling_seconds_ = &prometheus::BuildHistogram()
                           .Name("grpc_server_handling_seconds")
                           .Help(
                               "Histogram of response latency (seconds) of "
                               "gRPC that had been application-level "
                               "handled by the server.")
                           .Register(*registry_);
}

ServerMetrics::~ServerMetrics() = default;

void ServerMetrics::RecordHttpReject(int status) const {
  // Rare, and of a few statuses: Family::Add's lock and lookup will do.
  http_rejected_->Add({{"status", absl::StrCat(status)}}).Increment();
}

void ServerMetrics::AddMethods(
    const google::protobuf::ServiceDescriptor& service) {
  for (int i = 0; i < service.method_count(); ++i) {
    const google::protobuf::MethodDescriptor& method = *service.method(i);
    const prometheus::Labels labels = {{"grpc_type", RpcType(method)},
                                       {"grpc_service", service.full_name()},
                                       {"grpc_method", method.name()}};
    MethodMetrics m;
    m.started = &started_->Add(labels);
    m.msg_received = &msg_received_->Add(labels);
    m.msg_sent = &msg_sent_->Add(labels);
    m.handling_seconds =
        &handling_seconds_->Add(labels, HandlingSecondsBuckets());
    for (int code = 0; code < kNumCodes; ++code) {
      prometheus::Labels with_code = labels;
      with_code.emplace("grpc_code", kCodeNames[code]);
      m.handled[code] = &handled_->Add(with_code);
    }
    methods_.emplace(absl::StrCat("/", service.full_name(), "/", method.name()),
                     m);
  }
}

void ServerMetrics::AddFindingSeries() {
  http_rejected_ =
      &prometheus::BuildCounter()
           .Name("statusinfo_http_rejected_requests_total")
           .Help(
               "HTTP requests the HTTP listener answered itself, before any "
               "method: no route, wrong method, wrong Content-Type, too "
               "large, or not HTTP; by HTTP status.")
           .Register(*registry_);
  findings_ = &prometheus::BuildCounter()
                   .Name("statusinfo_validation_findings_total")
                   .Help(
                       "Findings reported by ValidateResponse, "
                       "ValidateStatusLine and StreamValidateResponses, by "
                       "rule and severity.")
                   .Register(*registry_);
  for (const auto& rules : {core::ResponseRules(), core::StatusLineRules()}) {
    for (const core::RuleInfo& rule : rules) {
      const size_t severity = SeverityIndex(rule.severity);
      finding_counters_[rule.id][severity] =
          &findings_->Add({{"rule_id", std::string(rule.id)},
                           {"severity", kSeverityNames[severity]}});
    }
  }
}

const ServerMetrics::MethodMetrics* ServerMetrics::FindMethod(
    absl::string_view full_method) const {
  auto it = methods_.find(full_method);
  return it == methods_.end() ? nullptr : &it->second;
}

void ServerMetrics::RecordFindings(
    const google::protobuf::RepeatedPtrField<v1::Finding>& findings) const {
  for (const v1::Finding& finding : findings) {
    const size_t severity = SeverityIndex(finding.severity());
    auto it = finding_counters_.find(finding.rule_id());
    if (it != finding_counters_.end() && it->second[severity] != nullptr) {
      it->second[severity]->Increment();
      continue;
    }
    // A rule the core did not list, or at another severity: rare enough
    // for Family::Add's lock and lookup.
    findings_
        ->Add({{"rule_id", finding.rule_id()},
               {"severity", kSeverityNames[severity]}})
        .Increment();
  }
}

CallRecorder::CallRecorder(const ServerMetrics::MethodMetrics* metrics)
    : metrics_(metrics) {
  if (metrics_ == nullptr) return;
  start_ = std::chrono::steady_clock::now();
  metrics_->started->Increment();
}

void CallRecorder::Finish(grpc::StatusCode code) const {
  if (metrics_ == nullptr) return;
  int index = static_cast<int>(code);
  if (index < 0 || index >= ServerMetrics::kNumCodes) {
    index = grpc::StatusCode::UNKNOWN;
  }
  metrics_->handled[index]->Increment();
  const std::chrono::duration<double> seconds =
      std::chrono::steady_clock::now() - start_;
  metrics_->handling_seconds->Observe(seconds.count());
}

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(
    const std::string& address, const ServerMetrics& metrics) {
  std::unique_ptr<MetricsEndpoint> endpoint(new MetricsEndpoint);
  try {
    // One thread: scrapes are rare, and each holds a connection briefly.
    endpoint->exposer_ = std::make_unique<prometheus::Exposer>(address, 1);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("--metrics_address: cannot listen on \"", address,
                     "\" (malformed, or the port is in use): ", e.what()));
  }
  std::vector<int> ports = endpoint->exposer_->GetListeningPorts();
  if (ports.empty()) {
    return absl::UnavailableError(
        absl::StrCat("--metrics_address: cannot listen on \"", address, "\""));
  }
  endpoint->port_ = ports.front();
  for (const auto& collectable : metrics.collectables()) {
    endpoint->exposer_->RegisterCollectable(collectable);
  }
  return endpoint;
}

MetricsEndpoint::~MetricsEndpoint() {
  // civetweb's listener polls in 2-second quanta and looks at its stop flag
  // only between them, so stopping would take up to 2 s (and delay every
  // exit). A connection ends the poll at once: connect until the stop is
  // over.
  std::atomic<bool> stopped{false};
  std::thread waker([this, &stopped] {
    while (!stopped.load()) {
      ConnectAndClose(port_);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  exposer_.reset();
  stopped.store(true);
  waker.join();
}

}  // namespace statusinfo::server
