#include "service/server/raw_call.h"

#include "absl/strings/string_view.h"
#include "grpc/slice.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "service/core/errors.h"
#include "service/core/request_parsing.h"
#include "service/server/grpc_status.h"

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
                 grpc::CallbackServerContext* context,
                 const grpc::ByteBuffer& request, grpc::ByteBuffer* response)
    : recorder_(metrics),
      context_(context),
      request_(request),
      response_(response) {
  if (request.Valid()) recorder_.MessageReceived();
}

absl::Status RawCall::ReadRequest(google::protobuf::Message& request) {
  return ParseRequest(request_, request);
}

void RawCall::Reply(const google::protobuf::Message& response) {
  const grpc::Slice bytes = Serialize(response);
  ReplySerialized(absl::MakeConstSpan(&bytes, 1), *response.GetDescriptor());
}

void RawCall::ReplySerialized(absl::Span<const grpc::Slice> response,
                              const google::protobuf::Descriptor& /*type*/) {
  grpc::ByteBuffer bytes(response.data(), response.size());
  response_->Swap(&bytes);
  Finish(grpc::Status::OK);
}

void RawCall::Fail(const absl::Status& error) { Finish(ToGrpcStatus(error)); }

grpc::ServerUnaryReactor* RawCall::reactor() {
  if (reactor_ == nullptr) {
    Finish(grpc::Status(grpc::StatusCode::INTERNAL, "the call got no answer"));
  }
  return reactor_;
}

void RawCall::Finish(const grpc::Status& status) {
  if (status.ok()) recorder_.MessageSent();
  recorder_.Finish(status.error_code());
  // DefaultReactor() constructs the reactor: called once per call.
  reactor_ = context_->DefaultReactor();
  reactor_->Finish(status);
}

}  // namespace statusinfo::server
