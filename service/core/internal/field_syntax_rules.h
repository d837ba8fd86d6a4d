// The rows of the rule table about field grammar (RFC 9110, Section 2.2: a
// sender must not generate protocol elements that do not match the ABNF),
// for every field a rule reads or a status code requires, and the two rows
// about the grammar of the request's fields. Their checks are in
// field_syntax_checks.cc. response_rules.cc merges every group into the one
// table.
#ifndef STATUSINFO_SERVICE_CORE_INTERNAL_FIELD_SYNTAX_RULES_H_
#define STATUSINFO_SERVICE_CORE_INTERNAL_FIELD_SYNTAX_RULES_H_

#include "service/core/exchange_checks.h"
#include "service/core/internal/rule_builders.h"

namespace statusinfo::core::rule_table {

inline constexpr RuleDescriptor kFieldSyntaxRules[] = {
    Check({"etag-syntax", kError, "RFC 9110, Section 8.8.3",
           "ETag is an entity-tag: an optional W/ and a quoted opaque tag."},
          kAnyCode, kAny, CheckETagSyntax),
    Check({"last-modified-syntax", kError, "RFC 9110, Section 8.8.2",
           "Last-Modified is an HTTP-date."},
          kAnyCode, kAny, CheckLastModifiedSyntax),
    Check({"expires-syntax", kError, "RFC 9111, Section 5.3",
           "Expires is an HTTP-date."},
          kAnyCode, kAny, CheckExpiresSyntax),
    Check({"location-syntax", kError, "RFC 9110, Section 10.2.2",
           "Location is a URI reference: no spaces, controls or non-ASCII "
           "octets unless percent-encoded."},
          kAnyCode, kAny, CheckLocationSyntax),
    Check({"allow-syntax", kError, "RFC 9110, Section 10.2.1",
           "Allow is a comma-separated list of method tokens."},
          kAnyCode, kAny, CheckAllowSyntax),
    Check({"content-type-syntax", kError, "RFC 9110, Section 8.3.1",
           "Content-Type is a media type: type/subtype, then ;name=value "
           "parameters with token or quoted-string values."},
          kAnyCode, kAny, CheckContentTypeSyntax),
    Check({"vary-syntax", kError, "RFC 9110, Section 12.5.5",
           "Vary is \"*\" or a comma-separated list of field names."},
          kAnyCode, kAny, CheckVarySyntax),
    Check({"cache-control-syntax", kError, "RFC 9111, Section 5.2",
           "Cache-Control is a list of directives: a token, optionally "
           "=token or =quoted-string."},
          kAnyCode, kAny, CheckCacheControlSyntax),
    Check({"upgrade-syntax", kError, "RFC 9110, Section 7.8",
           "Upgrade is a comma-separated list of protocols: a name token, "
           "optionally /version."},
          kAnyCode, kAny, CheckUpgradeSyntax),
    Check({"connection-syntax", kError, "RFC 9110, Section 7.6.1",
           "Connection is a comma-separated list of connection options "
           "(tokens)."},
          kAnyCode, kAny, CheckConnectionSyntax),
    Check({"www-authenticate-syntax", kError, "RFC 9110, Section 11.6.1",
           "WWW-Authenticate is a list of challenges: an auth-scheme, then a "
           "token68 or name=value auth-params."},
          kAnyCode, kAny, CheckWwwAuthenticateSyntax),
    Check({"proxy-authenticate-syntax", kError, "RFC 9110, Section 11.7.1",
           "Proxy-Authenticate is a list of challenges: an auth-scheme, then "
           "a token68 or name=value auth-params."},
          kAnyCode, kAny, CheckProxyAuthenticateSyntax),
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
