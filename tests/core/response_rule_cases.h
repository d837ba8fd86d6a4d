// What the tests of the conformance rules share. They build into one
// binary, response_rules_test: response_rules_test.cc tests the table as a
// whole, and one file per rule group (framing_rules_test.cc,
// status_code_rules_test.cc, field_syntax_rules_test.cc,
// exchange_rules_test.cc, mirroring service/core/internal/*_rules.h) lists
// the failing and fixed case of each of its rules and tests their finer
// points.
//
// Example:
//
//   const v1::ValidateResponseResponse result = ValidateResponse(
//       BuiltinCatalog(), Response(401).Header("Date", kDate).get());
//   const v1::Finding* finding = FindRule(result, "401-www-authenticate");
#ifndef STATUSINFO_TESTS_CORE_RESPONSE_RULE_CASES_H_
#define STATUSINFO_TESTS_CORE_RESPONSE_RULE_CASES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "service/core/response_rules.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::core::rule_tests {

namespace v1 = ::statusinfo::v1;

inline constexpr char kDate[] = "Sun, 06 Nov 1994 08:49:37 GMT";

// Builds a ValidateResponseRequest: a GET answered with `code`.
class Response {
 public:
  explicit Response(int code) {
    request_.set_status_code(code);
    request_.mutable_request()->set_method("GET");
  }
  Response& Header(const std::string& name, const std::string& value) {
    auto* header = request_.add_headers();
    header->set_name(name);
    header->set_value(value);
    return *this;
  }
  Response& RequestHeader(const std::string& name, const std::string& value) {
    auto* header = request_.mutable_request()->add_headers();
    header->set_name(name);
    header->set_value(value);
    return *this;
  }
  Response& Method(const std::string& method) {
    request_.mutable_request()->set_method(method);
    return *this;
  }
  Response& RequestVersion(const std::string& version) {
    request_.mutable_request()->set_http_version(version);
    return *this;
  }
  Response& Version(const std::string& version) {
    request_.set_http_version(version);
    return *this;
  }
  Response& Content(bool has_content = true) {
    request_.set_has_content(has_content);
    return *this;
  }
  const v1::ValidateResponseRequest& get() const { return request_; }

 private:
  v1::ValidateResponseRequest request_;
};

// The finding of rule `id` in `response`; nullptr when there is none.
inline const v1::Finding* FindRule(const v1::ValidateResponseResponse& response,
                                   absl::string_view id) {
  for (const v1::Finding& finding : response.findings()) {
    if (finding.rule_id() == id) return &finding;
  }
  return nullptr;
}

// The rule `id` of ResponseRules(); nullptr when there is none.
inline const RuleInfo* RuleById(absl::string_view id) {
  for (const RuleInfo& rule : ResponseRules()) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

// A response that breaks rule `id`, and the same response fixed.
struct RuleCase {
  std::string id;
  Response failing;
  Response fixed;
};

// The cases of each rule group, one function per *_rules_test.cc. Every
// rule but the advice-only ones has exactly one case
// (ResponseRulesTest.EveryRuleHasACase).
std::vector<RuleCase> FramingRuleCases();
std::vector<RuleCase> StatusCodeRuleCases();
std::vector<RuleCase> FieldSyntaxRuleCases();
std::vector<RuleCase> ExchangeRuleCases();

}  // namespace statusinfo::core::rule_tests

#endif  // STATUSINFO_TESTS_CORE_RESPONSE_RULE_CASES_H_
