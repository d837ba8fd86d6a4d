// The conformance rule table, merged from its groups (internal/*_rules.h,
// one per file of checks), and the validator that applies it.
#include "service/core/response_rules.h"

#include <array>
#include <cstddef>
#include <string>

#include "absl/strings/str_cat.h"
#include "service/core/catalog.h"
#include "service/core/internal/exchange_rules.h"
#include "service/core/internal/field_syntax_rules.h"
#include "service/core/internal/framing_rules.h"
#include "service/core/internal/references.h"
#include "service/core/internal/response_checks.h"
#include "service/core/internal/status_code_rules.h"

namespace statusinfo::core {
namespace {

// Appends the rows of `group` with `severity` to `rules`.
template <std::size_t Total, std::size_t N>
constexpr void AppendRows(const RuleDescriptor (&group)[N],
                          v1::Severity severity,
                          std::array<RuleDescriptor, Total>& rules,
                          std::size_t& next) {
  for (const RuleDescriptor& rule : group) {
    if (rule.info.severity == severity) rules[next++] = rule;
  }
}

// The groups' rows merged into one table: every ERROR row, then every
// WARNING row, then every INFO row, each in group order, so that findings
// come out in the order the API promises without sorting them.
template <std::size_t... N>
constexpr std::array<RuleDescriptor, (N + ...)> MergeBySeverity(
    const RuleDescriptor (&... groups)[N]) {
  std::array<RuleDescriptor, (N + ...)> rules{};
  std::size_t next = 0;
  for (const v1::Severity severity :
       {v1::SEVERITY_ERROR, v1::SEVERITY_WARNING, v1::SEVERITY_INFO}) {
    (AppendRows(groups, severity, rules, next), ...);
  }
  return rules;
}

// The one rule table.
constexpr auto kRules =
    MergeBySeverity(rule_table::kFramingRules, rule_table::kStatusCodeRules,
                    rule_table::kFieldSyntaxRules, rule_table::kExchangeRules);

constexpr std::size_t kRuleCount = kRules.size();

// A row of another severity would be left out of the merge, leaving an
// empty row at the end.
constexpr bool EveryRowMerged() {
  for (const RuleDescriptor& rule : kRules) {
    if (rule.info.id.empty()) return false;
  }
  return true;
}
static_assert(EveryRowMerged(),
              "every row has severity ERROR, WARNING or INFO");

constexpr std::array<RuleInfo, kRuleCount> MakeRuleInfos() {
  std::array<RuleInfo, kRuleCount> infos{};
  for (std::size_t i = 0; i < kRuleCount; ++i) infos[i] = kRules[i].info;
  return infos;
}

constexpr std::array<RuleInfo, kRuleCount> kRuleInfos = MakeRuleInfos();

bool MethodMatches(MethodFilter filter, Method method) {
  switch (filter) {
    case MethodFilter::kAny:
      return true;
    case MethodFilter::kHead:
      return method == Method::kHead;
    case MethodFilter::kNotHead:
      return method != Method::kHead;
    case MethodFilter::kConnect:
      return method == Method::kConnect;
  }
  return false;
}

void Apply(const RuleDescriptor& rule, const ResponseView& view,
           FindingSink& sink) {
  if (rule.advice_only || !rule.codes.Contains(view.code) ||
      !MethodMatches(rule.methods, view.method)) {
    return;
  }
  if (rule.check != nullptr) {
    rule.check(rule, view, sink);
  } else if (rule.required.field != Field::kOther) {
    if (!view.fields.has(rule.required.field)) {
      sink.Add(rule, std::string{rule.problem});
    }
  } else if (rule.forbidden != Field::kOther) {
    if (view.fields.has(rule.forbidden)) {
      sink.Add(rule, std::string{rule.problem});
    }
  } else if (rule.no_content && view.request.has_content()) {
    sink.Add(rule, std::string{rule.problem});
  }
}

}  // namespace

absl::Span<const RuleInfo> ResponseRules() { return kRuleInfos; }

v1::ValidateResponseResponse ValidateResponse(
    const Catalog& catalog, const v1::ValidateResponseRequest& request) {
  v1::ValidateResponseResponse response;
  const ResponseView view(catalog, request);
  FindingSink sink(response);
  for (const RuleDescriptor& rule : kRules) Apply(rule, view, sink);
  // The table is sorted ERROR first, so an error is always the first finding.
  response.set_valid(response.findings().empty() ||
                     response.findings(0).severity() != v1::SEVERITY_ERROR);
  return response;
}

std::vector<v1::HeaderRequirement> HeaderRequirementsFor(int code) {
  std::vector<v1::HeaderRequirement> requirements;
  if (!IsValidStatusCode(code)) return requirements;
  for (const RuleDescriptor& rule : kRules) {
    const RequiredField& required = rule.required;
    if (required.field == Field::kOther || !rule.codes.Contains(code) ||
        (required.level != v1::REQUIREMENT_LEVEL_MUST &&
         required.level != v1::REQUIREMENT_LEVEL_SHOULD)) {
      continue;
    }
    v1::HeaderRequirement& requirement = requirements.emplace_back();
    requirement.set_field_name(std::string{FieldName(required.field)});
    requirement.set_level(required.level);
    requirement.set_condition(std::string{required.condition});
    *requirement.mutable_reference() =
        ReferenceFromCitation(rule.info.reference);
    requirement.set_rule_id(std::string{rule.info.id});
  }
  return requirements;
}

bool ContentForbidden(int code) {
  for (const RuleDescriptor& rule : kRules) {
    if (rule.content_forbidden_for_code && rule.codes.Contains(code)) {
      return true;
    }
  }
  return false;
}

}  // namespace statusinfo::core
