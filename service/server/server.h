// Wiring of the gRPC server: the service, the standard health service,
// server reflection, and the listening port.
//
// Example:
//
//   ServerOptions options;
//   options.address = "127.0.0.1:0";  // port 0: the system picks one
//   absl::StatusOr<std::unique_ptr<StatusInfoServer>> server =
//       StatusInfoServer::Start(std::move(catalog), options);
//   if (!server.ok()) return server.status();
//   std::cout << (*server)->port();
//   ...
//   (*server)->Shutdown(absl::Seconds(5));
#ifndef STATUSINFO_SERVICE_SERVER_SERVER_H_
#define STATUSINFO_SERVICE_SERVER_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/server.h"
#include "service/core/catalog.h"
#include "service/server/status_info_service.h"

namespace statusinfo::server {

// The service name the health service reports on, besides "".
inline constexpr char kServiceName[] = "statusinfo.v1.StatusInfoService";

struct ServerOptions {
  // Where to listen, "host:port"; port 0 picks a free port.
  std::string address = "0.0.0.0:50051";
};

class StatusInfoServer {
 public:
  // Builds and starts the server. Health reports SERVING for "" and for
  // kServiceName once this returns. UNAVAILABLE when the address cannot be
  // bound (malformed, or the port is in use).
  static absl::StatusOr<std::unique_ptr<StatusInfoServer>> Start(
      core::Catalog catalog, const ServerOptions& options);

  ~StatusInfoServer();

  // The port actually bound.
  int port() const { return port_; }
  const core::Catalog& catalog() const { return catalog_; }

  // Sets the health status of "" and kServiceName.
  void SetServing(bool serving);

  // Stops accepting calls and waits up to `deadline` for calls in flight,
  // then cancels the rest. Returns when the server has stopped.
  void Shutdown(absl::Duration deadline);

 private:
  explicit StatusInfoServer(core::Catalog catalog);

  core::Catalog catalog_;
  StatusInfoServiceImpl service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_SERVER_H_
