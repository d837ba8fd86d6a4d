// Errors of the statusinfo core, with machine-readable details.
//
// The core reports failures as absl::Status. Each error built here carries,
// as payloads keyed by their type URLs, a google.rpc.ErrorInfo (a reason of
// statusinfo.v1.ErrorReason, by name, in the "statusinfo.v1" domain) and, for
// bad input, a google.rpc.BadRequest naming the field. The gRPC adapter copies
// these payloads into the google.rpc.Status it sends, so the core needs no
// gRPC.
//
// Example:
//
//   if (code < 100 || code > 599) {
//     return statusinfo::core::InvalidArgument(
//         "code", "must be between 100 and 599, got 42",
//         v1::CODE_OUT_OF_RANGE);
//   }
#ifndef STATUSINFO_SERVICE_CORE_ERRORS_H_
#define STATUSINFO_SERVICE_CORE_ERRORS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/status.pb.h"
#include "statusinfo/v1/error_reason.pb.h"

namespace statusinfo::core {

// The ErrorInfo domain of every error the service reports.
inline constexpr absl::string_view kErrorDomain = "statusinfo.v1";

// Type URLs of the payloads attached to errors (those of google.protobuf.Any).
inline constexpr absl::string_view kBadRequestTypeUrl =
    "type.googleapis.com/google.rpc.BadRequest";
inline constexpr absl::string_view kErrorInfoTypeUrl =
    "type.googleapis.com/google.rpc.ErrorInfo";

// INVALID_ARGUMENT for one field. The message reads "<field>: <description>"
// and the details carry a BadRequest field violation and an ErrorInfo with
// `reason`.
absl::Status InvalidArgument(absl::string_view field,
                             absl::string_view description,
                             statusinfo::v1::ErrorReason reason);

// NOT_FOUND with an ErrorInfo carrying `reason`.
absl::Status NotFound(absl::string_view message,
                      statusinfo::v1::ErrorReason reason);

// Attaches an ErrorInfo with `reason` (by name) in kErrorDomain to `status`.
void AttachErrorInfo(absl::Status& status, statusinfo::v1::ErrorReason reason);

// Returns the ErrorInfo reason attached to `status`, or "" if none.
std::string ErrorReason(const absl::Status& status);

// The google.rpc.Status an error goes out as (AIP-193): its code, message,
// and each payload as a detail (type URL and bytes as attached). The server
// sends it in the grpc-status-details-bin trailer; the client's catalog
// cache builds the same from its own answers.
google::rpc::Status ToRpcStatus(const absl::Status& status);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_ERRORS_H_
