// The limits of ValidateResponse and StreamValidateResponses requests,
// checked before the rules run so that one request cannot make validation
// expensive, and the entry points of the two RPCs that check them.
#include <cstddef>
#include <string>

#include "absl/strings/str_cat.h"
#include "service/core/errors.h"
#include "service/core/exchange.h"
#include "service/core/response_rules.h"

namespace statusinfo::core {
namespace {

namespace v1 = ::statusinfo::v1;

absl::Status CheckLength(absl::string_view prefix, absl::string_view field,
                         std::size_t size, int limit, v1::ErrorReason reason) {
  if (size <= static_cast<std::size_t>(limit)) return absl::OkStatus();
  return InvalidArgument(
      absl::StrCat(prefix, field),
      absl::StrCat("is ", size, " bytes long; the limit is ", limit, " bytes"),
      reason);
}

absl::Status CheckHeaderCount(
    absl::string_view prefix, absl::string_view list,
    const google::protobuf::RepeatedPtrField<v1::HttpHeader>& headers) {
  if (headers.size() > kMaxHeaders) {
    return InvalidArgument(
        absl::StrCat(prefix, list),
        absl::StrCat("has ", headers.size(), " header fields; the limit is ",
                     kMaxHeaders),
        v1::TOO_MANY_HEADERS);
  }
  return absl::OkStatus();
}

absl::Status CheckHeaderLimits(
    absl::string_view prefix, absl::string_view list,
    const google::protobuf::RepeatedPtrField<v1::HttpHeader>& headers) {
  if (absl::Status s = CheckHeaderCount(prefix, list, headers); !s.ok()) {
    return s;
  }
  for (int i = 0; i < headers.size(); ++i) {
    const std::string at = absl::StrCat(list, "[", i, "]");
    if (absl::Status s = CheckLength(
            prefix, absl::StrCat(at, ".name"), headers.Get(i).name().size(),
            kMaxHeaderNameBytes, v1::HEADER_NAME_TOO_LONG);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckLength(
            prefix, absl::StrCat(at, ".value"), headers.Get(i).value().size(),
            kMaxHeaderValueBytes, v1::HEADER_VALUE_TOO_LONG);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// The limits of the request's description (request or the deprecated
// fields). Header fields are limited in number only: one over a size limit
// is left out and reported by the request-field-over-limit rule.
absl::Status CheckRequestLimits(const v1::ValidateResponseRequest& request,
                                absl::string_view field_prefix) {
  if (HasConflictingRequestFields(request)) {
    return InvalidArgument(
        absl::StrCat(field_prefix, "request"),
        absl::StrCat("is set together with the deprecated ", field_prefix,
                     "request_method or ", field_prefix,
                     "request_headers; set only request"),
        v1::CONFLICTING_REQUEST_FIELDS);
  }
  const bool is_new = request.has_request();
  if (absl::Status s = CheckLength(field_prefix,
                                   is_new ? "request.method" : "request_method",
                                   RequestMethodOf(request).size(),
                                   kMaxMethodBytes, v1::METHOD_TOO_LONG);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckLength(field_prefix, "request.target",
                                   request.request().target().size(),
                                   kMaxTargetBytes, v1::TARGET_TOO_LONG);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckLength(field_prefix, "request.http_version",
                                   request.request().http_version().size(),
                                   kMaxVersionBytes, v1::VERSION_TOO_LONG);
      !s.ok()) {
    return s;
  }
  return CheckHeaderCount(field_prefix, RequestHeadersFieldName(request),
                          RequestHeadersOf(request));
}

}  // namespace

absl::Status CheckResponseLimits(const v1::ValidateResponseRequest& request,
                                 absl::string_view field_prefix) {
  if (absl::Status s = CheckRequestLimits(request, field_prefix); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckLength(field_prefix, "http_version",
                                   request.http_version().size(),
                                   kMaxVersionBytes, v1::VERSION_TOO_LONG);
      !s.ok()) {
    return s;
  }
  return CheckHeaderLimits(field_prefix, "headers", request.headers());
}

absl::StatusOr<v1::ValidateResponseResponse> CheckAndValidateResponse(
    const Catalog& catalog, const v1::ValidateResponseRequest& request) {
  if (absl::Status s = CheckResponseLimits(request); !s.ok()) return s;
  return ValidateResponse(catalog, request);
}

absl::Status ValidateResponses(
    const Catalog& catalog, const v1::StreamValidateResponsesRequest& request,
    int max_batch, v1::StreamValidateResponsesResponse& response) {
  response.Clear();
  if (request.responses_size() > max_batch) {
    return InvalidArgument(
        "responses",
        absl::StrCat("may hold at most ", max_batch,
                     " responses per message, got ", request.responses_size()),
        v1::STREAM_BATCH_TOO_LARGE);
  }
  for (int i = 0; i < request.responses_size(); ++i) {
    const v1::ValidateResponseRequest& one = request.responses(i);
    // The field prefix is built only for the error, not for every response.
    if (!CheckResponseLimits(one).ok()) {
      return CheckResponseLimits(one, absl::StrCat("responses[", i, "]."));
    }
    *response.add_results() = ValidateResponse(catalog, one);
  }
  return absl::OkStatus();
}

}  // namespace statusinfo::core
