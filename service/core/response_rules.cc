// Placeholder until the rule table lands (issue 3): no rules yet.
#include "service/core/response_rules.h"

namespace statusinfo::core {

absl::Span<const RuleInfo> ResponseRules() { return {}; }

absl::Status CheckResponseLimits(const v1::ValidateResponseRequest&,
                                 absl::string_view) {
  return absl::OkStatus();
}

v1::ValidateResponseResponse ValidateResponse(
    const v1::ValidateResponseRequest&) {
  v1::ValidateResponseResponse response;
  response.set_valid(true);
  return response;
}

std::vector<v1::HeaderRequirement> HeaderRequirementsFor(int) { return {}; }

bool ContentForbidden(int code) {
  return (code >= 100 && code < 200) || code == 204 || code == 304;
}

}  // namespace statusinfo::core
