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

#include "service/core/catalog.h"
#include "service/core/search.h"
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

class StatusInfoServiceImpl final
    : public v1::StatusInfoService::CallbackService {
 public:
  // `catalog` must outlive the service.
  explicit StatusInfoServiceImpl(const core::Catalog& catalog,
                                 const ServiceOptions& options = {});

  grpc::ServerUnaryReactor* GetStatusCode(
      grpc::CallbackServerContext* context,
      const v1::GetStatusCodeRequest* request,
      v1::StatusCode* response) override;
  grpc::ServerUnaryReactor* BatchGetStatusCodes(
      grpc::CallbackServerContext* context,
      const v1::BatchGetStatusCodesRequest* request,
      v1::BatchGetStatusCodesResponse* response) override;
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
      grpc::CallbackServerContext* context,
      const v1::ValidateResponseRequest* request,
      v1::ValidateResponseResponse* response) override;
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
      grpc::CallbackServerContext* context,
      const v1::GetGrpcStatusCodeRequest* request,
      v1::GrpcStatusCode* response) override;
  grpc::ServerUnaryReactor* ListGrpcStatusCodes(
      grpc::CallbackServerContext* context,
      const v1::ListGrpcStatusCodesRequest* request,
      v1::ListGrpcStatusCodesResponse* response) override;

 private:
  const core::Catalog& catalog_;
  const ServiceOptions options_;
  core::SearchIndex search_index_;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_STATUS_INFO_SERVICE_H_
