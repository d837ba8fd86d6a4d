#include "service/server/raw_call.h"

#include "absl/strings/string_view.h"
#include "grpc/slice.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "service/core/errors.h"
#include "service/core/request_parsing.h"

namespace statusinfo::server {

absl::Status ParseRequest(const grpc::ByteBuffer& bytes,
                          google::protobuf::Message& request) {
  // A unary call without a message never reaches a handler; a stream's read
  // only completes with one. Kept as an error rather than an assumption.
  if (!bytes.Valid()) {
    return core::InvalidArgument(
        "request", "is missing: each call or stream message carries one",
        v1::MALFORMED_REQUEST);
  }
  grpc::Slice slice;
  if (!bytes.TrySingleSlice(&slice).ok()) {
    // Several slices (a large message): parse across them without copying,
    // as gRPC's typed handlers do. Only a request that fails is made
    // contiguous, for core::ParseRequest to say what is wrong with it.
    grpc::ByteBuffer view(bytes);  // references the slices
    grpc::ProtoBufferReader reader(&view);
    if (request.ParseFromZeroCopyStream(&reader)) return absl::OkStatus();
    if (!bytes.DumpToSingleSlice(&slice).ok()) {
      return core::InvalidArgument("request", "could not be read",
                                   v1::MALFORMED_REQUEST);
    }
  }
  return core::ParseRequest(
      absl::string_view(reinterpret_cast<const char*>(slice.begin()),
                        slice.size()),
      request);
}

grpc::Slice Serialize(const google::protobuf::MessageLite& message) {
  const size_t size = message.ByteSizeLong();
  grpc_slice slice = grpc_slice_malloc(size);
  message.SerializeWithCachedSizesToArray(GRPC_SLICE_START_PTR(slice));
  return grpc::Slice(slice, grpc::Slice::STEAL_REF);
}

RawCall::RawCall(const ServerMetrics::MethodMetrics* metrics,
                 const grpc::ByteBuffer& request)
    : metrics_(metrics) {
  if (metrics_ == nullptr) return;
  start_ = std::chrono::steady_clock::now();
  metrics_->started->Increment();
  if (request.Valid()) metrics_->msg_received->Increment();
}

grpc::ServerUnaryReactor* RawCall::FinishWithSlices(
    grpc::CallbackServerContext* context, const grpc::Slice* slices,
    std::size_t n, grpc::ByteBuffer* response) {
  grpc::ByteBuffer bytes(slices, n);
  response->Swap(&bytes);
  return Finish(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* RawCall::FinishWithMessage(
    grpc::CallbackServerContext* context,
    const google::protobuf::MessageLite& message, grpc::ByteBuffer* response) {
  const grpc::Slice bytes = Serialize(message);
  return FinishWithSlices(context, &bytes, 1, response);
}

grpc::ServerUnaryReactor* RawCall::Finish(grpc::CallbackServerContext* context,
                                          const grpc::Status& status) {
  if (metrics_ != nullptr) {
    int index = static_cast<int>(status.error_code());
    if (index < 0 || index >= ServerMetrics::kNumCodes) {
      index = grpc::StatusCode::UNKNOWN;
    }
    metrics_->handled[index]->Increment();
    if (status.ok()) metrics_->msg_sent->Increment();
    const std::chrono::duration<double> seconds =
        std::chrono::steady_clock::now() - start_;
    metrics_->handling_seconds->Observe(seconds.count());
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

}  // namespace statusinfo::server
