// The gRPC adapter: statusinfo.v1.StatusInfoService over the core.
//
// Each handler decodes nothing and decides nothing: it calls the core and
// turns its result into a response or, through ToGrpcStatus, an error. It
// uses gRPC's callback API, so no thread waits on a call.
//
// Example:
//
//   core::Catalog catalog = ...;
//   StatusInfoServiceImpl service(catalog);
//   grpc::ServerBuilder builder;
//   builder.RegisterService(&service);
#ifndef STATUSINFO_SERVICE_SERVER_STATUS_INFO_SERVICE_H_
#define STATUSINFO_SERVICE_SERVER_STATUS_INFO_SERVICE_H_

#include <string>
#include <vector>

#include "service/core/catalog.h"
#include "service/core/search.h"
#include "service/server/metrics.h"
#include "service/server/serialized_catalog.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"

namespace statusinfo::server {

namespace v1 = ::statusinfo::v1;

class ServerMetrics;

// The most responses one StreamValidateResponses message may carry, as the
// API documents it; --max_stream_batch may lower it.
inline constexpr int kMaxStreamBatch = 1000;

struct ServiceOptions {
  // Responses per StreamValidateResponses message, 1 to kMaxStreamBatch.
  int max_stream_batch = kMaxStreamBatch;
  // Where validation findings are counted; null: nowhere. Must outlive the
  // service.
  const ServerMetrics* metrics = nullptr;
};

// GetStatusCode, BatchGetStatusCodes and GetGrpcStatusCode are gRPC raw
// callback methods: they take the request as bytes and answer with catalog
// entries serialized once at start-up (serialized_catalog.h), the same bytes
// a typed handler would send. ValidateResponse is raw too, only so that it
// can record its own metrics (see SelfInstrumentedMethods); it parses and
// serializes as gRPC would. The other methods are typed.
using StatusInfoServiceBase =
    v1::StatusInfoService::WithRawCallbackMethod_GetStatusCode<
        v1::StatusInfoService::WithRawCallbackMethod_BatchGetStatusCodes<
            v1::StatusInfoService::WithRawCallbackMethod_GetGrpcStatusCode<
                v1::StatusInfoService::WithRawCallbackMethod_ValidateResponse<
                    v1::StatusInfoService::CallbackService>>>>;

class StatusInfoServiceImpl final : public StatusInfoServiceBase {
 public:
  // The methods that record their own calls in ServerMetrics, in the series
  // the observability interceptor keeps for the others (rpc_interceptor.h),
  // which must then leave them alone: for a lookup, gRPC's interceptor
  // machinery costs more than the lookup itself (bench/RESULTS.md).
  static std::vector<std::string> SelfInstrumentedMethods();

  // `catalog` must outlive the service.
  explicit StatusInfoServiceImpl(const core::Catalog& catalog,
                                 const ServiceOptions& options = {});

  grpc::ServerUnaryReactor* GetStatusCode(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* BatchGetStatusCodes(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListStatusCodes(
      grpc::CallbackServerContext* context,
      const v1::ListStatusCodesRequest* request,
      v1::ListStatusCodesResponse* response) override;
  grpc::ServerUnaryReactor* ValidateStatusCode(
      grpc::CallbackServerContext* context,
      const v1::ValidateStatusCodeRequest* request,
      v1::ValidateStatusCodeResponse* response) override;
  grpc::ServerUnaryReactor* ValidateStatusLine(
      grpc::CallbackServerContext* context,
      const v1::ValidateStatusLineRequest* request,
      v1::ValidateStatusLineResponse* response) override;
  grpc::ServerUnaryReactor* ValidateResponse(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerBidiReactor<v1::StreamValidateResponsesRequest,
                          v1::StreamValidateResponsesResponse>*
  StreamValidateResponses(grpc::CallbackServerContext* context) override;
  grpc::ServerUnaryReactor* SearchStatusCodes(
      grpc::CallbackServerContext* context,
      const v1::SearchStatusCodesRequest* request,
      v1::SearchStatusCodesResponse* response) override;
  grpc::ServerUnaryReactor* TranslateStatus(
      grpc::CallbackServerContext* context,
      const v1::TranslateStatusRequest* request,
      v1::TranslateStatusResponse* response) override;
  grpc::ServerUnaryReactor* GetGrpcStatusCode(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListGrpcStatusCodes(
      grpc::CallbackServerContext* context,
      const v1::ListGrpcStatusCodesRequest* request,
      v1::ListGrpcStatusCodesResponse* response) override;

 private:
  const core::Catalog& catalog_;
  const ServiceOptions options_;
  core::SearchIndex search_index_;
  const SerializedCatalog serialized_;
  // The series of the raw methods; null when metrics are off.
  const ServerMetrics::MethodMetrics* const get_metrics_;
  const ServerMetrics::MethodMetrics* const batch_metrics_;
  const ServerMetrics::MethodMetrics* const get_grpc_metrics_;
  const ServerMetrics::MethodMetrics* const validate_metrics_;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_STATUS_INFO_SERVICE_H_
