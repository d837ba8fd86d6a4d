// The conformance rule table: every requirement that the HTTP specifications
// tie to a status code, and the validator that applies them to a response.
//
// The table is the one source of truth for these facts: docs/rules.md is
// checked against it, and the catalog's header requirements and
// content_forbidden flags are derived from it.
//
// Example:
//
//   v1::ValidateResponseRequest request;
//   request.mutable_request()->set_method("GET");
//   request.set_status_code(401);
//   v1::ValidateResponseResponse result = ValidateResponse(request);
//   // result.valid() == false; result.findings(0).rule_id() ==
//   // "401-www-authenticate"
#ifndef STATUSINFO_SERVICE_CORE_RESPONSE_RULES_H_
#define STATUSINFO_SERVICE_CORE_RESPONSE_RULES_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::core {

// Limits on a ValidateResponseRequest (documented in the .proto).
inline constexpr int kMaxHeaders = 256;
inline constexpr int kMaxHeaderNameBytes = 256;
inline constexpr int kMaxHeaderValueBytes = 8192;
inline constexpr int kMaxMethodBytes = 64;
inline constexpr int kMaxVersionBytes = 16;
inline constexpr int kMaxTargetBytes = 8192;

// One rule, as docs/rules.md lists it.
struct RuleInfo {
  // Stable identifier, e.g. "401-www-authenticate".
  absl::string_view id;
  // ERROR for MUST / MUST NOT, WARNING for SHOULD, INFO otherwise.
  statusinfo::v1::Severity severity;
  // Exact citation, e.g. "RFC 9110, Section 15.5.2".
  absl::string_view reference;
  // What the rule requires, in one sentence.
  absl::string_view summary;
};

// Every response rule, in a stable order.
absl::Span<const RuleInfo> ResponseRules();

// Checks `request` against the limits above. INVALID_ARGUMENT names the
// field (prefixed by `field_prefix`, e.g. "responses[3]." in a stream) and
// the limit, or both fields when `request` is set together with the
// deprecated request_method or request_headers. A request header field over
// a size limit is not an error: ValidateResponse leaves it out and reports
// it (rule request-field-over-limit).
absl::Status CheckResponseLimits(
    const statusinfo::v1::ValidateResponseRequest& request,
    absl::string_view field_prefix = "");

// Applies every rule to a request that passed CheckResponseLimits. A status
// code outside 100-599 is itself reported as an ERROR finding.
statusinfo::v1::ValidateResponseResponse ValidateResponse(
    const statusinfo::v1::ValidateResponseRequest& request);

// The header fields the rule table requires (MUST or SHOULD) of every
// response with `code`, for the catalog entry.
std::vector<statusinfo::v1::HeaderRequirement> HeaderRequirementsFor(int code);

// True when the rule table forbids content in every response with `code`
// (1xx, 204, 304), whatever the request method.
bool ContentForbidden(int code);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_RESPONSE_RULES_H_
