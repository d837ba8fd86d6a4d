// The request side of a ValidateResponseRequest, read from `request` (an
// HttpRequest) or from the deprecated `request_method` and
// `request_headers`, so that the rules read one description whichever the
// caller used. CheckResponseLimits refuses a message that sets both.
//
// Example:
//
//   v1::ValidateResponseRequest message;
//   message.mutable_request()->set_method("GET");
//   RequestMethodOf(message);  // "GET"
#ifndef STATUSINFO_SERVICE_CORE_EXCHANGE_H_
#define STATUSINFO_SERVICE_CORE_EXCHANGE_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::core {

// What the request's HTTP version says about the client: unknown (not
// given, or not an HTTP-version), below HTTP/1.1, or HTTP/1.1 and later.
enum class ClientVersion : std::uint8_t { kUnknown, kBelow11, kAtLeast11 };

// True when the message sets `request` and also a deprecated request field.
bool HasConflictingRequestFields(const v1::ValidateResponseRequest& message);

// The request method; empty if unknown.
absl::string_view RequestMethodOf(const v1::ValidateResponseRequest& message);

// The request's header fields, whichever field holds them.
const google::protobuf::RepeatedPtrField<v1::HttpHeader>& RequestHeadersOf(
    const v1::ValidateResponseRequest& message);

// The name of the field RequestHeadersOf reads, for error messages:
// "request.headers" or "request_headers".
absl::string_view RequestHeadersFieldName(
    const v1::ValidateResponseRequest& message);

// What request.http_version says about the client (RFC 9112, Section 2.3):
// HTTP/0.9 and HTTP/1.0 are below HTTP/1.1; HTTP/1.1 and later, HTTP/2 and
// HTTP/3 are not; anything else is unknown.
ClientVersion ClientVersionOf(const v1::ValidateResponseRequest& message);

// True when the message describes its request at all.
bool IsRequestKnown(const v1::ValidateResponseRequest& message);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_EXCHANGE_H_
