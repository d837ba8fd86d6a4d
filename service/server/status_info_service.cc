#include "service/server/status_info_service.h"

#include <type_traits>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "service/core/code_validation.h"
#include "service/core/listing.h"
#include "service/core/response_rules.h"
#include "service/core/status_line.h"
#include "service/core/translation.h"
#include "service/server/metrics.h"
#include "service/server/stream_validate_reactor.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"

namespace statusinfo::server {
namespace {

const google::protobuf::ServiceDescriptor& StatusInfoServiceDescriptor() {
  return *google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      v1::StatusInfoService::service_full_name());
}

}  // namespace

template <typename Result>
Result StatusInfoServiceImpl::Counted(Result result) const {
  if (options_.metrics == nullptr) return result;
  if constexpr (std::is_base_of_v<google::protobuf::Message, Result>) {
    options_.metrics->RecordFindings(result.findings());
  } else if (result.ok()) {
    options_.metrics->RecordFindings(result->findings());
  }
  return result;
}

// The methods of the proto, one entry each: the method's name, what it
// takes (the parameter's type) and the core function it calls.
StatusInfoServiceImpl::StatusInfoServiceImpl(const core::Catalog& catalog,
                                             const ServiceOptions& options)
    : RawService(StatusInfoServiceDescriptor(), options.metrics),
      catalog_(catalog),
      options_(options),
      serialized_(catalog) {
  ServeUnary(Unary("GetStatusCode", [this](const v1::GetStatusCodeRequest& r) {
    return serialized_.GetStatusCode(r.code());
  }));
  ServeUnary(Unary("BatchGetStatusCodes",
                   [this](const v1::BatchGetStatusCodesRequest& r) {
                     return serialized_.BatchGetStatusCodes(r.codes());
                   }));
  ServeUnary(
      Unary("ListStatusCodes", [this](const v1::ListStatusCodesRequest& r) {
        return core::ListStatusCodes(catalog_, r);
      }));
  ServeUnary(Unary("ValidateStatusCode",
                   [this](const v1::ValidateStatusCodeRequest& r) {
                     return core::ValidateStatusCode(catalog_, r.code());
                   }));
  ServeUnary(Unary(
      "ValidateStatusLine", [this](const v1::ValidateStatusLineRequest& r) {
        return Counted(core::ValidateStatusLine(catalog_, r.status_line()));
      }));
  ServeUnary(Unary("ValidateResponse",
                   [this](const v1::ValidateResponseRequest& r)
                       -> absl::StatusOr<v1::ValidateResponseResponse> {
                     return Counted(
                         core::CheckAndValidateResponse(catalog_, r));
                   }));
  ServeBidi("StreamValidateResponses", [this](grpc::CallbackServerContext*) {
    return new StreamValidateReactor(catalog_, options_.max_stream_batch,
                                     options_.metrics);
  });
  ServeUnary(
      Unary("SearchStatusCodes", [this](const v1::SearchStatusCodesRequest& r) {
        return serialized_.SearchStatusCodes(r);
      }));
  ServeUnary(
      Unary("TranslateStatus", [this](const v1::TranslateStatusRequest& r) {
        return core::TranslateStatus(catalog_, r);
      }));
  ServeUnary(
      Unary("GetGrpcStatusCode", [this](const v1::GetGrpcStatusCodeRequest& r) {
        return serialized_.GetGrpcStatusCode(r.code());
      }));
  ServeUnary(Unary("ListGrpcStatusCodes",
                   [this](const v1::ListGrpcStatusCodesRequest& r) {
                     return core::ListGrpcStatusCodes(catalog_, r);
                   }));
}

}  // namespace statusinfo::server
