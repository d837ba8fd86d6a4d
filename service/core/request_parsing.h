// Parsing request messages from their wire bytes, with errors that say
// what is wrong.
//
// gRPC's typed handlers parse a request before any code of the service runs
// and, when it does not parse, answer with a bare status and no message. The
// server takes requests as bytes and parses them here instead, so that a
// client that sends a string field that is not UTF-8 (proto3 requires it) or
// bytes that are not protobuf at all is told which field, and why, in the
// same google.rpc details as any other bad input.
//
// Example:
//
//   v1::GetStatusCodeRequest request;
//   absl::Status parsed = statusinfo::core::ParseRequest(bytes, request);
//   if (!parsed.ok()) return parsed;  // INVALID_ARGUMENT, field named
#ifndef STATUSINFO_SERVICE_CORE_REQUEST_PARSING_H_
#define STATUSINFO_SERVICE_CORE_REQUEST_PARSING_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace statusinfo::core {

// Parses `bytes` (the serialized message, as sent) into `request`, which is
// cleared first. Unknown fields are kept, as protobuf keeps them. On failure
// returns INVALID_ARGUMENT with a BadRequest naming the field path:
//  - "responses[2].headers[0].value: is not valid UTF-8", reason
//    INVALID_UTF8, for a string field whose bytes are not UTF-8;
//  - "responses[2]: is not a serialized statusinfo.v1.ResponseHeader...",
//    reason MALFORMED_REQUEST, for a nested message that is not protobuf;
//  - field "request" for a request that is not protobuf at all.
absl::Status ParseRequest(absl::string_view bytes,
                          google::protobuf::Message& request);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_REQUEST_PARSING_H_
