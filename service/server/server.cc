#include "service/server/server.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace statusinfo::server {

StatusInfoServer::StatusInfoServer(core::Catalog catalog)
    : catalog_(std::move(catalog)), service_(catalog_) {}

StatusInfoServer::~StatusInfoServer() { Shutdown(absl::ZeroDuration()); }

absl::StatusOr<std::unique_ptr<StatusInfoServer>> StatusInfoServer::Start(
    core::Catalog catalog, const ServerOptions& options) {
  // gRPC 1.51's built-in health service does not put its messages in the
  // generated descriptor pool, so reflection could not describe it. Touching
  // our compiled copy of grpc/health/v1/health.proto links it in.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::unique_ptr<StatusInfoServer> server(
      new StatusInfoServer(std::move(catalog)));
  grpc::ServerBuilder builder;
  // gRPC sets SO_REUSEPORT by default, which lets a second server bind a
  // port that is in use and silently share it. A port in use must be an
  // error.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(options.address, grpc::InsecureServerCredentials(),
                           &server->port_);
  builder.RegisterService(&server->service_);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    server->shut_down_ = true;
    return absl::UnavailableError(
        absl::StrCat("address: cannot listen on \"", options.address,
                     "\" (malformed, or the port is in use)"));
  }
  server->SetServing(true);
  return server;
}

void StatusInfoServer::SetServing(bool serving) {
  grpc::HealthCheckServiceInterface* health =
      server_->GetHealthCheckService();
  health->SetServingStatus(serving);
  health->SetServingStatus(kServiceName, serving);
}

void StatusInfoServer::Shutdown(absl::Duration deadline) {
  if (shut_down_) return;
  shut_down_ = true;
  server_->Shutdown(absl::ToChronoTime(absl::Now() + deadline));
  server_->Wait();
}

}  // namespace statusinfo::server
