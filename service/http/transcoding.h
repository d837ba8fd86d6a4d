// HTTP requests to request messages, and answers to JSON, by protobuf's JSON
// mapping (lowerCamelCase names, enums by name): the transcoding of the
// HTTP/JSON adapter, apart from any HTTP server so that it can be fuzzed and
// tested alone.
//
// A request message is built from the route's path variables, then the
// query parameters (routes without a body) or the JSON body (body "*"), and
// then goes through the core's ParseRequest as its wire bytes: a string
// that is not UTF-8 is reported exactly as over gRPC ("headers[2].value:
// is not valid UTF-8", reason INVALID_UTF8). Unknown query parameters and
// unknown JSON fields are refused with the name at fault.
//
// Example:
//
//   v1::ListStatusCodesRequest request;
//   absl::Status s = TranscodeRequest(route, {}, "page_size=5", "", request);
//   std::string json = ToJson(response);   // {"statusCodes":[...]...}
//   std::string error = ErrorToJson(s);    // {"code":3,"message":...}
#ifndef STATUSINFO_SERVICE_HTTP_TRANSCODING_H_
#define STATUSINFO_SERVICE_HTTP_TRANSCODING_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "service/http/http_rules.h"

namespace statusinfo::http {

// Fills `request` (of the route's request type) from the path `bindings`,
// the raw `query` (without '?', still percent-encoded) and the `body`.
// INVALID_ARGUMENT with google.rpc details naming the parameter or field:
//  - a query parameter that names no field, names a message field, is
//    repeated for a singular field, or whose value does not parse as the
//    field's type (reason MALFORMED_REQUEST);
//  - any query parameter on a route whose body is "*" (every field is in
//    the body);
//  - a body that is not UTF-8 (INVALID_UTF8) or not a JSON object of the
//    request type (MALFORMED_REQUEST, protobuf's message naming the field).
// An empty body is an empty message, as an empty gRPC request is.
absl::Status TranscodeRequest(const HttpRoute& route,
                              const std::vector<Binding>& bindings,
                              absl::string_view query, absl::string_view body,
                              google::protobuf::Message& request);

// `message` as JSON, by protobuf's JSON mapping.
std::string ToJson(const google::protobuf::Message& message);

// The google.rpc.Status of `error` (core::ToRpcStatus) as JSON, its details
// (BadRequest, ErrorInfo) with their "@type".
std::string ErrorToJson(const absl::Status& error);

}  // namespace statusinfo::http

#endif  // STATUSINFO_SERVICE_HTTP_TRANSCODING_H_
