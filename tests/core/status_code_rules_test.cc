// The cases of the status-code rules
// (service/core/internal/status_code_rules.h): the fields a code requires or
// forbids, the codes that have no content, and the advice that comes with
// some codes. A failing and a fixed case of each rule, which
// response_rules_test.cc runs, and tests of their finer points.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/response_rules.h"
#include "tests/core/response_rule_cases.h"
#include "tests/support/builtin_catalog.h"

namespace statusinfo::core::rule_tests {

std::vector<RuleCase> StatusCodeRuleCases() {
  const std::string multipart = "multipart/byteranges; boundary=THIS_SEPARATES";
  return {
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
  };
}

namespace {

using ::statusinfo::testing::BuiltinCatalog;
using ::testing::HasSubstr;

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

TEST(ResponseRulesTest, MessagesNameTheHeaderAndCode) {
  const v1::ValidateResponseResponse result =
      ValidateResponse(BuiltinCatalog(), Response(401).get());
  const v1::Finding* finding = FindRule(result, "401-www-authenticate");
  ASSERT_NE(finding, nullptr);
  EXPECT_THAT(finding->message(), HasSubstr("401"));
  EXPECT_THAT(finding->message(), HasSubstr("WWW-Authenticate"));
  EXPECT_EQ(finding->reference(), "RFC 9110, Section 15.5.2");
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

TEST(ResponseRulesTest, RangeNotSatisfiableOnlyForByteRanges) {
  const v1::ValidateResponseResponse result =
      ValidateResponse(BuiltinCatalog(),
                       Response(416).RequestHeader("Range", "pages=1-2").get());
  EXPECT_EQ(FindRule(result, "416-content-range"), nullptr);
}

TEST(ResponseRulesTest, ContentForbiddenFor1xx204And304) {
  for (int code = 100; code <= 199; ++code) EXPECT_TRUE(ContentForbidden(code));
  EXPECT_TRUE(ContentForbidden(204));
  EXPECT_TRUE(ContentForbidden(304));
  for (int code : {99, 200, 205, 206, 301, 404, 500, 600}) {
    EXPECT_FALSE(ContentForbidden(code)) << code;
  }
}

TEST(ResponseRulesTest, NotModifiedForPostIsReported) {
  const v1::ValidateResponseResponse result = ValidateResponse(
      BuiltinCatalog(),
      Response(304).Method("POST").RequestHeader("If-None-Match", "*").get());
  const v1::Finding* finding = FindRule(result, "304-conditional");
  ASSERT_NE(finding, nullptr);
  EXPECT_THAT(finding->message(), HasSubstr("POST"));
}

}  // namespace
}  // namespace statusinfo::core::rule_tests
