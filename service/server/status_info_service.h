// The gRPC adapter: statusinfo.v1.StatusInfoService over the core.
//
// Each handler decides nothing: it parses the request bytes (through the
// core's ParseRequest), calls the core and turns its result into a response
// or, through ToGrpcStatus, an error. It uses gRPC's callback API, so no
// thread waits on a call.
//
// Example:
//
//   core::Catalog catalog = ...;
//   StatusInfoServiceImpl service(catalog);
//   grpc::ServerBuilder builder;
//   builder.RegisterService(&service);
#ifndef STATUSINFO_SERVICE_SERVER_STATUS_INFO_SERVICE_H_
#define STATUSINFO_SERVICE_SERVER_STATUS_INFO_SERVICE_H_

#include <array>
#include <string>
#include <vector>

#include "service/core/catalog.h"
#include "service/core/limits.h"
#include "service/core/search.h"
#include "service/server/metrics.h"
#include "service/server/serialized_catalog.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"

namespace statusinfo::server {

namespace v1 = ::statusinfo::v1;

class ServerMetrics;

// The most responses one StreamValidateResponses message may carry, as the
// API documents it; --max_stream_batch may lower it.
inline constexpr int kMaxStreamBatch = core::kMaxStreamBatch;

struct ServiceOptions {
  // Responses per StreamValidateResponses message, 1 to kMaxStreamBatch.
  int max_stream_batch = kMaxStreamBatch;
  // Where validation findings are counted; null: nowhere. Must outlive the
  // service.
  const ServerMetrics* metrics = nullptr;
};

// Every method is a gRPC raw callback method: it takes the request as bytes
// and parses it itself (raw_call.h), so that a request that does not parse
// gets INVALID_ARGUMENT naming the field instead of gRPC's bare
// UNIMPLEMENTED. GetStatusCode, BatchGetStatusCodes, GetGrpcStatusCode and
// SearchStatusCodes answer with catalog entries serialized once at start-up
// (serialized_catalog.h), the same bytes a typed handler would send; the
// others serialize their answer as gRPC would. The innermost base is the
// plain Service (not CallbackService, whose typed stream method would clash
// with the raw one); with every method marked raw callback, none is left
// synchronous, so the server starts no synchronous thread pool.
using StatusInfoService = v1::StatusInfoService;
// clang-format off
using StatusInfoServiceBase =
    StatusInfoService::WithRawCallbackMethod_GetStatusCode<
    StatusInfoService::WithRawCallbackMethod_BatchGetStatusCodes<
    StatusInfoService::WithRawCallbackMethod_ListStatusCodes<
    StatusInfoService::WithRawCallbackMethod_ValidateStatusCode<
    StatusInfoService::WithRawCallbackMethod_ValidateStatusLine<
    StatusInfoService::WithRawCallbackMethod_ValidateResponse<
    StatusInfoService::WithRawCallbackMethod_StreamValidateResponses<
    StatusInfoService::WithRawCallbackMethod_SearchStatusCodes<
    StatusInfoService::WithRawCallbackMethod_TranslateStatus<
    StatusInfoService::WithRawCallbackMethod_GetGrpcStatusCode<
    StatusInfoService::WithRawCallbackMethod_ListGrpcStatusCodes<
    StatusInfoService::Service>>>>>>>>>>>;
// clang-format on

class StatusInfoServiceImpl final : public StatusInfoServiceBase {
 public:
  // The methods that record their own calls in ServerMetrics, in the series
  // the observability interceptor keeps for the others (rpc_interceptor.h),
  // which must then leave them alone: every unary method. For a lookup,
  // gRPC's interceptor machinery costs more than the lookup itself
  // (bench/RESULTS.md). The stream is left to the interceptor.
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
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ValidateStatusCode(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ValidateStatusLine(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ValidateResponse(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  // One reactor per stream (stream_validate_reactor.h).
  grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>*
  StreamValidateResponses(grpc::CallbackServerContext* context) override;
  grpc::ServerUnaryReactor* SearchStatusCodes(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* TranslateStatus(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetGrpcStatusCode(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListGrpcStatusCodes(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;

 private:
  // The unary methods, indexing metrics_ and the names in the .cc file.
  enum Method {
    kGetStatusCode,
    kBatchGetStatusCodes,
    kListStatusCodes,
    kValidateStatusCode,
    kValidateStatusLine,
    kValidateResponse,
    kSearchStatusCodes,
    kTranslateStatus,
    kGetGrpcStatusCode,
    kListGrpcStatusCodes,
    kNumUnaryMethods
  };

  const core::Catalog& catalog_;
  const ServiceOptions options_;
  core::SearchIndex search_index_;
  const SerializedCatalog serialized_;
  // Each unary method's metric series, by Method; null when metrics are
  // off.
  std::array<const ServerMetrics::MethodMetrics*, kNumUnaryMethods> metrics_;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_STATUS_INFO_SERVICE_H_
