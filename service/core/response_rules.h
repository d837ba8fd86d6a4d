// The conformance rule table: every requirement that the HTTP specifications
// tie to a status code, and the validator that applies them to a response.
//
// The table is the one source of truth for these facts: docs/rules.md is
// checked against it, and the catalog's header requirements and
// content_forbidden flags are derived from it.
//
// The rules judge a response against the catalog the server serves (the
// built-in one plus --catalog_file): a code is "assigned" when that catalog
// has it.
//
// Example:
//
//   v1::ValidateResponseRequest request;
//   request.mutable_request()->set_method("GET");
//   request.set_status_code(401);
//   absl::StatusOr<v1::ValidateResponseResponse> result =
//       CheckAndValidateResponse(catalog, request);
//   // result->valid() == false; result->findings(0).rule_id() ==
//   // "401-www-authenticate"
#ifndef STATUSINFO_SERVICE_CORE_RESPONSE_RULES_H_
#define STATUSINFO_SERVICE_CORE_RESPONSE_RULES_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "service/core/catalog.h"
#include "service/core/limits.h"
#include "service/core/rule_info.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::core {

// Every response rule, in a stable order.
absl::Span<const RuleInfo> ResponseRules();

// Checks `request` against the limits of limits.h (kMaxHeaders and the
// byte limits). INVALID_ARGUMENT names the field (prefixed by
// `field_prefix`, e.g. "responses[3]." in a stream) and the limit, or both
// fields when `request` is set together with the deprecated request_method
// or request_headers. A request header field over a size limit is not an
// error: ValidateResponse leaves it out and reports it (rule
// request-field-over-limit).
absl::Status CheckResponseLimits(
    const statusinfo::v1::ValidateResponseRequest& request,
    absl::string_view field_prefix = "");

// Applies every rule to a request that passed CheckResponseLimits. A status
// code outside 100-599 is itself reported as an ERROR finding; one that
// `catalog` has no entry for, as unassigned.
statusinfo::v1::ValidateResponseResponse ValidateResponse(
    const Catalog& catalog,
    const statusinfo::v1::ValidateResponseRequest& request);

// The ValidateResponse RPC: CheckResponseLimits, then ValidateResponse.
absl::StatusOr<statusinfo::v1::ValidateResponseResponse>
CheckAndValidateResponse(
    const Catalog& catalog,
    const statusinfo::v1::ValidateResponseRequest& request);

// One StreamValidateResponses message, answered into `response` (cleared
// first; a stream passes the same one for every message, so that its
// results are reused): at most `max_batch` responses (1 to kMaxStreamBatch;
// INVALID_ARGUMENT on "responses" otherwise), each within the limits (errors
// name e.g. "responses[3].headers"), answered in order. All or nothing: one
// response over a limit fails the message.
absl::Status ValidateResponses(
    const Catalog& catalog,
    const statusinfo::v1::StreamValidateResponsesRequest& request,
    int max_batch, statusinfo::v1::StreamValidateResponsesResponse& response);

// The header fields the rule table requires (MUST or SHOULD) of every
// response with `code`, for the catalog entry.
std::vector<statusinfo::v1::HeaderRequirement> HeaderRequirementsFor(int code);

// True when the rule table forbids content in every response with `code`
// (1xx, 204, 304), whatever the request method.
bool ContentForbidden(int code);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_RESPONSE_RULES_H_
