#include "service/core/response_rules.h"

#include <climits>
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
#include "tests/support/builtin_catalog.h"

namespace statusinfo::core {
namespace {

using ::statusinfo::testing::BuiltinCatalog;
namespace v1 = ::statusinfo::v1;

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr char kDate[] = "Sun, 06 Nov 1994 08:49:37 GMT";

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

const v1::Finding* FindRule(const v1::ValidateResponseResponse& response,
                            absl::string_view id) {
  for (const v1::Finding& finding : response.findings()) {
    if (finding.rule_id() == id) return &finding;
  }
  return nullptr;
}

const RuleInfo* RuleById(absl::string_view id) {
  for (const RuleInfo& rule : ResponseRules()) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

struct RuleCase {
  std::string id;
  Response failing;
  Response fixed;
};

std::vector<RuleCase> RuleCases() {
  const std::string multipart = "multipart/byteranges; boundary=THIS_SEPARATES";
  return {
      {"status-code-range", Response(600), Response(200)},
      {"field-name-token", Response(200).Header("Bad Name", "x"),
       Response(200).Header("Bad-Name", "x")},
      {"field-value-forbidden-char",
       Response(200).Header("X-Note", "a\r\nSet-Cookie: evil=1"),
       Response(200).Header("X-Note", "a Set-Cookie: evil=1")},
      {"field-value-ctl", Response(200).Header("X-Note", "a\x01z"),
       Response(200).Header("X-Note", "a z")},
      {"singleton-field-repeated",
       Response(301).Header("Location", "/a").Header("location", "/b"),
       Response(301).Header("Location", "/a")},
      {"content-length-syntax", Response(200).Header("Content-Length", "-1"),
       Response(200).Header("Content-Length", "1")},
      {"content-length-duplicate",
       Response(200).Header("Content-Length", "42, 42"),
       Response(200).Header("Content-Length", "42")},
      {"content-length-conflict",
       Response(200)
           .Header("Content-Length", "42")
           .Header("Content-Length", "43"),
       Response(200).Header("Content-Length", "42")},
      {"content-length-with-transfer-encoding",
       Response(200)
           .Header("Content-Length", "42")
           .Header("Transfer-Encoding", "chunked"),
       Response(200).Header("Transfer-Encoding", "chunked")},
      {"transfer-encoding-http10",
       Response(200).Version("HTTP/1.0").Header("Transfer-Encoding", "chunked"),
       Response(200)
           .Version("HTTP/1.1")
           .Header("Transfer-Encoding", "chunked")},
      {"transfer-encoding-chunked-once",
       Response(200).Header("Transfer-Encoding", "chunked, chunked"),
       Response(200).Header("Transfer-Encoding", "gzip, chunked")},
      {"date-syntax", Response(200).Header("Date", "yesterday"),
       Response(200).Header("Date", kDate)},
      {"http-date-imf-fixdate",
       Response(200).Header("Date", "Sunday, 06-Nov-94 08:49:37 GMT"),
       Response(200).Header("Date", kDate)},
      {"retry-after-syntax", Response(503).Header("Retry-After", "soon"),
       Response(503).Header("Retry-After", "120")},
      {"content-range-syntax",
       Response(206).Header("Content-Range", "bytes 500-499/1234"),
       Response(206).Header("Content-Range", "bytes 0-499/1234")},
      {"upgrade-connection", Response(101).Header("Upgrade", "websocket"),
       Response(101)
           .Header("Upgrade", "websocket")
           .Header("Connection", "Upgrade")},
      {"early-data-in-response", Response(200).Header("Early-Data", "1"),
       Response(200)},
      {"1xx-no-content", Response(100).Content(), Response(100)},
      {"1xx-content-length", Response(103).Header("Content-Length", "0"),
       Response(103)},
      {"1xx-transfer-encoding",
       Response(100).Header("Transfer-Encoding", "chunked"), Response(100)},
      {"1xx-http10", Response(100).RequestVersion("HTTP/1.0"),
       Response(100).RequestVersion("HTTP/1.1")},
      {"101-upgrade", Response(101),
       Response(101).Header("Upgrade", "websocket")},
      {"101-upgrade-requested",
       Response(101)
           .Header("Upgrade", "h2c")
           .RequestHeader("Upgrade", "websocket"),
       Response(101)
           .Header("Upgrade", "h2c")
           .RequestHeader("Upgrade", "websocket, H2C")},
      {"204-no-content", Response(204).Content(), Response(204)},
      {"204-content-length", Response(204).Header("Content-Length", "0"),
       Response(204)},
      {"204-transfer-encoding",
       Response(204).Header("Transfer-Encoding", "chunked"), Response(204)},
      {"205-no-content", Response(205).Content(), Response(205)},
      {"206-content-range", Response(206),
       Response(206).Header("Content-Range", "bytes 0-9/100")},
      {"206-multipart-content-range",
       Response(206)
           .Header("Content-Type", multipart)
           .Header("Content-Range", "bytes 0-9/100"),
       Response(206).Header("Content-Type", multipart)},
      {"206-multipart-single-range",
       Response(206)
           .Header("Content-Type", multipart)
           .RequestHeader("Range", "bytes=0-9"),
       Response(206)
           .Header("Content-Type", multipart)
           .RequestHeader("Range", "bytes=0-9, 20-29")},
      {"304-no-content", Response(304).Content(), Response(304)},
      {"401-www-authenticate", Response(401),
       Response(401).Header("www-authenticate", "Basic realm=\"x\"")},
      {"405-allow", Response(405), Response(405).Header("Allow", "GET, HEAD")},
      {"407-proxy-authenticate", Response(407),
       Response(407).Header("Proxy-Authenticate", "Basic realm=\"proxy\"")},
      {"426-upgrade", Response(426),
       Response(426).Header("Upgrade", "HTTP/3.0")},
      {"head-no-content", Response(200).Method("HEAD").Content(),
       Response(200).Method("HEAD")},
      {"connect-2xx-no-content", Response(200).Method("CONNECT").Content(),
       Response(200).Method("CONNECT")},
      {"connect-2xx-framing",
       Response(200).Method("CONNECT").Header("Content-Length", "0"),
       Response(200).Method("CONNECT")},
      {"301-location", Response(301), Response(301).Header("Location", "/new")},
      {"302-location", Response(302), Response(302).Header("Location", "/tmp")},
      {"307-location", Response(307), Response(307).Header("Location", "/tmp")},
      {"308-location", Response(308), Response(308).Header("Location", "/new")},
      {"304-representation-metadata",
       Response(304).Header("Content-Type", "text/html"),
       Response(304).Header("ETag", "\"v1\"")},
      {"416-content-range", Response(416).RequestHeader("Range", "bytes=0-9"),
       Response(416)
           .RequestHeader("Range", "bytes=0-9")
           .Header("Content-Range", "bytes */47022")},
      {"416-unsatisfied-range",
       Response(416).Header("Content-Range", "bytes 0-9/47022"),
       Response(416).Header("Content-Range", "bytes */47022")},
      {"451-link-blocked-by", Response(451),
       Response(451).Header("Link",
                            "<https://example.org/>; rel=\"blocked-by\"")},
      {"511-no-challenge",
       Response(511).Header("WWW-Authenticate", "Basic realm=\"net\""),
       Response(511)},
      {"4xx-explanation", Response(404), Response(404).Content()},
      {"5xx-explanation", Response(500), Response(500).Content()},
      {"date-required", Response(200), Response(200).Header("date", kDate)},
      {"status-code-unassigned", Response(299), Response(200)},
      {"103-link", Response(103),
       Response(103).Header("Link", "</style.css>; rel=preload; as=style")},
      {"201-location", Response(201), Response(201).Header("Location", "/1")},
      {"206-range-request", Response(206).RequestHeader("Host", "example.com"),
       Response(206).RequestHeader("Range", "bytes=0-9")},
      {"300-location", Response(300), Response(300).Header("Location", "/a")},
      {"303-location", Response(303), Response(303).Header("Location", "/b")},
      {"304-conditional", Response(304).RequestHeader("Host", "example.com"),
       Response(304).RequestHeader("If-None-Match", "\"v1\"")},
      {"425-early-data", Response(425).RequestHeader("Host", "example.com"),
       Response(425).RequestHeader("Early-Data", "1")},
      {"429-retry-after", Response(429),
       Response(429).Header("Retry-After", "3600")},
      {"503-retry-after", Response(503),
       Response(503).Header("Retry-After", kDate)},
      {"content-range-status",
       Response(200).Header("Content-Range", "bytes 0-9/100"), Response(200)},
  };
}

// The rules that read the request and the response together (issue 11).
std::vector<RuleCase> ExchangeRuleCases() {
  const std::string multipart = "multipart/byteranges; boundary=THIS_SEPARATES";
  const std::string later = "Mon, 07 Nov 1994 08:49:37 GMT";
  return {
      {"etag-syntax", Response(200).Header("ETag", "v1"),
       Response(200).Header("ETag", "W/\"v1\"")},
      {"last-modified-syntax", Response(200).Header("Last-Modified", "today"),
       Response(200).Header("Last-Modified", kDate)},
      {"expires-syntax", Response(200).Header("Expires", "0"),
       Response(200).Header("Expires", kDate)},
      {"location-syntax", Response(301).Header("Location", "/caf\xc3\xa9 x"),
       Response(301).Header("Location", "/caf%C3%A9%20x")},
      {"allow-syntax", Response(405).Header("Allow", "GET HEAD"),
       Response(405).Header("Allow", "GET, HEAD")},
      {"content-type-syntax",
       Response(200).Header("Content-Type", "text/html; charset"),
       Response(200).Header("Content-Type", "text/html; charset=\"utf-8\"")},
      {"vary-syntax", Response(200).Header("Vary", "Accept Encoding"),
       Response(200).Header("Vary", "Accept-Encoding, Accept-Language")},
      {"cache-control-syntax",
       Response(200).Header("Cache-Control", "max-age=60 public"),
       Response(200).Header("Cache-Control",
                            "max-age=60, no-cache=\"Set-Cookie, X\"")},
      {"upgrade-syntax",
       Response(101)
           .RequestHeader("Upgrade", "websocket")
           .Header("Connection", "upgrade")
           .Header("Upgrade", "websocket 13"),
       Response(101)
           .RequestHeader("Upgrade", "websocket")
           .Header("Connection", "upgrade")
           .Header("Upgrade", "websocket")},
      {"connection-syntax",
       Response(200).Header("Connection", "keep-alive; close"),
       Response(200).Header("Connection", "keep-alive, close")},
      {"www-authenticate-syntax",
       Response(401).Header("WWW-Authenticate", "Basic realm=\"x"),
       Response(401).Header("WWW-Authenticate",
                            "Basic realm=\"x, y\", charset=UTF-8, Bearer")},
      {"proxy-authenticate-syntax",
       Response(407).Header("Proxy-Authenticate", "realm=\"x\", Basic"),
       Response(407).Header("Proxy-Authenticate", "Negotiate a0B+/9==")},
      {"transfer-encoding-client-http10",
       Response(200)
           .RequestVersion("HTTP/1.0")
           .Header("Transfer-Encoding", "chunked"),
       Response(200)
           .RequestVersion("HTTP/1.1")
           .Header("Transfer-Encoding", "chunked")},
      {"304-etag-mismatch",
       Response(304)
           .RequestHeader("If-None-Match", "\"a\", \"b\"")
           .Header("ETag", "\"c\""),
       Response(304)
           .RequestHeader("If-None-Match", "\"a\", W/\"c\"")
           .Header("ETag", "\"c\"")},
      {"preconditions-ignored-method",
       Response(412).Method("OPTIONS").RequestHeader("If-Match", "\"a\""),
       Response(200).Method("OPTIONS").RequestHeader("If-Match", "\"a\"")},
      {"206-if-range-failed",
       Response(206)
           .RequestHeader("Range", "bytes=0-9")
           .RequestHeader("If-Range", "\"old\"")
           .Header("ETag", "\"new\"")
           .Header("Content-Range", "bytes 0-9/100"),
       Response(206)
           .RequestHeader("Range", "bytes=0-9")
           .RequestHeader("If-Range", "\"new\"")
           .Header("ETag", "\"new\"")
           .Header("Content-Range", "bytes 0-9/100")},
      {"405-allow-lists-method",
       Response(405).Method("PUT").Header("Allow", "GET, PUT"),
       Response(405).Method("PUT").Header("Allow", "GET, HEAD")},
      {"if-match-failed-2xx",
       Response(200)
           .RequestHeader("If-Match", "\"nope\"")
           .Header("ETag", "\"v1\""),
       Response(412)
           .RequestHeader("If-Match", "\"nope\"")
           .Header("ETag", "\"v1\"")},
      {"if-unmodified-since-failed-2xx",
       Response(200)
           .RequestHeader("If-Unmodified-Since", kDate)
           .Header("Last-Modified", later),
       Response(200)
           .RequestHeader("If-Unmodified-Since", later)
           .Header("Last-Modified", kDate)},
      {"if-none-match-matched-2xx",
       Response(200)
           .RequestHeader("If-None-Match", "W/\"v1\"")
           .Header("ETag", "\"v1\""),
       Response(304)
           .RequestHeader("If-None-Match", "W/\"v1\"")
           .Header("ETag", "\"v1\"")},
      {"precondition-order",
       Response(304)
           .RequestHeader("If-Match", "\"v0\"")
           .RequestHeader("If-None-Match", "\"v1\"")
           .Header("ETag", "\"v1\""),
       Response(412)
           .RequestHeader("If-Match", "\"v0\"")
           .RequestHeader("If-None-Match", "\"v1\"")
           .Header("ETag", "\"v1\"")},
      {"304-etag", Response(304).RequestHeader("If-None-Match", "\"v1\""),
       Response(304)
           .RequestHeader("If-None-Match", "\"v1\"")
           .Header("ETag", "\"v1\"")},
      {"206-range-not-requested",
       Response(206)
           .RequestHeader("Range", "bytes=0-9")
           .Header("Content-Range", "bytes 10-19/100"),
       Response(206)
           .RequestHeader("Range", "bytes=-10")
           .Header("Content-Range", "bytes 90-99/100")},
      {"416-range-satisfiable",
       Response(416)
           .RequestHeader("Range", "bytes=0-9")
           .Header("Content-Range", "bytes */100"),
       Response(416)
           .RequestHeader("Range", "bytes=100-")
           .Header("Content-Range", "bytes */100")},
      {"201-safe-method", Response(201), Response(201).Method("POST")},
      {"412-precondition", Response(412).RequestHeader("Host", "example.com"),
       Response(412).RequestHeader("If-Unmodified-Since", kDate)},
      {"request-precondition-syntax",
       Response(200).RequestHeader("If-Match", "nope"),
       Response(200).RequestHeader("If-Match", "\"yes\", W/\"ok\"")},
      {"request-range-syntax",
       Response(200).RequestHeader("Range", "bytes=9-0"),
       Response(200).RequestHeader("Range", "pages=9-0")},
      {"request-field-over-limit",
       Response(200).RequestHeader("Range",
                                   std::string(kMaxHeaderValueBytes + 1, '1')),
       Response(200).RequestHeader("Range",
                                   std::string(kMaxHeaderValueBytes, '1'))},
  };
}

std::vector<RuleCase> AllRuleCases() {
  std::vector<RuleCase> cases = RuleCases();
  for (RuleCase& c : ExchangeRuleCases()) cases.push_back(std::move(c));
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

TEST(ResponseRulesTest, AdviceOnlyRulesNeverFireButReachTheCatalog) {
  // A 413 whose condition may well be temporary still gets no finding.
  EXPECT_EQ(FindRule(ValidateResponse(BuiltinCatalog(),
                                      Response(413).Content().get()),
                     "413-retry-after"),
            nullptr);
  bool published = false;
  for (const v1::HeaderRequirement& requirement : HeaderRequirementsFor(413)) {
    published = published || requirement.rule_id() == "413-retry-after";
  }
  EXPECT_TRUE(published);
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

TEST(ResponseRulesTest, MessagesNameTheHeaderAndCode) {
  const v1::ValidateResponseResponse result =
      ValidateResponse(BuiltinCatalog(), Response(401).get());
  const v1::Finding* finding = FindRule(result, "401-www-authenticate");
  ASSERT_NE(finding, nullptr);
  EXPECT_THAT(finding->message(), HasSubstr("401"));
  EXPECT_THAT(finding->message(), HasSubstr("WWW-Authenticate"));
  EXPECT_EQ(finding->reference(), "RFC 9110, Section 15.5.2");
}

TEST(ResponseRulesTest, OutOfRangeCodeSkipsCodeRules) {
  for (int code : {0, 99, 600, 999, -1, INT_MIN, INT_MAX}) {
    const v1::ValidateResponseResponse result =
        ValidateResponse(BuiltinCatalog(), Response(code).get());
    EXPECT_FALSE(result.valid()) << code;
    ASSERT_EQ(result.findings_size(), 1) << result.DebugString();
    EXPECT_EQ(result.findings(0).rule_id(), "status-code-range");
  }
}

TEST(ResponseRulesTest, HeadResponsesNeedNoExplanation) {
  const v1::ValidateResponseResponse result =
      ValidateResponse(BuiltinCatalog(), Response(404).Method("HEAD").get());
  EXPECT_EQ(FindRule(result, "4xx-explanation"), nullptr);
  // Methods are case-sensitive: "head" is not HEAD.
  EXPECT_NE(FindRule(ValidateResponse(BuiltinCatalog(),
                                      Response(404).Method("head").get()),
                     "4xx-explanation"),
            nullptr);
}

TEST(ResponseRulesTest, UnknownMethodIsNotConnect) {
  const v1::ValidateResponseResponse result = ValidateResponse(
      BuiltinCatalog(),
      Response(200).Method("").Header("Content-Length", "0").Content().get());
  EXPECT_EQ(FindRule(result, "connect-2xx-framing"), nullptr);
  EXPECT_EQ(FindRule(result, "head-no-content"), nullptr);
}

TEST(ResponseRulesTest, ValueWithNulAndControlTriggersBothRules) {
  const v1::ValidateResponseResponse result = ValidateResponse(
      BuiltinCatalog(),
      Response(200).Header("X-Note", std::string("a\0b\x02", 4)).get());
  const v1::Finding* nul = FindRule(result, "field-value-forbidden-char");
  const v1::Finding* control = FindRule(result, "field-value-ctl");
  ASSERT_NE(nul, nullptr);
  ASSERT_NE(control, nullptr);
  EXPECT_THAT(nul->message(), HasSubstr("NUL at byte 1"));
  EXPECT_THAT(control->message(), HasSubstr("0x02 at byte 3"));
}

TEST(ResponseRulesTest, ContentLengthAcceptsHugeNumbers) {
  const v1::ValidateResponseResponse result = ValidateResponse(
      BuiltinCatalog(),
      Response(200)
          .Header("Content-Length", "123456789012345678901234567890")
          .Header("Content-Length", "0123456789012345678901234567890")
          .get());
  EXPECT_EQ(FindRule(result, "content-length-syntax"), nullptr);
  EXPECT_EQ(FindRule(result, "content-length-conflict"), nullptr);
  EXPECT_NE(FindRule(result, "content-length-duplicate"), nullptr);
}

TEST(ResponseRulesTest, ObsoleteRetryAfterDateIsReported) {
  const v1::ValidateResponseResponse result = ValidateResponse(
      BuiltinCatalog(),
      Response(503).Header("Retry-After", "Sun Nov  6 08:49:37 1994").get());
  EXPECT_EQ(FindRule(result, "retry-after-syntax"), nullptr);
  EXPECT_NE(FindRule(result, "http-date-imf-fixdate"), nullptr);
}

TEST(ResponseRulesTest, RangeNotSatisfiableOnlyForByteRanges) {
  const v1::ValidateResponseResponse result =
      ValidateResponse(BuiltinCatalog(),
                       Response(416).RequestHeader("Range", "pages=1-2").get());
  EXPECT_EQ(FindRule(result, "416-content-range"), nullptr);
}

// Two ascending ranges that do not overlap are not "many small or
// overlapping ranges" (RFC 9110, Section 14.2): refusing them is reported
// when one is satisfiable. Varnish 7.1 does this (tests/data/exchanges).
TEST(ResponseRulesTest, RangeSatisfiableJudgesTwoAscendingRanges) {
  const auto refused = [](const std::string& ranges) {
    return FindRule(ValidateResponse(BuiltinCatalog(),
                                     Response(416)
                                         .RequestHeader("Range", ranges)
                                         .Header("Content-Range", "bytes */75")
                                         .get()),
                    "416-range-satisfiable") != nullptr;
  };
  EXPECT_TRUE(refused("bytes=0-4,10-14"));
  EXPECT_TRUE(refused("bytes=80-90,10-14"));
  EXPECT_FALSE(refused("bytes=80-90,100-"));
  EXPECT_FALSE(refused("bytes=10-14,0-4"));
  EXPECT_FALSE(refused("bytes=0-9,5-14"));
  EXPECT_FALSE(refused("bytes=0-1,3-4,6-7"));
}

TEST(ResponseRulesTest, NotModifiedForPostIsReported) {
  const v1::ValidateResponseResponse result = ValidateResponse(
      BuiltinCatalog(),
      Response(304).Method("POST").RequestHeader("If-None-Match", "*").get());
  const v1::Finding* finding = FindRule(result, "304-conditional");
  ASSERT_NE(finding, nullptr);
  EXPECT_THAT(finding->message(), HasSubstr("POST"));
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

TEST(ResponseRulesTest, ContentForbiddenFor1xx204And304) {
  for (int code = 100; code <= 199; ++code) EXPECT_TRUE(ContentForbidden(code));
  EXPECT_TRUE(ContentForbidden(204));
  EXPECT_TRUE(ContentForbidden(304));
  for (int code : {99, 200, 205, 206, 301, 404, 500, 600}) {
    EXPECT_FALSE(ContentForbidden(code)) << code;
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
