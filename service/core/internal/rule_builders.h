// The builders of the rule table's rows (one per kind of rule) and the
// short names the rows use. The rows are in the group headers
// (framing_rules.h, status_code_rules.h, field_syntax_rules.h,
// exchange_rules.h); response_rules.cc merges them into the one table.
//
// Each row cites the sentence of the RFC it enforces; the severity follows
// the sentence's keyword (ERROR for MUST / MUST NOT, WARNING for SHOULD /
// SHOULD NOT, INFO otherwise), except where a row's comment says why not.
// docs/rules.md lists the same rows.
//
// Example (a row):
//
//   Require({"405-allow", kError, "RFC 9110, Section 15.5.6", "..."},
//           Code(405), {Field::kAllow, kMust, ""}, "The 405 response ...")
#ifndef STATUSINFO_SERVICE_CORE_INTERNAL_RULE_BUILDERS_H_
#define STATUSINFO_SERVICE_CORE_INTERNAL_RULE_BUILDERS_H_

#include "absl/strings/string_view.h"
#include "service/core/internal/response_checks.h"
#include "service/core/rule_info.h"

namespace statusinfo::core::rule_table {

inline constexpr v1::Severity kError = v1::SEVERITY_ERROR;
inline constexpr v1::Severity kWarning = v1::SEVERITY_WARNING;
inline constexpr v1::Severity kInfo = v1::SEVERITY_INFO;
inline constexpr v1::RequirementLevel kMust = v1::REQUIREMENT_LEVEL_MUST;
inline constexpr v1::RequirementLevel kShould = v1::REQUIREMENT_LEVEL_SHOULD;
inline constexpr v1::RequirementLevel kMay = v1::REQUIREMENT_LEVEL_MAY;
inline constexpr v1::RequirementLevel kNoKeyword =
    v1::REQUIREMENT_LEVEL_UNSPECIFIED;

// The row builders: one per kind of rule.
constexpr RuleDescriptor Check(RuleInfo info, CodeRange codes,
                               MethodFilter methods, CheckFn check,
                               RequiredField required = {}) {
  RuleDescriptor rule{};
  rule.info = info;
  rule.codes = codes;
  rule.methods = methods;
  rule.check = check;
  rule.required = required;
  return rule;
}

constexpr RuleDescriptor Require(RuleInfo info, CodeRange codes,
                                 RequiredField required,
                                 absl::string_view problem) {
  RuleDescriptor rule{};
  rule.info = info;
  rule.codes = codes;
  rule.required = required;
  rule.problem = problem;
  return rule;
}

constexpr RuleDescriptor Forbid(RuleInfo info, CodeRange codes, Field field,
                                absl::string_view problem) {
  RuleDescriptor rule{};
  rule.info = info;
  rule.codes = codes;
  rule.forbidden = field;
  rule.problem = problem;
  return rule;
}

// `for_code` marks the codes that never have content whatever the method.
constexpr RuleDescriptor NoContent(RuleInfo info, CodeRange codes,
                                   MethodFilter methods, bool for_code,
                                   absl::string_view problem) {
  RuleDescriptor rule{};
  rule.info = info;
  rule.codes = codes;
  rule.methods = methods;
  rule.no_content = true;
  rule.content_forbidden_for_code = for_code;
  rule.problem = problem;
  return rule;
}

// A header field the specification asks for only under a condition that no
// exchange shows (e.g. "if the condition is temporary"): published in the
// catalog's header requirements, never reported as a finding.
constexpr RuleDescriptor Advise(RuleInfo info, CodeRange codes,
                                RequiredField required) {
  RuleDescriptor rule{};
  rule.info = info;
  rule.codes = codes;
  rule.required = required;
  rule.advice_only = true;
  return rule;
}

inline constexpr MethodFilter kAny = MethodFilter::kAny;

}  // namespace statusinfo::core::rule_table

#endif  // STATUSINFO_SERVICE_CORE_INTERNAL_RULE_BUILDERS_H_
