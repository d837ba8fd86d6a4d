// The cases of the field-syntax rules
// (service/core/internal/field_syntax_rules.h): the grammar of the fields a
// rule reads or a status code requires, in the response and the request. A
// failing and a fixed case of each rule, which response_rules_test.cc runs.
#include <string>
#include <vector>

#include "tests/core/response_rule_cases.h"

namespace statusinfo::core::rule_tests {

std::vector<RuleCase> FieldSyntaxRuleCases() {
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
      {"request-precondition-syntax",
       Response(200).RequestHeader("If-Match", "nope"),
       Response(200).RequestHeader("If-Match", "\"yes\", W/\"ok\"")},
      {"request-range-syntax",
       Response(200).RequestHeader("Range", "bytes=9-0"),
       Response(200).RequestHeader("Range", "pages=9-0")},
  };
}

}  // namespace statusinfo::core::rule_tests
