// grpc.health.v1.Health (Check and Watch), in place of gRPC's default
// health service, which never ends a Watch: every client that watches
// health (gRPC's client-side health checking does) would hold the server's
// shutdown for the whole --shutdown_timeout. This one ends each Watch when
// the shutdown begins, with UNAVAILABLE and reason SHUTTING_DOWN.
//
// Example:
//
//   HealthService health({"statusinfo.v1.StatusInfoService"});
//   builder.RegisterService(&health);
//   ... BuildAndStart ...
//   health.SetServing(true);   // "" and every named service
//   health.SetServing(false);  // drain: watchers see NOT_SERVING at once
//   health.Shutdown();         // before grpc::Server::Shutdown
#ifndef STATUSINFO_SERVICE_SERVER_HEALTH_SERVICE_H_
#define STATUSINFO_SERVICE_SERVER_HEALTH_SERVICE_H_

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "service/server/open_calls.h"

namespace statusinfo::server {

class HealthService final : public grpc::health::v1::Health::CallbackService {
 public:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

  // Knows "" and `services`, all NOT_SERVING until SetServing(true).
  explicit HealthService(const std::vector<std::string>& services);
  ~HealthService() override;

  // Sets every known service, and tells the watchers.
  void SetServing(bool serving);

  // NOT_SERVING from now on, whatever SetServing says later, and every
  // Watch finishes. Call before the gRPC server's Shutdown.
  void Shutdown();

  grpc::ServerUnaryReactor* Check(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request,
      grpc::health::v1::HealthCheckResponse* response) override;
  grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>* Watch(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request) override;

 private:
  class Watcher;

  absl::Mutex mu_;
  absl::flat_hash_map<std::string, ServingStatus> statuses_
      ABSL_GUARDED_BY(mu_);
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
  // Changed under mu_ only, so that a watcher added sees every change.
  OpenCalls<Watcher> watchers_;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_HEALTH_SERVICE_H_
