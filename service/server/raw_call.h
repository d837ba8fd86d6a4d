// One call of a raw (bytes in, bytes out) gRPC callback method, as the
// UnaryCall that serves a UnaryMethod (unary_method.h).
//
// Every unary method takes its request as bytes and parses it with
// core::ParseRequest, so that a request that does not parse is answered
// INVALID_ARGUMENT naming the field, not with gRPC's bare UNIMPLEMENTED;
// and since gRPC's interceptor machinery costs more than a lookup, these
// calls record their own metrics, in the series the observability
// interceptor keeps for other calls (rpc_interceptor.h).
//
// Example (raw_service.cc does this for every unary method):
//
//   RawCall call(metrics, context, *request, response);
//   method.serve(call);
//   return call.reactor();
#ifndef STATUSINFO_SERVICE_SERVER_RAW_CALL_H_
#define STATUSINFO_SERVICE_SERVER_RAW_CALL_H_

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"
#include "grpcpp/support/slice.h"
#include "service/server/metrics.h"
#include "service/server/unary_method.h"

namespace statusinfo::server {

// Parses the one message of a unary call (or a stream message) into
// `request`. INVALID_ARGUMENT, with the field named, when there is no
// message or it does not parse (core::ParseRequest). The request is not
// copied: one slice is parsed in place, several through a zero-copy stream.
absl::Status ParseRequest(const grpc::ByteBuffer& bytes,
                          google::protobuf::Message& request);

// `message` serialized into one slice, as gRPC's typed handlers send it.
grpc::Slice Serialize(const google::protobuf::MessageLite& message);

class RawCall final : public UnaryCall {
 public:
  // Counts the call as started (and its message as received) in `metrics`,
  // unless that is null (metrics off). All must outlive the call.
  RawCall(const ServerMetrics::MethodMetrics* metrics,
          grpc::CallbackServerContext* context, const grpc::ByteBuffer& request,
          grpc::ByteBuffer* response);

  absl::Status ReadRequest(google::protobuf::Message& request) override;
  void Reply(const google::protobuf::Message& response) override;
  void ReplySerialized(absl::Span<const grpc::Slice> response,
                       const google::protobuf::Descriptor& type) override;
  void Fail(const absl::Status& error) override;

  // The call's reactor, for the handler to return. A call that was not
  // answered is failed here (INTERNAL), so that it never hangs.
  grpc::ServerUnaryReactor* reactor();

 private:
  // Ends the call with `status` and records it: handled by code, a message
  // sent when OK, and the handling time.
  void Finish(const grpc::Status& status);

  const CallRecorder recorder_;
  grpc::CallbackServerContext* const context_;
  const grpc::ByteBuffer& request_;
  grpc::ByteBuffer* const response_;
  // Null until the call is finished.
  grpc::ServerUnaryReactor* reactor_ = nullptr;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_RAW_CALL_H_
