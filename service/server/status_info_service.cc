#include "service/server/status_info_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
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

}  // namespace

StatusInfoServiceImpl::StatusInfoServiceImpl(const core::Catalog& catalog,
                                             const ServiceOptions& options)
    : catalog_(catalog), options_(options), search_index_(catalog) {}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::GetStatusCode(
    grpc::CallbackServerContext* context,
    const v1::GetStatusCodeRequest* request, v1::StatusCode* response) {
  absl::StatusOr<const v1::StatusCode*> entry =
      core::GetStatusCode(catalog_, request->code());
  if (entry.ok()) *response = **entry;
  return Finish(context, entry.status());
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::BatchGetStatusCodes(
    grpc::CallbackServerContext* context,
    const v1::BatchGetStatusCodesRequest* request,
    v1::BatchGetStatusCodesResponse* response) {
  auto entries = core::BatchGetStatusCodes(catalog_, request->codes());
  if (entries.ok()) {
    response->mutable_status_codes()->Reserve(
        static_cast<int>(entries->size()));
    for (const v1::StatusCode* entry : *entries) {
      *response->add_status_codes() = *entry;
    }
  }
  return Finish(context, entries.status());
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
    grpc::CallbackServerContext* context,
    const v1::ValidateResponseRequest* request,
    v1::ValidateResponseResponse* response) {
  absl::Status limits = core::CheckResponseLimits(*request);
  if (limits.ok()) {
    *response = core::ValidateResponse(*request);
    if (options_.metrics != nullptr) {
      options_.metrics->RecordFindings(response->findings());
    }
  }
  return Finish(context, limits);
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
    grpc::CallbackServerContext* context,
    const v1::GetGrpcStatusCodeRequest* request, v1::GrpcStatusCode* response) {
  absl::StatusOr<const v1::GrpcStatusCode*> entry =
      core::GetGrpcStatusCode(catalog_, request->code());
  if (entry.ok()) *response = **entry;
  return Finish(context, entry.status());
}

grpc::ServerUnaryReactor* StatusInfoServiceImpl::ListGrpcStatusCodes(
    grpc::CallbackServerContext* context,
    const v1::ListGrpcStatusCodesRequest* request,
    v1::ListGrpcStatusCodesResponse* response) {
  return FinishWith(context, core::ListGrpcStatusCodes(catalog_, *request),
                    response);
}

}  // namespace statusinfo::server
