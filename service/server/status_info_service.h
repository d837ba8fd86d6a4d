// The gRPC adapter: statusinfo.v1.StatusInfoService over the core.
//
// Each method decides nothing: it is one entry of a table (the .cc file)
// that names the method as the proto does and calls the core, or answers
// with catalog entries serialized at start-up (serialized_catalog.h).
// RawService serves the table: method paths and types from the proto's
// descriptor, requests parsed by the core's ParseRequest, errors through
// ToGrpcStatus, metrics recorded per call. It uses gRPC's callback API, so
// no thread waits on a call.
//
// Example:
//
//   core::Catalog catalog = ...;
//   StatusInfoServiceImpl service(catalog);
//   if (!service.status().ok()) ...;  // an RPC of the proto not served
//   grpc::ServerBuilder builder;
//   builder.RegisterService(&service);
#ifndef STATUSINFO_SERVICE_SERVER_STATUS_INFO_SERVICE_H_
#define STATUSINFO_SERVICE_SERVER_STATUS_INFO_SERVICE_H_

#include "service/core/catalog.h"
#include "service/core/limits.h"
#include "service/server/raw_service.h"
#include "service/server/serialized_catalog.h"

namespace statusinfo::server {

namespace v1 = ::statusinfo::v1;

class ServerMetrics;

// The most responses one StreamValidateResponses message may carry, as the
// API documents it; --max_stream_batch may lower it.
inline constexpr int kMaxStreamBatch = core::kMaxStreamBatch;

struct ServiceOptions {
  // Responses per StreamValidateResponses message, 1 to kMaxStreamBatch.
  int max_stream_batch = kMaxStreamBatch;
  // Where calls and validation findings are counted; null: nowhere. Must
  // outlive the service.
  const ServerMetrics* metrics = nullptr;
};

// Every method is a gRPC raw callback method (raw_service.h): it takes the
// request as bytes and parses it itself, so that a request that does not
// parse gets INVALID_ARGUMENT naming the field instead of gRPC's bare
// UNIMPLEMENTED. GetStatusCode, BatchGetStatusCodes, GetGrpcStatusCode and
// SearchStatusCodes answer with catalog entries serialized once at start-up,
// the same bytes a typed handler would send; the others serialize their
// answer as gRPC would.
class StatusInfoServiceImpl final : public RawService {
 public:
  // `catalog` must outlive the service.
  explicit StatusInfoServiceImpl(const core::Catalog& catalog,
                                 const ServiceOptions& options = {});

 private:
  // `result`, with its findings counted in the metrics when it is OK.
  template <typename Result>
  Result Counted(Result result) const;

  const core::Catalog& catalog_;
  const ServiceOptions options_;
  const SerializedCatalog serialized_;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_STATUS_INFO_SERVICE_H_
