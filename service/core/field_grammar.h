// Syntax of the response fields the rules check for their grammar alone:
// ETag and the HTTP-date fields (over validator_grammar.h and
// http_grammar.h), Content-Type, Vary, Cache-Control, WWW-Authenticate,
// Proxy-Authenticate, Upgrade and Connection. Each function follows the ABNF
// rule of RFC 9110 or RFC 9111 named in its comment, over one field line, and
// like http_grammar.h accepts any octets without crashing or allocating.
//
// Lists (#rule, RFC 9110, Section 5.6.1) are read as a recipient must read
// them: empty elements and OWS around the commas are accepted; commas
// inside a quoted-string do not split the list.
//
// Example:
//
//   IsMediaType("text/html; charset=utf-8");          // true
//   IsMediaType("text/html; charset");                // false
//   IsCacheControl("max-age=60, no-cache=\"Set-Cookie, X\"");  // true
//   IsChallengeList("Basic realm=\"x\", Bearer");     // true
#ifndef STATUSINFO_SERVICE_CORE_FIELD_GRAMMAR_H_
#define STATUSINFO_SERVICE_CORE_FIELD_GRAMMAR_H_

#include "absl/strings/string_view.h"

namespace statusinfo::core {

// entity-tag (RFC 9110, Section 8.8.3), as ETag = entity-tag requires.
bool IsEntityTag(absl::string_view text);

// HTTP-date (RFC 9110, Section 5.6.7), in any of its three formats.
bool IsHttpDate(absl::string_view text);

// Content-Type = media-type; media-type = type "/" subtype parameters;
// parameters = *( OWS ";" OWS [ parameter ] ); parameter = parameter-name
// "=" ( token / quoted-string ), with no whitespace around "="
// (RFC 9110, Sections 8.3, 8.3.1 and 5.6.6).
bool IsMediaType(absl::string_view text);

// Vary = #( "*" / field-name ); field-name = token (RFC 9110, Sections
// 12.5.5 and 5.1).
bool IsVaryValue(absl::string_view text);

// Cache-Control = #cache-directive; cache-directive = token [ "=" ( token
// / quoted-string ) ] (RFC 9111, Section 5.2).
bool IsCacheControl(absl::string_view text);

// Upgrade = #protocol; protocol = protocol-name [ "/" protocol-version ];
// both token (RFC 9110, Section 7.8).
bool IsUpgradeValue(absl::string_view text);

// Connection = #connection-option; connection-option = token (RFC 9110,
// Section 7.6.1).
bool IsConnectionValue(absl::string_view text);

// WWW-Authenticate / Proxy-Authenticate = #challenge; challenge =
// auth-scheme [ 1*SP ( token68 / #auth-param ) ]; auth-param = token BWS
// "=" BWS ( token / quoted-string ) (RFC 9110, Sections 11.6.1, 11.7.1,
// 11.3 and 11.2). After a comma, a token followed by "=" and a value
// continues the challenge's parameters; any other token starts a new
// challenge.
bool IsChallengeList(absl::string_view text);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_FIELD_GRAMMAR_H_
