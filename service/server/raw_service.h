// A gRPC service served from a table of methods, whose names, paths and
// types come from the service's descriptor.
//
// gRPC's generated code names each method four times over (a
// WithRawCallbackMethod_ class, its override, and whatever the service
// keeps per method). RawService instead registers one raw callback handler
// per entry of a table: the method's path ("/package.Service/Method") and
// kind are read from the ServiceDescriptor, a unary method is served
// through RawCall (raw_call.h), which parses the request itself and records
// the call's metrics, and a bidi-streaming one by the reactor its factory
// makes. A method of the proto left without a handler, a handler for a
// method the proto lacks, or one whose message types are not the proto's,
// is reported by status(), which the server checks before it starts.
//
// It uses what the generated code uses (grpc::Service::AddMethod,
// MarkMethodRawCallback and the callback handlers of
// grpcpp/impl/codegen/server_callback_handlers.h), so the server runs no
// synchronous method and starts no synchronous thread pool.
//
// Example:
//
//   class MyService final : public RawService {
//    public:
//     explicit MyService(const ServerMetrics* metrics)
//         : RawService(*pool->FindServiceByName("my.v1.MyService"), metrics) {
//       ServeUnary(Unary("Get", [](const v1::GetRequest& r) { ... }));
//     }
//   };
//   MyService service(metrics);
//   if (!service.status().ok()) ...;  // a method without a handler
//   builder.RegisterService(&service);
#ifndef STATUSINFO_SERVICE_SERVER_RAW_SERVICE_H_
#define STATUSINFO_SERVICE_SERVER_RAW_SERVICE_H_

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/impl/rpc_service_method.h"
#include "grpcpp/impl/service_type.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"
#include "service/server/metrics.h"
#include "service/server/unary_method.h"

namespace statusinfo::server {

class RawService : public grpc::Service {
 public:
  using BidiReactor =
      grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>;

  RawService(const RawService&) = delete;
  RawService& operator=(const RawService&) = delete;

  // OK when every method of the descriptor has a handler, and every handler
  // was given for a method of the descriptor, of its kind and message
  // types. Otherwise INTERNAL naming each method at fault.
  absl::Status status() const;

  // The full names ("/package.Service/Method") of the unary methods, whose
  // handlers record their own metrics (raw_call.h).
  std::vector<std::string> SelfInstrumentedMethods() const;

  // The unary method `name` ("GetStatusCode"), for another transport to
  // serve with its own UnaryCall; nullptr when none is served.
  const UnaryMethod* FindUnaryMethod(absl::string_view name) const;

 protected:
  // `service` and `metrics` (null: metrics off) must outlive this.
  RawService(const google::protobuf::ServiceDescriptor& service,
             const ServerMetrics* metrics);

  // Serves the unary method `method.name` with `method`.
  void ServeUnary(UnaryMethod method);
  // Serves the bidi-streaming method `name` with a reactor from `start`,
  // made for each call (it deletes itself when the call is done).
  void ServeBidi(
      absl::string_view name,
      std::function<BidiReactor*(grpc::CallbackServerContext*)> start);

 private:
  // The method `name` of the descriptor, registered; null (with the
  // problem kept for status()) when the descriptor has no such method, it
  // is already served, or `streaming` is not its kind.
  const google::protobuf::MethodDescriptor* Register(
      absl::string_view name, bool streaming,
      grpc::internal::MethodHandler* handler);

  const google::protobuf::ServiceDescriptor& service_;
  const ServerMetrics* const metrics_;
  // The paths gRPC and the unary methods handlers use: deques, so that
  // they never move.
  std::deque<std::string> paths_;
  std::deque<UnaryMethod> unary_;
  std::vector<const google::protobuf::MethodDescriptor*> served_;
  std::vector<std::string> unary_paths_;
  std::vector<std::string> problems_;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_RAW_SERVICE_H_
