// How the client reports a failed call: as an absl::Status that keeps
// everything the server said.
//
// The service sends AIP-193 errors: a code, a message, and a google.rpc.Status
// in the grpc-status-details-bin trailer whose details hold a
// google.rpc.BadRequest (which field was wrong) and a google.rpc.ErrorInfo (a
// reason of statusinfo.v1.ErrorReason by name, such as "CODE_OUT_OF_RANGE").
// FromGrpcStatus keeps the code and message and stores those serialized
// details as a payload, so a caller can branch on the reason (ReasonOf), and
// DescribeError renders them for people.
//
// Example:
//
//   absl::StatusOr<v1::StatusCode> entry = client.GetStatusCode(42);
//   if (!entry.ok()) {
//     std::cerr << DescribeError(entry.status()) << "\n";
//     // INVALID_ARGUMENT: code: must be a three-digit HTTP status code
//     // between 100 and 599, got 42 [field code] [reason: CODE_OUT_OF_RANGE]
//     if (ReasonOf(entry.status()) == v1::CODE_OUT_OF_RANGE) { ... }
//     std::optional<absl::Cord> details =
//         entry.status().GetPayload(kRpcStatusTypeUrl);  // google.rpc.Status
//   }
#ifndef STATUSINFO_CLIENT_LIB_ERRORS_H_
#define STATUSINFO_CLIENT_LIB_ERRORS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"
#include "statusinfo/v1/error_reason.pb.h"

namespace statusinfo::client {

namespace v1 = ::statusinfo::v1;

// The ErrorInfo domain of the service's errors.
inline constexpr absl::string_view kErrorDomain = "statusinfo.v1";

// The payload key under which a converted error keeps the server's
// serialized google.rpc.Status (the type URL of google.protobuf.Any).
inline constexpr absl::string_view kRpcStatusTypeUrl =
    "type.googleapis.com/google.rpc.Status";

// Converts a gRPC status to an absl::Status with the same code and message.
// Binary error details, when present, become the kRpcStatusTypeUrl payload.
absl::Status FromGrpcStatus(const grpc::Status& status);

// One line for people: "<CODE>: <message>", followed by what the details add:
// "[field code: <description>]" per BadRequest field violation whose
// description the message does not already say (else "[field code]"), and
// "[reason: <ErrorInfo reason>]". Details are read from the kRpcStatusTypeUrl
// payload and also from BadRequest/ErrorInfo payloads attached directly under
// their own type URLs. Returns "OK" for an OK status.
std::string DescribeError(const absl::Status& status);

// The reason of the service's ErrorInfo in `status` (read as DescribeError
// reads details); ERROR_REASON_UNSPECIFIED when there is none, it is of
// another domain, or it names a reason this client does not know.
v1::ErrorReason ReasonOf(const absl::Status& status);

}  // namespace statusinfo::client

#endif  // STATUSINFO_CLIENT_LIB_ERRORS_H_
