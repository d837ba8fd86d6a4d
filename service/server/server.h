// Wiring of the gRPC server: the service, the standard health service,
// server reflection, transport security, connection limits, metrics and the
// access log, all from one ServerConfig.
//
// Example:
//
//   ServerConfig config;
//   config.address = "127.0.0.1:0";          // port 0: the system picks one
//   config.metrics_address = "127.0.0.1:0";  // optional
//   config.health_address = "127.0.0.1:0";   // optional: plaintext health
//   absl::StatusOr<std::unique_ptr<StatusInfoServer>> server =
//       StatusInfoServer::Start(std::move(catalog), config);
//   if (!server.ok()) return server.status();  // names the flag at fault
//   std::cout << (*server)->port() << " " << (*server)->metrics_port();
//   ...
//   (*server)->SetServing(false);  // drain: health says NOT_SERVING
//   (*server)->Shutdown(absl::Seconds(5));
#ifndef STATUSINFO_SERVICE_SERVER_SERVER_H_
#define STATUSINFO_SERVICE_SERVER_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "service/core/catalog.h"
#include "service/server/call_tracker.h"
#include "service/server/config.h"
#include "service/server/health_service.h"
#include "service/server/metrics.h"
#include "service/server/server_reflection.h"
#include "service/server/status_info_service.h"

namespace statusinfo::server {

// The service name the health service reports on, besides "".
inline constexpr char kServiceName[] = "statusinfo.v1.StatusInfoService";

// The version of this build (the CMake project version).
const char* ServerVersion();

// Another transport over the same service (the HTTP/JSON listener,
// service/http/), started beside the gRPC server and stopped with it.
class Listener {
 public:
  virtual ~Listener() = default;
  // Stops accepting, lets requests in flight finish (until `end` at most),
  // closes every connection. Returns when stopped.
  virtual void Shutdown(absl::Time end) = 0;
  // Told when the server's health changes: false when the drain starts, so
  // that a listener with long-lived connections can ask its clients to
  // leave (HTTP: Connection: close on every answer).
  virtual void SetServing(bool serving) { (void)serving; }
};

class StatusInfoServer {
 public:
  // Validates `config`, then builds and starts the server (and the metrics
  // endpoint when config.metrics_address is set, and the plaintext
  // health-only listener when config.health_address is). Health reports
  // SERVING on both listeners for
  // "" and for kServiceName once this returns. INVALID_ARGUMENT for a bad
  // setting; UNAVAILABLE when an address cannot be bound (the port is in
  // use, or the host is not local); both messages name the flag.
  static absl::StatusOr<std::unique_ptr<StatusInfoServer>> Start(
      core::Catalog catalog, const ServerConfig& config);

  ~StatusInfoServer();

  // The port actually bound.
  int port() const { return port_; }
  // The metrics endpoint's port; 0 when metrics are off.
  int metrics_port() const { return metrics_port_; }
  // The health-only listener's port; 0 when it is off.
  int health_port() const { return health_port_; }
  const core::Catalog& catalog() const { return catalog_; }
  // The service, for another transport to serve its methods
  // (RawService::FindUnaryMethod).
  const StatusInfoServiceImpl& service() const { return service_; }
  // The metrics; null when they are off.
  const ServerMetrics* metrics() const { return metrics_.get(); }

  // Stops `listener` (first) when the server shuts down, and destroys it
  // before the service it serves.
  void AddListener(std::unique_ptr<Listener> listener);

  // Sets the health status of "" and kServiceName, on both listeners.
  void SetServing(bool serving);

  // Ends health Watch calls, stops accepting calls (GOAWAY on every
  // connection) and waits up to `deadline` for calls in flight, then closes
  // every connection at once, idle ones included, cancelling any call left
  // (call_tracker.h says why gRPC alone would wait for idle clients). The
  // health-only listener goes down after the main server (answering
  // NOT_SERVING while calls there finish). Returns when both have stopped.
  // Call from one thread.
  void Shutdown(absl::Duration deadline);

  // Cancels every call in flight now. Safe from any thread, also while
  // Shutdown waits: it cuts the wait short.
  void CancelAllCalls();

 private:
  StatusInfoServer(core::Catalog catalog, const ServerConfig& config);

  // Builds and starts the gRPC server on config.address.
  absl::Status Listen(
      const ServerConfig& config,
      const std::shared_ptr<grpc::ServerCredentials>& credentials);
  // Builds and starts the plaintext health-only server on
  // config.health_address.
  absl::Status ListenForHealth(const ServerConfig& config);

  // Declaration order is destruction order in reverse: the gRPC server
  // stops before the service, metrics and catalog it uses go away.
  core::Catalog catalog_;
  std::unique_ptr<ServerMetrics> metrics_;
  std::unique_ptr<MetricsEndpoint> metrics_endpoint_;
  StatusInfoServiceImpl service_;
  HealthService health_;
  // Reflection v1 and v1alpha, on the main listener only.
  ServerReflection reflection_;
  // The health-only listener's own HealthService, kept in step with
  // health_: a grpc::Service belongs to one server (it holds one server_
  // pointer), so the two servers do not share an instance.
  std::unique_ptr<HealthService> probe_health_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> health_server_;
  // After the service: they serve it, and go first.
  std::vector<std::unique_ptr<Listener>> listeners_;
  // The calls in flight on each server; each server owns its tracker.
  CallTracker* calls_ = nullptr;
  CallTracker* probe_calls_ = nullptr;
  int port_ = 0;
  int metrics_port_ = 0;
  int health_port_ = 0;
  bool shut_down_ = false;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_SERVER_H_
