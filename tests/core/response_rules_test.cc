#include "service/core/response_rules.h"

#include <iostream>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/errors.h"
#include "tests/core/response_rule_cases.h"
#include "tests/support/builtin_catalog.h"

namespace statusinfo::core {
namespace {

using ::statusinfo::testing::BuiltinCatalog;
namespace v1 = ::statusinfo::v1;
using rule_tests::ExchangeRuleCases;
using rule_tests::FieldSyntaxRuleCases;
using rule_tests::FindRule;
using rule_tests::FramingRuleCases;
using rule_tests::kDate;
using rule_tests::Response;
using rule_tests::RuleById;
using rule_tests::RuleCase;
using rule_tests::StatusCodeRuleCases;

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// The cases of every rule group.
std::vector<RuleCase> AllRuleCases() {
  std::vector<RuleCase> cases;
  for (std::vector<RuleCase> (*group)() :
       {FramingRuleCases, StatusCodeRuleCases, FieldSyntaxRuleCases,
        ExchangeRuleCases}) {
    for (RuleCase& c : group()) cases.push_back(std::move(c));
  }
  return cases;
}

// Rules that are catalog advice only: in ResponseRules() and the catalog's
// header requirements, never a finding.
const std::set<std::string>& AdviceOnlyRules() {
  static const auto* const kAdvice =
      new std::set<std::string>{"413-retry-after"};
  return *kAdvice;
}

class ResponseRulesCaseTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(ResponseRulesCaseTest, FailingCaseTriggersTheRule) {
  const RuleInfo* rule = RuleById(GetParam().id);
  ASSERT_NE(rule, nullptr) << GetParam().id << " is not in ResponseRules()";
  const v1::ValidateResponseResponse result =
      ValidateResponse(BuiltinCatalog(), GetParam().failing.get());
  const v1::Finding* finding = FindRule(result, rule->id);
  ASSERT_NE(finding, nullptr) << result.DebugString();
  EXPECT_EQ(finding->severity(), rule->severity);
  EXPECT_EQ(finding->reference(), rule->reference);
  EXPECT_FALSE(finding->message().empty());
  if (rule->severity == v1::SEVERITY_ERROR) {
    EXPECT_FALSE(result.valid());
  }
}

TEST_P(ResponseRulesCaseTest, FixedCasePassesTheRule) {
  const v1::ValidateResponseResponse result =
      ValidateResponse(BuiltinCatalog(), GetParam().fixed.get());
  EXPECT_EQ(FindRule(result, GetParam().id), nullptr) << result.DebugString();
}

INSTANTIATE_TEST_SUITE_P(EveryRule, ResponseRulesCaseTest,
                         ::testing::ValuesIn(AllRuleCases()),
                         [](const ::testing::TestParamInfo<RuleCase>& info) {
                           std::string name = info.param.id;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(ResponseRulesTest, EveryRuleHasACase) {
  std::set<std::string> covered;
  for (const RuleCase& rule_case : AllRuleCases()) {
    covered.insert(rule_case.id);
  }
  for (const RuleInfo& rule : ResponseRules()) {
    const bool advice = AdviceOnlyRules().count(std::string(rule.id)) == 1;
    EXPECT_EQ(covered.count(std::string(rule.id)), advice ? 0u : 1u) << rule.id;
  }
  EXPECT_EQ(covered.size() + AdviceOnlyRules().size(), ResponseRules().size());
}

TEST(ResponseRulesTest, RulesAreWellFormed) {
  const std::regex id("[0-9a-z]+(-[0-9a-z]+)*");
  const std::regex reference("RFC [0-9]+, Section [0-9]+(\\.[0-9]+)*");
  std::set<std::string> ids;
  for (const RuleInfo& rule : ResponseRules()) {
    const std::string rule_id(rule.id);
    EXPECT_TRUE(std::regex_match(rule_id, id)) << rule_id;
    EXPECT_TRUE(ids.insert(rule_id).second) << "duplicate " << rule_id;
    EXPECT_TRUE(std::regex_match(std::string(rule.reference), reference))
        << rule_id << ": " << rule.reference;
    EXPECT_NE(rule.severity, v1::SEVERITY_UNSPECIFIED) << rule_id;
    EXPECT_FALSE(rule.summary.empty()) << rule_id;
  }
}

TEST(ResponseRulesTest, ConformantResponseHasNoFindings) {
  const v1::ValidateResponseResponse result = ValidateResponse(
      BuiltinCatalog(), Response(200)
                            .Header("Date", kDate)
                            .Header("Content-Length", "5")
                            .Header("Content-Type", "text/plain")
                            .Content()
                            .get());
  EXPECT_TRUE(result.valid());
  EXPECT_THAT(result.findings(), IsEmpty()) << result.DebugString();
}

TEST(ResponseRulesTest, FindingsAreSortedErrorFirst) {
  // 401 without a challenge (ERROR), no Date (WARNING), an unknown code is
  // not possible here, so add Content-Range for INFO.
  const v1::ValidateResponseResponse result = ValidateResponse(
      BuiltinCatalog(),
      Response(401).Header("Content-Range", "bytes 0-1/2").get());
  ASSERT_GE(result.findings_size(), 3);
  EXPECT_FALSE(result.valid());
  EXPECT_EQ(result.findings(0).severity(), v1::SEVERITY_ERROR);
  EXPECT_EQ(result.findings(result.findings_size() - 1).severity(),
            v1::SEVERITY_INFO);
  for (int i = 1; i < result.findings_size(); ++i) {
    EXPECT_GE(result.findings(i - 1).severity(), result.findings(i).severity())
        << result.DebugString();
  }
}

TEST(ResponseRulesTest, WarningsAndInfoKeepTheResponseValid) {
  const v1::ValidateResponseResponse result =
      ValidateResponse(BuiltinCatalog(), Response(301).get());
  EXPECT_TRUE(result.valid());
  EXPECT_NE(FindRule(result, "301-location"), nullptr);
}

TEST(ResponseRulesTest, NeverCrashesOnArbitraryBytes) {
  std::mt19937 random(42);
  std::uniform_int_distribution<int> byte(0, 255);
  const auto bytes = [&](int n) {
    std::string text;
    for (int i = 0; i < n; ++i) text.push_back(static_cast<char>(byte(random)));
    return text;
  };
  for (int round = 0; round < 300; ++round) {
    Response response(100 + round % 500);
    response.Method(bytes(round % 8)).Version(bytes(round % 9));
    for (const char* name : {"Content-Length", "Content-Range", "Date",
                             "Retry-After", "Transfer-Encoding", "Upgrade",
                             "Connection", "Content-Type", "Link"}) {
      response.Header(name, bytes(round % 40)).RequestHeader("Range", bytes(5));
    }
    response.Header(bytes(round % 10), bytes(round % 20)).Content(round % 2);
    const v1::ValidateResponseResponse result =
        ValidateResponse(BuiltinCatalog(), response.get());
    for (const v1::Finding& finding : result.findings()) {
      EXPECT_NE(RuleById(finding.rule_id()), nullptr);
    }
  }
}

TEST(ResponseRulesTest, HeaderRequirementsComeFromTheTable) {
  const std::vector<v1::HeaderRequirement> requirements =
      HeaderRequirementsFor(401);
  ASSERT_FALSE(requirements.empty());
  const v1::HeaderRequirement& first = requirements[0];
  EXPECT_EQ(first.field_name(), "WWW-Authenticate");
  EXPECT_EQ(first.level(), v1::REQUIREMENT_LEVEL_MUST);
  EXPECT_EQ(first.rule_id(), "401-www-authenticate");
  EXPECT_EQ(first.reference().document(), "RFC 9110");
  EXPECT_EQ(first.reference().section(), "15.5.2");
  EXPECT_EQ(first.reference().uri(),
            "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2");
  EXPECT_TRUE(first.condition().empty());
}

TEST(ResponseRulesTest, HeaderRequirementsIncludeShouldAndConditions) {
  bool location = false, date = false;
  for (const v1::HeaderRequirement& requirement : HeaderRequirementsFor(301)) {
    if (requirement.field_name() == "Location") {
      location = true;
      EXPECT_EQ(requirement.level(), v1::REQUIREMENT_LEVEL_SHOULD);
    }
    if (requirement.field_name() == "Date") {
      date = true;
      EXPECT_EQ(requirement.level(), v1::REQUIREMENT_LEVEL_MUST);
      EXPECT_THAT(requirement.condition(), HasSubstr("clock"));
    }
  }
  EXPECT_TRUE(location);
  EXPECT_TRUE(date);
}

TEST(ResponseRulesTest, HeaderRequirementsLeaveOutMayAndNoKeyword) {
  for (int code : {429, 503, 201, 303, 103}) {
    for (const v1::HeaderRequirement& requirement :
         HeaderRequirementsFor(code)) {
      EXPECT_NE(requirement.field_name(), "Retry-After") << code;
      EXPECT_NE(requirement.field_name(), "Location") << code;
      EXPECT_NE(requirement.field_name(), "Link") << code;
    }
  }
  EXPECT_THAT(HeaderRequirementsFor(600), IsEmpty());
  EXPECT_THAT(HeaderRequirementsFor(100), IsEmpty());
}

TEST(ResponseRulesTest, EveryHeaderRequirementNamesAKnownRule) {
  for (int code = 100; code <= 599; ++code) {
    for (const v1::HeaderRequirement& requirement :
         HeaderRequirementsFor(code)) {
      const RuleInfo* rule = RuleById(requirement.rule_id());
      ASSERT_NE(rule, nullptr) << requirement.rule_id();
      EXPECT_EQ(absl::StrCat(requirement.reference().document(), ", Section ",
                             requirement.reference().section()),
                rule->reference);
    }
  }
}

v1::ValidateResponseRequest WithHeaders(int count, int name_bytes,
                                        int value_bytes) {
  v1::ValidateResponseRequest request;
  for (int i = 0; i < count; ++i) {
    auto* header = request.add_headers();
    header->set_name(std::string(name_bytes, 'n'));
    header->set_value(std::string(value_bytes, 'v'));
  }
  return request;
}

TEST(ResponseRulesTest, LimitsAcceptTheMaximum) {
  v1::ValidateResponseRequest request =
      WithHeaders(kMaxHeaders, kMaxHeaderNameBytes, 4);
  request.mutable_headers(0)->set_value(std::string(kMaxHeaderValueBytes, 'v'));
  *request.mutable_request()->mutable_headers() = request.headers();
  request.mutable_request()->set_method(std::string(kMaxMethodBytes, 'M'));
  request.mutable_request()->set_http_version(
      std::string(kMaxVersionBytes, 'V'));
  request.mutable_request()->set_target(std::string(kMaxTargetBytes, '/'));
  request.set_http_version(std::string(kMaxVersionBytes, 'V'));
  EXPECT_TRUE(CheckResponseLimits(request).ok());
}

TEST(ResponseRulesTest, LimitsNameTheFieldAndTheLimit) {
  struct Case {
    v1::ValidateResponseRequest request;
    std::string field;
    std::string reason;
  };
  std::vector<Case> cases;
  cases.push_back(
      {WithHeaders(kMaxHeaders + 1, 1, 1), "headers", "TOO_MANY_HEADERS"});
  v1::ValidateResponseRequest long_name = WithHeaders(8, 1, 1);
  long_name.mutable_headers(7)->set_name(
      std::string(kMaxHeaderNameBytes + 1, 'n'));
  cases.push_back({long_name, "headers[7].name", "HEADER_NAME_TOO_LONG"});
  v1::ValidateResponseRequest long_value = WithHeaders(4, 1, 1);
  long_value.mutable_headers(3)->set_value(
      std::string(kMaxHeaderValueBytes + 1, 'v'));
  cases.push_back({long_value, "headers[3].value", "HEADER_VALUE_TOO_LONG"});
  v1::ValidateResponseRequest many_request_headers;
  *many_request_headers.mutable_request()->mutable_headers() =
      WithHeaders(kMaxHeaders + 1, 1, 1).headers();
  cases.push_back(
      {many_request_headers, "request.headers", "TOO_MANY_HEADERS"});
  v1::ValidateResponseRequest long_method;
  long_method.mutable_request()->set_method(
      std::string(kMaxMethodBytes + 1, 'M'));
  cases.push_back({long_method, "request.method", "METHOD_TOO_LONG"});
  v1::ValidateResponseRequest long_target;
  long_target.mutable_request()->set_target(
      std::string(kMaxTargetBytes + 1, '/'));
  cases.push_back({long_target, "request.target", "TARGET_TOO_LONG"});
  v1::ValidateResponseRequest long_request_version;
  long_request_version.mutable_request()->set_http_version(
      std::string(kMaxVersionBytes + 1, 'V'));
  cases.push_back(
      {long_request_version, "request.http_version", "VERSION_TOO_LONG"});
  v1::ValidateResponseRequest long_version;
  long_version.set_http_version(std::string(kMaxVersionBytes + 1, 'V'));
  cases.push_back({long_version, "http_version", "VERSION_TOO_LONG"});

  for (const Case& c : cases) {
    const absl::Status status = CheckResponseLimits(c.request, "responses[2].");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_THAT(std::string(status.message()),
                StartsWith(absl::StrCat("responses[2].", c.field, ": ")));
    EXPECT_THAT(std::string(status.message()), HasSubstr("limit"));
    EXPECT_EQ(ErrorReason(status), c.reason) << c.field;
  }
  const absl::Status plain = CheckResponseLimits(long_name);
  EXPECT_THAT(std::string(plain.message()), StartsWith("headers[7].name: "));
  EXPECT_THAT(std::string(plain.message()), HasSubstr("256"));
}

}  // namespace
}  // namespace statusinfo::core

namespace statusinfo::core {
namespace {

// A typical, correct origin response: nothing to report. (Its speed is
// measured by bench/, never asserted in tests.)
TEST(ResponseRulesTest, RealisticTenHeaderResponseHasNoFindings) {
  const v1::ValidateResponseRequest request =
      Response(200)
          .Header("Date", kDate)
          .Header("Content-Type", "text/html; charset=utf-8")
          .Header("Content-Length", "1234")
          .Header("Cache-Control", "max-age=3600")
          .Header("ETag", "\"33a64df551425fcc55e4d42a148795d9f25f89d4\"")
          .Header("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT")
          .Header("Vary", "Accept-Encoding")
          .Header("Server", "example/1.0")
          .Header("X-Request-Id", "f058ebd6-02f7-4d3f-942e-904344e8cde5")
          .Header("Connection", "keep-alive")
          .Content()
          .get();
  v1::ValidateResponseResponse result =
      ValidateResponse(BuiltinCatalog(), request);
  EXPECT_TRUE(result.valid());
  EXPECT_EQ(result.findings_size(), 0);
}

}  // namespace
}  // namespace statusinfo::core
