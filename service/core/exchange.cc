#include "service/core/exchange.h"

#include "service/core/http_grammar.h"

namespace statusinfo::core {

// The deprecated fields are read here and nowhere else in the core.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

bool HasConflictingRequestFields(const v1::ValidateResponseRequest& message) {
  return message.has_request() && (!message.request_method().empty() ||
                                   !message.request_headers().empty());
}

absl::string_view RequestMethodOf(const v1::ValidateResponseRequest& message) {
  return message.has_request() ? message.request().method()
                               : message.request_method();
}

const google::protobuf::RepeatedPtrField<v1::HttpHeader>& RequestHeadersOf(
    const v1::ValidateResponseRequest& message) {
  return message.has_request() ? message.request().headers()
                               : message.request_headers();
}

bool IsRequestKnown(const v1::ValidateResponseRequest& message) {
  return message.has_request() || !message.request_method().empty() ||
         !message.request_headers().empty();
}

#pragma GCC diagnostic pop

absl::string_view RequestHeadersFieldName(
    const v1::ValidateResponseRequest& message) {
  return message.has_request() ? "request.headers" : "request_headers";
}

ClientVersion ClientVersionOf(const v1::ValidateResponseRequest& message) {
  const absl::string_view version = message.request().http_version();
  if (version == "HTTP/2" || version == "HTTP/3") {
    return ClientVersion::kAtLeast11;
  }
  if (!IsHttpVersion(version)) return ClientVersion::kUnknown;
  // IsHttpVersion: "HTTP/" DIGIT "." DIGIT.
  const bool below11 =
      version[5] == '0' || (version[5] == '1' && version[7] == '0');
  return below11 ? ClientVersion::kBelow11 : ClientVersion::kAtLeast11;
}

}  // namespace statusinfo::core
