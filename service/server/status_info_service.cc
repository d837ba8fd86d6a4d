#include "service/server/status_info_service.h"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/message_lite.h"
#include "grpc/slice.h"
#include "grpcpp/support/byte_buffer.h"
#include "service/core/code_validation.h"
#include "service/core/errors.h"
#include "service/core/listing.h"
#include "service/core/lookup.h"
#include "service/core/response_rules.h"
#include "service/core/status_line.h"
#include "service/core/translation.h"
#include "service/server/grpc_status.h"
#include "service/server/metrics.h"
#include "service/server/stream_validate_reactor.h"

namespace statusinfo::server {
namespace {

// Finishes a unary call with `status`.
grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context,
                                 const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// Moves a StatusOr's value into `response`, or finishes with its error.
template <typename T>
grpc::ServerUnaryReactor* FinishWith(grpc::CallbackServerContext* context,
                                     absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return Finish(context, result.status());
  *response = *std::move(result);
  return Finish(context, absl::OkStatus());
}

// The full names of the raw methods, as gRPC and the metrics name them.
constexpr char kGetStatusCodeMethod[] =
    "/statusinfo.v1.StatusInfoService/GetStatusCode";
constexpr char kBatchGetStatusCodesMethod[] =
    "/statusinfo.v1.StatusInfoService/BatchGetStatusCodes";
constexpr char kGetGrpcStatusCodeMethod[] =
    "/statusinfo.v1.StatusInfoService/GetGrpcStatusCode";
constexpr char kValidateResponseMethod[] =
    "/statusinfo.v1.StatusInfoService/ValidateResponse";

const ServerMetrics::MethodMetrics* MethodMetricsOf(
    const ServerMetrics* metrics, absl::string_view method) {
  return metrics == nullptr ? nullptr : metrics->FindMethod(method);
}

// Parses a request that arrived as bytes, as gRPC's typed handlers would:
// false when there is no message or it does not parse. A small request is
// one slice and parses without a copy or an allocation.
template <typename Request>
bool ParseRequest(const grpc::ByteBuffer& bytes, Request& request) {
  if (!bytes.Valid()) return false;
  grpc::Slice slice;
  if (!bytes.DumpToSingleSlice(&slice).ok()) return false;
  return request.ParseFromArray(slice.begin(), static_cast<int>(slice.size()));
}

// Serializes a response as gRPC's typed handlers do, into one slice.
grpc::Slice Serialize(const google::protobuf::MessageLite& message) {
  const size_t size = message.ByteSizeLong();
  grpc_slice slice = grpc_slice_malloc(size);
  message.SerializeWithCachedSizesToArray(GRPC_SLICE_START_PTR(slice));
  return grpc::Slice(slice, grpc::Slice::STEAL_REF);
}

// One call of a raw method: finishes it, and records it in the method's
// series the way ObservabilityInterceptor records the typed methods'
// calls (started, messages received and sent, handled by code, handling
// time), since the interceptor skips these methods.
class RawCall {
 public:
  RawCall(const ServerMetrics::MethodMetrics* metrics,
          const grpc::ByteBuffer& request)
      : metrics_(metrics) {
    if (metrics_ == nullptr) return;
    start_ = std::chrono::steady_clock::now();
    metrics_->started->Increment();
    if (request.Valid()) metrics_->msg_received->Increment();
  }

  // Answers with the bytes of `slices` (referenced, not copied).
  grpc::ServerUnaryReactor* FinishWith(grpc::CallbackServerContext* context,
                                       const grpc::Slice* slices, size_t n,
                                       grpc::ByteBuffer* response) {
    grpc::ByteBuffer bytes(slices, n);
    response->Swap(&bytes);
    return Finish(context, grpc::Status::OK);
  }

  // What gRPC answers when a typed handler's request does not parse.
  grpc::ServerUnaryReactor* FinishUnparsable(
      grpc::CallbackServerContext* context) {
    return Finish(context, grpc::Status(grpc::StatusCode::UNIMPLEMENTED, ""));
  }

  grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context,
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

