// The rows of the rule table about field grammar (RFC 9110, Section 2.2: a
// sender must not generate protocol elements that do not match the ABNF),
// for every field a rule reads or a status code requires, and the two rows
// about the grammar of the request's fields. Their checks are in
// field_syntax_checks.cc. response_rules.cc merges every group into the one
// table.
#ifndef STATUSINFO_SERVICE_CORE_INTERNAL_FIELD_SYNTAX_RULES_H_
#define STATUSINFO_SERVICE_CORE_INTERNAL_FIELD_SYNTAX_RULES_H_

#include "absl/strings/string_view.h"
#include "service/core/exchange_checks.h"
#include "service/core/field_grammar.h"
#include "service/core/internal/rule_builders.h"
#include "service/core/validator_grammar.h"

namespace statusinfo::core::rule_table {

// A row that checks every line of `field` with `valid`; `expected` says
// what a valid value is, in the finding's message.
constexpr RuleDescriptor Syntax(RuleInfo info, Field field,
                                bool (*valid)(absl::string_view),
                                absl::string_view expected) {
  RuleDescriptor rule{};
  rule.info = info;
  rule.check = CheckFieldSyntax;
  rule.syntax = {field, valid, expected};
  return rule;
}

inline constexpr absl::string_view kHttpDate =
    "an HTTP-date such as \"Sun, 06 Nov 1994 08:49:37 GMT\"";

inline constexpr absl::string_view kChallenges =
    "a comma-separated list of challenges, each an auth-scheme followed by "
    "a token68 or name=value parameters, e.g. \"Basic realm=\\\"x\\\"\"";

inline constexpr RuleDescriptor kFieldSyntaxRules[] = {
    Syntax({"etag-syntax", kError, "RFC 9110, Section 8.8.3",
            "ETag is an entity-tag: an optional W/ and a quoted opaque tag."},
           Field::kETag, IsEntityTag,
           "an entity-tag: a quoted string, optionally prefixed by W/, e.g. "
           "\"\\\"v1\\\"\" or \"W/\\\"v1\\\"\""),
    Syntax({"last-modified-syntax", kError, "RFC 9110, Section 8.8.2",
            "Last-Modified is an HTTP-date."},
           Field::kLastModified, IsHttpDate, kHttpDate),
    Syntax({"expires-syntax", kError, "RFC 9111, Section 5.3",
            "Expires is an HTTP-date."},
           Field::kExpires, IsHttpDate,
           "an HTTP-date such as \"Sun, 06 Nov 1994 08:49:37 GMT\" (caches "
           "read an invalid value such as \"0\" as already expired)"),
    Syntax({"location-syntax", kError, "RFC 9110, Section 10.2.2",
            "Location is a URI reference: no spaces, controls or non-ASCII "
            "octets unless percent-encoded."},
           Field::kLocation, IsUriReference,
           "a URI reference: spaces, non-ASCII octets and other characters "
           "outside RFC 3986 must be percent-encoded"),
    Syntax({"allow-syntax", kError, "RFC 9110, Section 10.2.1",
            "Allow is a comma-separated list of method tokens."},
           Field::kAllow, IsAllowValue,
           "a comma-separated list of method tokens, e.g. \"GET, HEAD\""),
    Syntax({"content-type-syntax", kError, "RFC 9110, Section 8.3.1",
            "Content-Type is a media type: type/subtype, then ;name=value "
            "parameters with token or quoted-string values."},
           Field::kContentType, IsMediaType,
           "a media type: type/subtype, then parameters as ;name=value with "
           "a token or quoted-string value, e.g. \"text/html; "
           "charset=utf-8\""),
    Syntax({"vary-syntax", kError, "RFC 9110, Section 12.5.5",
            "Vary is \"*\" or a comma-separated list of field names."},
           Field::kVary, IsVaryValue,
           "\"*\" or a comma-separated list of field names, e.g. "
           "\"Accept-Encoding, Accept-Language\""),
    Syntax({"cache-control-syntax", kError, "RFC 9111, Section 5.2",
            "Cache-Control is a list of directives: a token, optionally "
            "=token or =quoted-string."},
           Field::kCacheControl, IsCacheControl,
           "a comma-separated list of directives, each a token with an "
           "optional =token or =quoted-string argument, e.g. \"max-age=60, "
           "must-revalidate\""),
    Syntax({"upgrade-syntax", kError, "RFC 9110, Section 7.8",
            "Upgrade is a comma-separated list of protocols: a name token, "
            "optionally /version."},
           Field::kUpgrade, IsUpgradeValue,
           "a comma-separated list of protocols, each a name with an "
           "optional /version, e.g. \"websocket\" or \"h2c\""),
    Syntax({"connection-syntax", kError, "RFC 9110, Section 7.6.1",
            "Connection is a comma-separated list of connection options "
            "(tokens)."},
           Field::kConnection, IsConnectionValue,
           "a comma-separated list of connection options (tokens), e.g. "
           "\"keep-alive\" or \"upgrade\""),
    Syntax({"www-authenticate-syntax", kError, "RFC 9110, Section 11.6.1",
            "WWW-Authenticate is a list of challenges: an auth-scheme, then "
            "a token68 or name=value auth-params."},
           Field::kWwwAuthenticate, IsChallengeList, kChallenges),
    Syntax({"proxy-authenticate-syntax", kError, "RFC 9110, Section 11.7.1",
            "Proxy-Authenticate is a list of challenges: an auth-scheme, "
            "then a token68 or name=value auth-params."},
           Field::kProxyAuthenticate, IsChallengeList, kChallenges),
    // About the input, not the response: the sender of a malformed request
    // field is the client, and the rules just leave the field out.
    Check({"request-precondition-syntax", kInfo, "RFC 9110, Section 13.1",
           "The request's If-Match, If-None-Match, If-Modified-Since, "
           "If-Unmodified-Since and If-Range follow their grammar."},
          kAnyCode, kAny, CheckRequestPreconditionSyntax),
    Check({"request-range-syntax", kInfo, "RFC 9110, Section 14.2",
           "The request's Range, in bytes, is a valid ranges-specifier, sent "
           "once."},
          kAnyCode, kAny, CheckRequestRangeSyntax),
};

}  // namespace statusinfo::core::rule_table

#endif  // STATUSINFO_SERVICE_CORE_INTERNAL_FIELD_SYNTAX_RULES_H_
