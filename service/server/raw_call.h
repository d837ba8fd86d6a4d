// One call of a raw (bytes in, bytes out) callback method.
//
// Every unary method of StatusInfoServiceImpl takes its request as bytes and
// parses it with core::ParseRequest, so that a request that does not parse
// is answered INVALID_ARGUMENT naming the field, not with gRPC's bare
// UNIMPLEMENTED; and since gRPC's interceptor machinery costs more than a
// lookup, these calls record their own metrics, in the series the
// observability interceptor keeps for other calls (rpc_interceptor.h).
//
// Example:
//
//   RawCall call(metrics, *request);
//   v1::GetStatusCodeRequest parsed;
//   absl::Status s = ParseRequest(*request, parsed);
//   if (!s.ok()) return call.Finish(context, ToGrpcStatus(s));
//   return call.FinishWithMessage(context, answer, response);
#ifndef STATUSINFO_SERVICE_SERVER_RAW_CALL_H_
#define STATUSINFO_SERVICE_SERVER_RAW_CALL_H_

#include <chrono>
#include <cstddef>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"
#include "grpcpp/support/slice.h"
#include "service/server/metrics.h"

namespace statusinfo::server {

// Parses the one message of a unary call (or a stream message) into
// `request`. INVALID_ARGUMENT, with the field named, when there is no
// message or it does not parse (core::ParseRequest). The request is not
// copied: one slice is parsed in place, several through a zero-copy stream.
absl::Status ParseRequest(const grpc::ByteBuffer& bytes,
                          google::protobuf::Message& request);

// `message` serialized into one slice, as gRPC's typed handlers send it.
grpc::Slice Serialize(const google::protobuf::MessageLite& message);

class RawCall {
 public:
  // Counts the call as started (and its message as received) in `metrics`,
  // unless that is null (metrics off).
  RawCall(const ServerMetrics::MethodMetrics* metrics,
          const grpc::ByteBuffer& request);

  // Answers with the bytes of `slices` (referenced, not copied).
  grpc::ServerUnaryReactor* FinishWithSlices(
      grpc::CallbackServerContext* context, const grpc::Slice* slices,
      std::size_t n, grpc::ByteBuffer* response);

  // Answers with `message`, serialized.
  grpc::ServerUnaryReactor* FinishWithMessage(
      grpc::CallbackServerContext* context,
      const google::protobuf::MessageLite& message, grpc::ByteBuffer* response);

  // Ends the call with `status` and records it: handled by code, a message
  // sent when OK, and the handling time.
  grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context,
                                   const grpc::Status& status);

 private:
  const ServerMetrics::MethodMetrics* const metrics_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_RAW_CALL_H_
