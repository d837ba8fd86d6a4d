// The cases of the framing rules (service/core/internal/framing_rules.h):
// the status code itself, field names and values, Content-Length and
// Transfer-Encoding, Date, Retry-After, Content-Range and Upgrade. A failing
// and a fixed case of each rule, which response_rules_test.cc runs, and
// tests of their finer points.
#include <climits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/response_rules.h"
#include "tests/core/response_rule_cases.h"
#include "tests/support/builtin_catalog.h"

namespace statusinfo::core::rule_tests {

std::vector<RuleCase> FramingRuleCases() {
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
      {"status-code-unassigned", Response(299), Response(200)},
      {"content-range-status",
       Response(200).Header("Content-Range", "bytes 0-9/100"), Response(200)},
  };
}

namespace {

using ::statusinfo::testing::BuiltinCatalog;
using ::testing::HasSubstr;

TEST(ResponseRulesTest, OutOfRangeCodeSkipsCodeRules) {
  for (int code : {0, 99, 600, 999, -1, INT_MIN, INT_MAX}) {
    const v1::ValidateResponseResponse result =
        ValidateResponse(BuiltinCatalog(), Response(code).get());
    EXPECT_FALSE(result.valid()) << code;
    ASSERT_EQ(result.findings_size(), 1) << result.DebugString();
    EXPECT_EQ(result.findings(0).rule_id(), "status-code-range");
  }
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

}  // namespace
}  // namespace statusinfo::core::rule_tests
