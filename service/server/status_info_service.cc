#include "service/server/status_info_service.h"

#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "service/core/code_validation.h"
#include "service/core/listing.h"
#include "service/core/lookup.h"
#include "service/core/response_rules.h"
#include "service/core/status_line.h"
#include "service/core/translation.h"
#include "service/server/grpc_status.h"
#include "service/server/metrics.h"
#include "service/server/raw_call.h"
#include "service/server/stream_validate_reactor.h"

namespace statusinfo::server {
namespace {

// The unary methods' full names, as gRPC and the metrics name them, in the
// order of StatusInfoServiceImpl::Method.
constexpr const char* kMethodNames[] = {
    "/statusinfo.v1.StatusInfoService/GetStatusCode",
    "/statusinfo.v1.StatusInfoService/BatchGetStatusCodes",
    "/statusinfo.v1.StatusInfoService/ListStatusCodes",
    "/statusinfo.v1.StatusInfoService/ValidateStatusCode",
    "/statusinfo.v1.StatusInfoService/ValidateStatusLine",
    "/statusinfo.v1.StatusInfoService/ValidateResponse",
    "/statusinfo.v1.StatusInfoService/SearchStatusCodes",
    "/statusinfo.v1.StatusInfoService/TranslateStatus",
    "/statusinfo.v1.StatusInfoService/GetGrpcStatusCode",
    "/statusinfo.v1.StatusInfoService/ListGrpcStatusCodes",
};

// Serves a unary method whose answer the core computes: parses the request
// as `Request`, calls `answer` with it (returning absl::StatusOr of the
// response message) and sends the response or the error.
template <typename Request, typename Answer>
grpc::ServerUnaryReactor* Serve(const ServerMetrics::MethodMetrics* metrics,
                                grpc::CallbackServerContext* context,
                                const grpc::ByteBuffer& request,
                                grpc::ByteBuffer* response, Answer&& answer) {
  RawCall call(metrics, request);
  Request parsed;
  if (absl::Status s = ParseRequest(request, parsed); !s.ok()) {
    return call.Finish(context, ToGrpcStatus(s));
  }
  const auto result = answer(parsed);
  if (!result.ok()) return call.Finish(context, ToGrpcStatus(result.status()));
  return call.FinishWithMessage(context, *result, response);
}

}  // namespace

std::vector<std::string> StatusInfoServiceImpl::SelfInstrumentedMethods() {
  return {std::begin(kMethodNames), std::end(kMethodNames)};
}

StatusInfoServiceImpl::StatusInfoServiceImpl(const core::Catalog& catalog,
                                             const ServiceOptions& options)
    : catalog_(catalog),
      options_(options),
      search_index_(catalog),
      serialized_(catalog) {
  static_assert(std::size(kMethodNames) == kNumUnaryMethods);
  for (int i = 0; i < kNumUnaryMethods; ++i) {
    metrics_[i] = options.metrics == nullptr
                      ? nullptr
                      : options.metrics->FindMethod(kMethodNames[i]);
  }
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::GetStatusCode(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  RawCall call(metrics_[kGetStatusCode], *request);
  v1::GetStatusCodeRequest parsed;
  if (absl::Status s = ParseRequest(*request, parsed); !s.ok()) {
    return call.Finish(context, ToGrpcStatus(s));
  }
  if (const grpc::Slice* entry = serialized_.Find(parsed.code())) {
    return call.FinishWithSlices(context, entry, 1, response);
  }
  return call.Finish(
      context,
      ToGrpcStatus(core::GetStatusCode(catalog_, parsed.code()).status()));
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::BatchGetStatusCodes(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  RawCall call(metrics_[kBatchGetStatusCodes], *request);
  v1::BatchGetStatusCodesRequest parsed;
  if (absl::Status s = ParseRequest(*request, parsed); !s.ok()) {
    return call.Finish(context, ToGrpcStatus(s));
  }
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
  return call.FinishWithSlices(context, elements.data(), elements.size(),
                               response);
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::ListStatusCodes(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Serve<v1::ListStatusCodesRequest>(
      metrics_[kListStatusCodes], context, *request, response,
      [&](const v1::ListStatusCodesRequest& parsed) {
        return core::ListStatusCodes(catalog_, parsed);
      });
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::ValidateStatusCode(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Serve<v1::ValidateStatusCodeRequest>(
      metrics_[kValidateStatusCode], context, *request, response,
      [&](const v1::ValidateStatusCodeRequest& parsed) {
        return absl::StatusOr<v1::ValidateStatusCodeResponse>(
            core::ValidateStatusCode(catalog_, parsed.code()));
      });
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::ValidateStatusLine(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Serve<v1::ValidateStatusLineRequest>(
      metrics_[kValidateStatusLine], context, *request, response,
      [&](const v1::ValidateStatusLineRequest& parsed) {
        absl::StatusOr<v1::ValidateStatusLineResponse> result =
            core::ValidateStatusLine(catalog_, parsed.status_line());
        if (result.ok() && options_.metrics != nullptr) {
          options_.metrics->RecordFindings(result->findings());
        }
        return result;
      });
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::ValidateResponse(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Serve<v1::ValidateResponseRequest>(
      metrics_[kValidateResponse], context, *request, response,
      [&](const v1::ValidateResponseRequest& parsed)
          -> absl::StatusOr<v1::ValidateResponseResponse> {
        absl::StatusOr<v1::ValidateResponseResponse> result =
            core::CheckAndValidateResponse(catalog_, parsed);
        if (result.ok() && options_.metrics != nullptr) {
          options_.metrics->RecordFindings(result->findings());
        }
        return result;
      });
}

grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>*
StatusInfoServiceImpl::StreamValidateResponses(grpc::CallbackServerContext*) {
  return new StreamValidateReactor(catalog_, options_.max_stream_batch,
                                   options_.metrics);
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::SearchStatusCodes(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  RawCall call(metrics_[kSearchStatusCodes], *request);
  v1::SearchStatusCodesRequest parsed;
  if (absl::Status s = ParseRequest(*request, parsed); !s.ok()) {
    return call.Finish(context, ToGrpcStatus(s));
  }
  absl::StatusOr<std::vector<core::SearchHit>> hits =
      search_index_.Rank(parsed);
  if (!hits.ok()) return call.Finish(context, ToGrpcStatus(hits.status()));
  // The entries go out as the bytes serialized at start-up, referenced;
  // only the framing and scores are written per call.
  std::vector<grpc::Slice> slices;
  slices.reserve(3 * hits->size());
  if (!serialized_.AppendSearchResults(*hits, slices)) {
    return call.Finish(context, grpc::Status(grpc::StatusCode::INTERNAL,
                                             "catalog entry not serialized"));
  }
  return call.FinishWithSlices(context, slices.data(), slices.size(), response);
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::TranslateStatus(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Serve<v1::TranslateStatusRequest>(
      metrics_[kTranslateStatus], context, *request, response,
      [&](const v1::TranslateStatusRequest& parsed) {
        return core::TranslateStatus(catalog_, parsed);
      });
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::GetGrpcStatusCode(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  RawCall call(metrics_[kGetGrpcStatusCode], *request);
  v1::GetGrpcStatusCodeRequest parsed;
  if (absl::Status s = ParseRequest(*request, parsed); !s.ok()) {
    return call.Finish(context, ToGrpcStatus(s));
  }
  if (const grpc::Slice* entry = serialized_.FindGrpc(parsed.code())) {
    return call.FinishWithSlices(context, entry, 1, response);
  }
  return call.Finish(
      context,
      ToGrpcStatus(core::GetGrpcStatusCode(catalog_, parsed.code()).status()));
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::ListGrpcStatusCodes(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return Serve<v1::ListGrpcStatusCodesRequest>(
      metrics_[kListGrpcStatusCodes], context, *request, response,
      [&](const v1::ListGrpcStatusCodesRequest& parsed) {
        return core::ListGrpcStatusCodes(catalog_, parsed);
      });
}

}  // namespace statusinfo::server
