#include "service/server/grpc_status.h"

#include <string>

#include "google/rpc/status.pb.h"
#include "grpcpp/support/error_details.h"
#include "service/core/errors.h"
#include "service/server/logging.h"

namespace statusinfo::server {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // The core answers bad input with client errors; these three mean a bug
  // or broken data on our side, which an operator must hear about.
  if (status.code() == absl::StatusCode::kInternal ||
      status.code() == absl::StatusCode::kUnknown ||
      status.code() == absl::StatusCode::kDataLoss) {
    LogEvent(LogLevel::kError, "rpc_failed")
        .Add("code", absl::StatusCodeToString(status.code()))
        .Add("message", status.message());
  }
  const google::rpc::Status proto = core::ToRpcStatus(status);
  grpc::Status result;
  // absl::StatusCode and grpc::StatusCode share the canonical numbering;
  // SetErrorDetails copies the code and message from `proto`.
  grpc::SetErrorDetails(proto, &result);
  return result;
}

grpc::Status ServerError(absl::StatusCode code, absl::string_view message,
                         statusinfo::v1::ErrorReason reason) {
  absl::Status status(code, message);
  core::AttachErrorInfo(status, reason);
  return ToGrpcStatus(status);
}

}  // namespace statusinfo::server