 private:
  const ServerMetrics::MethodMetrics* const metrics_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

std::vector<std::string> StatusInfoServiceImpl::SelfInstrumentedMethods() {
  return {kGetStatusCodeMethod, kBatchGetStatusCodesMethod,
          kGetGrpcStatusCodeMethod, kValidateResponseMethod};
}

StatusInfoServiceImpl::StatusInfoServiceImpl(const core::Catalog& catalog,
                                             const ServiceOptions& options)
    : catalog_(catalog),
      options_(options),
      search_index_(catalog),
      serialized_(catalog),
      get_metrics_(MethodMetricsOf(options.metrics, kGetStatusCodeMethod)),
      batch_metrics_(
          MethodMetricsOf(options.metrics, kBatchGetStatusCodesMethod)),
      get_grpc_metrics_(
          MethodMetricsOf(options.metrics, kGetGrpcStatusCodeMethod)),
      validate_metrics_(
          MethodMetricsOf(options.metrics, kValidateResponseMethod)) {}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::GetStatusCode(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  RawCall call(get_metrics_, *request);
  v1::GetStatusCodeRequest parsed;
  if (!ParseRequest(*request, parsed)) return call.FinishUnparsable(context);
  if (const grpc::Slice* entry = serialized_.Find(parsed.code())) {
    return call.FinishWith(context, entry, 1, response);
  }
  return call.Finish(
      context,
      ToGrpcStatus(core::GetStatusCode(catalog_, parsed.code()).status()));
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::BatchGetStatusCodes(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  RawCall call(batch_metrics_, *request);
  v1::BatchGetStatusCodesRequest parsed;
  if (!ParseRequest(*request, parsed)) return call.FinishUnparsable(context);
  absl::StatusOr<std::vector<const v1::StatusCode*>> entries =
      core::BatchGetStatusCodes(catalog_, parsed.codes());
  if (!entries.ok()) {
    return call.Finish(context, ToGrpcStatus(entries.status()));
  }
  // The response is the entries' elements one after the other; the byte
  // buffer refers to them, nothing is copied.
  absl::InlinedVector<grpc::Slice, 32> elements;
  elements.reserve(entries->size());
  for (const v1::StatusCode* entry : *entries) {
    const grpc::Slice* element = serialized_.FindBatchElement(entry->code());
    if (element == nullptr) {
      return call.Finish(context, grpc::Status(grpc::StatusCode::INTERNAL,
                                               "catalog entry not serialized"));
    }
    elements.push_back(*element);
  }
  return call.FinishWith(context, elements.data(), elements.size(), response);
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::ListStatusCodes(
    grpc::CallbackServerContext* context,
    const v1::ListStatusCodesRequest* request,
    v1::ListStatusCodesResponse* response) {
  return FinishWith(context, core::ListStatusCodes(catalog_, *request),
                    response);
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::ValidateStatusCode(
    grpc::CallbackServerContext* context,
    const v1::ValidateStatusCodeRequest* request,
    v1::ValidateStatusCodeResponse* response) {
  *response = core::ValidateStatusCode(catalog_, request->code());
  return Finish(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::ValidateStatusLine(
    grpc::CallbackServerContext* context,
    const v1::ValidateStatusLineRequest* request,
    v1::ValidateStatusLineResponse* response) {
  absl::StatusOr<v1::ValidateStatusLineResponse> result =
      core::ValidateStatusLine(catalog_, request->status_line());
  if (result.ok() && options_.metrics != nullptr) {
    options_.metrics->RecordFindings(result->findings());
  }
  return FinishWith(context, std::move(result), response);
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::ValidateResponse(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  RawCall call(validate_metrics_, *request);
  v1::ValidateResponseRequest parsed;
  if (!ParseRequest(*request, parsed)) return call.FinishUnparsable(context);
  absl::Status limits = core::CheckResponseLimits(parsed);
  if (!limits.ok()) return call.Finish(context, ToGrpcStatus(limits));
  const v1::ValidateResponseResponse result = core::ValidateResponse(parsed);
  if (options_.metrics != nullptr) {
    options_.metrics->RecordFindings(result.findings());
  }
  const grpc::Slice bytes = Serialize(result);
  return call.FinishWith(context, &bytes, 1, response);
}

grpc::ServerBidiReactor<v1::StreamValidateResponsesRequest,
                        v1::StreamValidateResponsesResponse>*
StatusInfoServiceImpl::StreamValidateResponses(grpc::CallbackServerContext*) {
  return new StreamValidateReactor(options_.max_stream_batch, options_.metrics);
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::SearchStatusCodes(
    grpc::CallbackServerContext* context,
    const v1::SearchStatusCodesRequest* request,
    v1::SearchStatusCodesResponse* response) {
  return FinishWith(context, search_index_.Search(*request), response);
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::TranslateStatus(
    grpc::CallbackServerContext* context,
    const v1::TranslateStatusRequest* request,
    v1::TranslateStatusResponse* response) {
  return FinishWith(context, core::TranslateStatus(catalog_, *request),
                    response);
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::GetGrpcStatusCode(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  RawCall call(get_grpc_metrics_, *request);
  v1::GetGrpcStatusCodeRequest parsed;
  if (!ParseRequest(*request, parsed)) return call.FinishUnparsable(context);
  if (const grpc::Slice* entry = serialized_.FindGrpc(parsed.code())) {
    return call.FinishWith(context, entry, 1, response);
  }
  return call.Finish(
      context,
      ToGrpcStatus(core::GetGrpcStatusCode(catalog_, parsed.code()).status()));
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::ListGrpcStatusCodes(
    grpc::CallbackServerContext* context,
    const v1::ListGrpcStatusCodesRequest* request,
    v1::ListGrpcStatusCodesResponse* response) {
  return FinishWith(context, core::ListGrpcStatusCodes(catalog_, *request),
                    response);
}

}  // namespace statusinfo::server
