// gRPC server reflection, served as grpc.reflection.v1.ServerReflection and
// as the deprecated grpc.reflection.v1alpha.ServerReflection from one
// implementation.
//
// gRPC 1.51 (Debian 12) ships v1alpha only, and its plugin's service cannot
// be reused for v1: its class is not installed, and its handler takes
// gRPC's typed stream. Clients moved to v1 (grpcurl, buf curl and Postman
// try it first; some speak nothing else), while older ones speak v1alpha
// only. The two protos declare the same messages with the same field
// numbers under two package names, so their bytes are the same: one stream
// reactor, written against the v1 messages, serves both services, each a
// RawService (raw_service.h) under its own descriptor. What it answers
// follows gRPC's own implementation (src/cpp/ext/proto_server_reflection.cc):
// files from the generated descriptor pool, each with its dependencies,
// and errors in the stream's error_response, not as the call's status.
//
// Reflection streams are metadata: clients keep one open for as long as
// they run. Shutdown() ends them at once, as HealthService ends its
// watches, so that they do not hold the server's shutdown.
//
// Example:
//
//   ServerReflection reflection({"my.v1.MyService", ...}, metrics);
//   if (!reflection.status().ok()) ...;
//   builder.RegisterService(&reflection.v1());
//   builder.RegisterService(&reflection.v1alpha());
//   ... BuildAndStart ...
//   reflection.Shutdown();  // before grpc::Server::Shutdown
#ifndef STATUSINFO_SERVICE_SERVER_SERVER_REFLECTION_H_
#define STATUSINFO_SERVICE_SERVER_SERVER_REFLECTION_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "grpcpp/impl/service_type.h"
#include "service/server/metrics.h"
#include "service/server/open_calls.h"

namespace statusinfo::server {

inline constexpr char kReflectionV1[] = "grpc.reflection.v1.ServerReflection";
inline constexpr char kReflectionV1alpha[] =
    "grpc.reflection.v1alpha.ServerReflection";

class ServerReflection {
 public:
  // Lists `services` (full names, in this order) to ListServices requests.
  // `metrics` (null: metrics off) must outlive this.
  ServerReflection(std::vector<std::string> services,
                   const ServerMetrics* metrics);
  // Waits until gRPC has finished every stream: stop the server first.
  ~ServerReflection();

  ServerReflection(const ServerReflection&) = delete;
  ServerReflection& operator=(const ServerReflection&) = delete;

  // OK when both services serve their one method (RawService::status).
  absl::Status status() const;

  // The two services, to register with one server each.
  grpc::Service& v1();
  grpc::Service& v1alpha();

  // Every stream open now or later ends with UNAVAILABLE, reason
  // SHUTTING_DOWN, once the answer being written (if any) is sent.
  void Shutdown();

 private:
  class Version;
  class Stream;

  const std::vector<std::string> services_;
  std::unique_ptr<Version> v1_;
  std::unique_ptr<Version> v1alpha_;
  OpenCalls<Stream> streams_;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_SERVER_REFLECTION_H_
