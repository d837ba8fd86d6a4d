// RuleInfo: how a conformance rule is listed (by ResponseRules(),
// StatusLineRules() and docs/rules.md). On its own so that the rule tables
// and their check functions share it without including each other.
//
// Example:
//
//   for (const RuleInfo& rule : ResponseRules()) {
//     std::cout << rule.id << " " << rule.reference << "\n";
//   }
#ifndef STATUSINFO_SERVICE_CORE_RULE_INFO_H_
#define STATUSINFO_SERVICE_CORE_RULE_INFO_H_

#include "absl/strings/string_view.h"
#include "statusinfo/v1/conformance.pb.h"

namespace statusinfo::core {

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

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_RULE_INFO_H_
