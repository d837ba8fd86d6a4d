// Translation between HTTP statuses and gRPC status codes.
//
// Three mappings, each from a published source:
//  - HTTP -> gRPC "received": the code a gRPC client library reports when a
//    server that does not speak gRPC answers with an HTTP status (gRPC's
//    doc/http-grpc-status-mapping.md). This table lives here.
//  - gRPC -> HTTP: the "HTTP Mapping" that google/rpc/code.proto documents
//    for each code, which grpc-gateway and Envoy's transcoder apply. It is
//    catalog data (GrpcStatusCode.http_status_code).
//  - HTTP -> gRPC "semantic": the inverse of the previous one; an HTTP status
//    no gRPC code maps to is read as the x00 code of its class, as RFC 9110
//    Section 15 tells recipients to treat unrecognised codes.
//
// Example:
//
//   v1::TranslateStatusRequest request;
//   request.set_http_status_code(503);
//   absl::StatusOr<v1::TranslateStatusResponse> response =
//       TranslateStatus(catalog, request);
//   // response->translations(0).grpc_code_name() == "UNAVAILABLE"
#ifndef STATUSINFO_SERVICE_CORE_TRANSLATION_H_
#define STATUSINFO_SERVICE_CORE_TRANSLATION_H_

#include "absl/status/statusor.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::core {

class Catalog;

// The gRPC code a gRPC client reports on receiving HTTP status `http_code`
// from a non-gRPC server.
int GrpcCodeReceivedForHttp(int http_code);

// Translates in the direction the request's oneof says. INVALID_ARGUMENT when
// neither is set or the number is out of range.
absl::StatusOr<statusinfo::v1::TranslateStatusResponse> TranslateStatus(
    const Catalog& catalog,
    const statusinfo::v1::TranslateStatusRequest& request);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_TRANSLATION_H_
