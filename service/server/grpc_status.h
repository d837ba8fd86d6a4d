// The one place where the core's absl::Status becomes a grpc::Status.
//
// The code and message carry over unchanged. The payloads the core attached
// (google.rpc.BadRequest, google.rpc.ErrorInfo, keyed by type URL) become the
// details of a google.rpc.Status, which gRPC sends in the
// grpc-status-details-bin trailer (AIP-193).
//
// Example:
//
//   absl::StatusOr<const v1::StatusCode*> entry = core::GetStatusCode(...);
//   if (!entry.ok()) return reactor->Finish(ToGrpcStatus(entry.status()));
#ifndef STATUSINFO_SERVICE_SERVER_GRPC_STATUS_H_
#define STATUSINFO_SERVICE_SERVER_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"
#include "statusinfo/v1/error_reason.pb.h"

namespace statusinfo::server {

grpc::Status ToGrpcStatus(const absl::Status& status);

// An error of the server itself (not of the request), with an ErrorInfo in
// the core's domain carrying `reason`, e.g.
// ServerError(absl::StatusCode::kUnavailable, "shutting down",
// v1::SHUTTING_DOWN).
grpc::Status ServerError(absl::StatusCode code, absl::string_view message,
                         statusinfo::v1::ErrorReason reason);

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_GRPC_STATUS_H_
