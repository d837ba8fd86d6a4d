// The cases of the exchange rules (service/core/internal/exchange_rules.h):
// the rules that read the request and the response together (issue 11). A
// failing and a fixed case of each rule, which response_rules_test.cc runs,
// and tests of their finer points.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/limits.h"
#include "service/core/response_rules.h"
#include "tests/core/response_rule_cases.h"
#include "tests/support/builtin_catalog.h"

namespace statusinfo::core::rule_tests {

std::vector<RuleCase> ExchangeRuleCases() {
  const std::string later = "Mon, 07 Nov 1994 08:49:37 GMT";
  return {
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
      {"request-field-over-limit",
       Response(200).RequestHeader("Range",
                                   std::string(kMaxHeaderValueBytes + 1, '1')),
       Response(200).RequestHeader("Range",
                                   std::string(kMaxHeaderValueBytes, '1'))},
  };
}

namespace {

using ::statusinfo::testing::BuiltinCatalog;

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

}  // namespace
}  // namespace statusinfo::core::rule_tests
