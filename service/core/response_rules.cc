// The conformance rule table. Each row cites the sentence of the RFC it
// enforces; the severity follows the sentence's keyword (ERROR for MUST /
// MUST NOT, WARNING for SHOULD / SHOULD NOT, INFO otherwise), except where a
// row's comment says why not. docs/rules.md lists the same rows.
#include "service/core/response_rules.h"

#include <array>
#include <cstddef>
#include <string>

#include "absl/strings/str_cat.h"
#include "service/core/catalog.h"
#include "service/core/exchange_checks.h"
#include "service/core/internal/references.h"
#include "service/core/internal/response_checks.h"

namespace statusinfo::core {
namespace {

constexpr v1::Severity kError = v1::SEVERITY_ERROR;
constexpr v1::Severity kWarning = v1::SEVERITY_WARNING;
constexpr v1::Severity kInfo = v1::SEVERITY_INFO;
constexpr v1::RequirementLevel kMust = v1::REQUIREMENT_LEVEL_MUST;
constexpr v1::RequirementLevel kShould = v1::REQUIREMENT_LEVEL_SHOULD;
constexpr v1::RequirementLevel kMay = v1::REQUIREMENT_LEVEL_MAY;
constexpr v1::RequirementLevel kNoKeyword = v1::REQUIREMENT_LEVEL_UNSPECIFIED;

// The row builders: one per kind of rule.
constexpr RuleDescriptor Check(RuleInfo info, CodeRange codes,
                               MethodFilter methods, CheckFn check,
                               RequiredField required = {}) {
  RuleDescriptor rule{};
  rule.info = info;
  rule.codes = codes;
  rule.methods = methods;
  rule.check = check;
  rule.required = required;
  return rule;
}

constexpr RuleDescriptor Require(RuleInfo info, CodeRange codes,
                                 RequiredField required,
                                 absl::string_view problem) {
  RuleDescriptor rule{};
  rule.info = info;
  rule.codes = codes;
  rule.required = required;
  rule.problem = problem;
  return rule;
}

constexpr RuleDescriptor Forbid(RuleInfo info, CodeRange codes, Field field,
                                absl::string_view problem) {
  RuleDescriptor rule{};
  rule.info = info;
  rule.codes = codes;
  rule.forbidden = field;
  rule.problem = problem;
  return rule;
}

// `for_code` marks the codes that never have content whatever the method.
constexpr RuleDescriptor NoContent(RuleInfo info, CodeRange codes,
                                   MethodFilter methods, bool for_code,
                                   absl::string_view problem) {
  RuleDescriptor rule{};
  rule.info = info;
  rule.codes = codes;
  rule.methods = methods;
  rule.no_content = true;
  rule.content_forbidden_for_code = for_code;
  rule.problem = problem;
  return rule;
}

// A header field the specification asks for only under a condition that no
// exchange shows (e.g. "if the condition is temporary"): published in the
// catalog's header requirements, never reported as a finding.
constexpr RuleDescriptor Advise(RuleInfo info, CodeRange codes,
                                RequiredField required) {
  RuleDescriptor rule{};
  rule.info = info;
  rule.codes = codes;
  rule.required = required;
  rule.advice_only = true;
  return rule;
}

constexpr MethodFilter kAny = MethodFilter::kAny;

// Sorted by severity, ERROR first, so that findings come out in the order
// the API promises without sorting them (checked by a static_assert below).
constexpr RuleDescriptor kRules[] = {
    // ---- ERROR: MUST / MUST NOT ----
    Check({"status-code-range", kError, "RFC 9110, Section 15",
           "The status code is a three-digit integer from 100 to 599."},
          kAnyCode, kAny, CheckStatusCodeRange),
    Check({"field-name-token", kError, "RFC 9110, Section 5.1",
           "Every header field name is a token: not empty, no spaces, controls "
           "or delimiters."},
          kAnyCode, kAny, CheckFieldNames),
    Check({"field-value-forbidden-char", kError, "RFC 9110, Section 5.5",
           "No header field value contains CR, LF or NUL."},
          kAnyCode, kAny, CheckFieldValueCrLfNul),
    Check({"field-value-ctl", kError, "RFC 9110, Section 5.5",
           "No header field value contains a control character other than "
           "HTAB."},
          kAnyCode, kAny, CheckFieldValueControls),
    Check({"singleton-field-repeated", kError, "RFC 9110, Section 5.3",
           "A single-valued field (Content-Location, Content-Range, "
           "Content-Type, Date, ETag, Last-Modified, Location, Retry-After) "
           "appears at most once."},
          kAnyCode, kAny, CheckSingletonFields),
    Check({"content-length-syntax", kError, "RFC 9110, Section 8.6",
           "Content-Length is a non-negative decimal integer."},
          kAnyCode, kAny, CheckContentLengthSyntax),
    Check({"content-length-duplicate", kError, "RFC 9110, Section 8.6",
           "Content-Length is sent once, not repeated or listed twice."},
          kAnyCode, kAny, CheckContentLengthDuplicate),
    Check({"content-length-conflict", kError, "RFC 9112, Section 6.3",
           "Repeated Content-Length values never disagree."},
          kAnyCode, kAny, CheckContentLengthConflict),
    Check({"content-length-with-transfer-encoding", kError,
           "RFC 9112, Section 6.2",
           "A response with Transfer-Encoding has no Content-Length."},
          kAnyCode, kAny, CheckContentLengthWithTransferEncoding),
    Check({"transfer-encoding-http10", kError, "RFC 9112, Section 6.1",
           "An HTTP/1.0 response has no Transfer-Encoding."},
          kAnyCode, kAny, CheckTransferEncodingHttp10),
    Check({"transfer-encoding-chunked-once", kError, "RFC 9112, Section 6.1",
           "Transfer-Encoding applies chunked at most once."},
          kAnyCode, kAny, CheckChunkedOnce),
    Check({"date-syntax", kError, "RFC 9110, Section 6.6.1",
           "Date is an HTTP-date."},
          kAnyCode, kAny, CheckDateSyntax),
    Check({"http-date-imf-fixdate", kError, "RFC 9110, Section 5.6.7",
           "Date and Retry-After timestamps use IMF-fixdate, not the obsolete "
           "RFC 850 or asctime formats."},
          kAnyCode, kAny, CheckImfFixdate),
    Check({"retry-after-syntax", kError, "RFC 9110, Section 10.2.3",
           "Retry-After is an HTTP-date or a number of seconds."},
          kAnyCode, kAny, CheckRetryAfterSyntax),
    Check({"content-range-syntax", kError, "RFC 9110, Section 14.4",
           "Content-Range is unit first-last/length, unit first-last/* or "
           "unit */length, with last >= first and length > last."},
          kAnyCode, kAny, CheckContentRangeSyntax),
    Check({"upgrade-connection", kError, "RFC 9110, Section 7.8",
           "A response with Upgrade also lists the upgrade option in "
           "Connection."},
          kAnyCode, kAny, CheckUpgradeConnection),
    Forbid({"early-data-in-response", kError, "RFC 8470, Section 5.1",
            "A response never carries Early-Data."},
           kAnyCode, Field::kEarlyData,
           "The response carries Early-Data, a request-only header field that "
           "must not be included in responses"),
    // RFC 9110 says a 1xx, 204 or 304 "cannot contain content" and RFC 9112,
    // Section 6.3 ends such a message at its header section: content would
    // be read as the next response, so these are errors.
    NoContent({"1xx-no-content", kError, "RFC 9110, Section 15.2",
               "A 1xx response has no content."},
              Codes(100, 199), kAny, true,
              "The informational (1xx) response has content, but a 1xx "
              "response ends with its header section"),
    Forbid({"1xx-content-length", kError, "RFC 9110, Section 8.6",
            "A 1xx response has no Content-Length."},
           Codes(100, 199), Field::kContentLength,
           "The informational (1xx) response has Content-Length, which a "
           "server must not send in a 1xx response"),
    Forbid({"1xx-transfer-encoding", kError, "RFC 9112, Section 6.1",
            "A 1xx response has no Transfer-Encoding."},
           Codes(100, 199), Field::kTransferEncoding,
           "The informational (1xx) response has Transfer-Encoding, which a "
           "server must not send in a 1xx response"),
    Check({"1xx-http10", kError, "RFC 9110, Section 15.2",
           "A 1xx response is not sent to an HTTP/1.0 client."},
          Codes(100, 199), kAny, CheckInformationalHttp10),
    Require({"101-upgrade", kError, "RFC 9110, Section 15.2.2",
             "A 101 response carries Upgrade, naming the protocols in effect "
             "after it."},
            Code(101), {Field::kUpgrade, kMust, ""},
            "The 101 response has no Upgrade header field; the server must "
            "say which protocol the connection switches to"),
    Check({"101-upgrade-requested", kError, "RFC 9110, Section 7.8",
           "A 101 response switches only to a protocol the request's Upgrade "
           "offered."},
          Code(101), kAny, CheckUpgradeRequested),
    NoContent({"204-no-content", kError, "RFC 9110, Section 15.3.5",
               "A 204 response has no content."},
              Code(204), kAny, true,
              "The 204 (No Content) response has content, but a 204 ends "
              "with its header section"),
    Forbid({"204-content-length", kError, "RFC 9110, Section 8.6",
            "A 204 response has no Content-Length."},
           Code(204), Field::kContentLength,
           "The 204 response has Content-Length, which a server must not "
           "send in a 204 response"),
    Forbid({"204-transfer-encoding", kError, "RFC 9112, Section 6.1",
            "A 204 response has no Transfer-Encoding."},
           Code(204), Field::kTransferEncoding,
           "The 204 response has Transfer-Encoding, which a server must not "
           "send in a 204 response"),
    NoContent({"205-no-content", kError, "RFC 9110, Section 15.3.6",
               "A 205 response has no content."},
              Code(205), kAny, false,
              "The 205 (Reset Content) response has content; a server must "
              "not generate content in a 205 response"),
    Check({"206-content-range", kError, "RFC 9110, Section 15.3.7.1",
           "A single-part 206 response carries Content-Range; a multipart one "
           "has a multipart/byteranges Content-Type."},
          Code(206), kAny, CheckPartialContentRange,
          {Field::kContentRange, kMust,
           "when a single part is sent; a multipart response has Content-Type "
           "multipart/byteranges instead"}),
    Check({"206-multipart-content-range", kError, "RFC 9110, Section 15.3.7.2",
           "A multipart/byteranges 206 response has no Content-Range in its "
           "header section."},
          Code(206), kAny, CheckMultipartContentRange),
    Check({"206-multipart-single-range", kError, "RFC 9110, Section 15.3.7.2",
           "A 206 response to a single-range request is not multipart."},
          Code(206), kAny, CheckMultipartSingleRange),
    NoContent({"304-no-content", kError, "RFC 9110, Section 15.4.5",
               "A 304 response has no content."},
              Code(304), kAny, true,
              "The 304 (Not Modified) response has content, but a 304 ends "
              "with its header section"),
    Require({"401-www-authenticate", kError, "RFC 9110, Section 15.5.2",
             "A 401 response carries WWW-Authenticate with at least one "
             "challenge."},
            Code(401), {Field::kWwwAuthenticate, kMust, ""},
            "The 401 response has no WWW-Authenticate header field; a server "
            "must send at least one challenge for the target resource"),
    Require({"405-allow", kError, "RFC 9110, Section 15.5.6",
             "A 405 response carries Allow, listing the supported methods."},
            Code(405), {Field::kAllow, kMust, ""},
            "The 405 response has no Allow header field; the origin server "
            "must list the methods the resource supports"),
    Require({"407-proxy-authenticate", kError, "RFC 9110, Section 15.5.8",
             "A 407 response carries Proxy-Authenticate with a challenge."},
            Code(407), {Field::kProxyAuthenticate, kMust, ""},
            "The 407 response has no Proxy-Authenticate header field; the "
            "proxy must send a challenge that applies to it"),
    Require({"426-upgrade", kError, "RFC 9110, Section 15.5.22",
             "A 426 response carries Upgrade, naming the required protocols."},
            Code(426), {Field::kUpgrade, kMust, ""},
            "The 426 response has no Upgrade header field; the server must "
            "name the protocol(s) the client has to upgrade to"),
    NoContent({"head-no-content", kError, "RFC 9110, Section 9.3.2",
               "A response to HEAD has no content."},
              kAnyCode, MethodFilter::kHead, false,
              "The response to HEAD has content; a server must not send "
              "content in a response to HEAD"),
    // Section 6.4.1: a 2xx to CONNECT switches to a tunnel "instead of
    // having content"; bytes after the header section belong to the tunnel.
    NoContent({"connect-2xx-no-content", kError, "RFC 9110, Section 6.4.1",
               "A 2xx response to CONNECT has no content."},
              Codes(200, 299), MethodFilter::kConnect, false,
              "The successful response to CONNECT has content, but the "
              "connection becomes a tunnel right after its header section"),
    Check({"connect-2xx-framing", kError, "RFC 9110, Section 9.3.6",
           "A 2xx response to CONNECT has no Content-Length or "
           "Transfer-Encoding."},
          Codes(200, 299), MethodFilter::kConnect, CheckConnectFraming),
    // Field grammar (RFC 9110, Section 2.2: a sender must not generate
    // protocol elements that do not match the ABNF), for the fields the
    // request-and-response rules below read.
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
    Check({"www-authenticate-syntax", kError, "RFC 9110, Section 11.6.1",
           "WWW-Authenticate is a list of challenges: an auth-scheme, then a "
           "token68 or name=value auth-params."},
          kAnyCode, kAny, CheckWwwAuthenticateSyntax),
    Check({"proxy-authenticate-syntax", kError, "RFC 9110, Section 11.7.1",
           "Proxy-Authenticate is a list of challenges: an auth-scheme, then "
           "a token68 or name=value auth-params."},
          kAnyCode, kAny, CheckProxyAuthenticateSyntax),
    // Rules that read the request and the response together.
    Check({"transfer-encoding-client-http10", kError, "RFC 9112, Section 6.1",
           "A response to a request below HTTP/1.1 has no Transfer-Encoding."},
          kAnyCode, kAny, CheckTransferEncodingClientHttp10),
    // Section 13.1.2 for the origin server, and RFC 9111, Section 4.3.2 for
    // a cache: a 304 whose ETag is not in the client's list must not reach
    // the client.
    Check({"304-etag-mismatch", kError, "RFC 9110, Section 13.1.2",
           "A 304 answers an If-None-Match that matches its ETag (weak "
           "comparison)."},
          Code(304), kAny, CheckNotModifiedEtagMismatch),
    Check({"preconditions-ignored-method", kError, "RFC 9110, Section 13.2.1",
           "Preconditions on CONNECT, OPTIONS and TRACE are ignored: no 304 "
           "or 412 answers them."},
          Codes(304, 412), kAny, CheckPreconditionsIgnoredMethod),
    Check({"206-if-range-failed", kError, "RFC 9110, Section 13.1.5",
           "A 206 answers only a Range whose If-Range matches the "
           "representation (strong ETag or exact Last-Modified)."},
          Code(206), kAny, CheckPartialIfRange),
    Check({"405-allow-lists-method", kError, "RFC 9110, Section 15.5.6",
           "The Allow of a 405 response does not list the refused request "
           "method."},
          Code(405), kAny, CheckAllowListsMethod),

    // ---- WARNING: SHOULD / SHOULD NOT ----
    Require({"301-location", kWarning, "RFC 9110, Section 15.4.2",
             "A 301 response carries Location with the new permanent URI."},
            Code(301), {Field::kLocation, kShould, ""},
            "The 301 response has no Location header field, so the client "
            "cannot follow the redirect"),
    Require({"302-location", kWarning, "RFC 9110, Section 15.4.3",
             "A 302 response carries Location with the temporary URI."},
            Code(302), {Field::kLocation, kShould, ""},
            "The 302 response has no Location header field, so the client "
            "cannot follow the redirect"),
    Require({"307-location", kWarning, "RFC 9110, Section 15.4.8",
             "A 307 response carries Location with the temporary URI."},
            Code(307), {Field::kLocation, kShould, ""},
            "The 307 response has no Location header field, so the client "
            "cannot follow the redirect"),
    Require({"308-location", kWarning, "RFC 9110, Section 15.4.9",
             "A 308 response carries Location with the new permanent URI."},
            Code(308), {Field::kLocation, kShould, ""},
            "The 308 response has no Location header field, so the client "
            "cannot follow the redirect"),
    Check({"304-representation-metadata", kWarning, "RFC 9110, Section 15.4.5",
           "A 304 response carries no representation metadata (Content-Type, "
           "Content-Encoding, Content-Language)."},
          Code(304), kAny, CheckNotModifiedMetadata),
    Check(
        {"416-content-range", kWarning, "RFC 9110, Section 15.5.17",
         "A 416 response to a byte-range request carries Content-Range with "
         "the current length."},
        Code(416), kAny, CheckRangeNotSatisfiableContentRange,
        {Field::kContentRange, kShould, "in response to a byte-range request"}),
    Check({"416-unsatisfied-range", kWarning, "RFC 9110, Section 14.4",
           "The Content-Range of a 416 response has the unsatisfied-range "
           "form, e.g. bytes */47022."},
          Code(416), kAny, CheckUnsatisfiedRange),
    Check({"451-link-blocked-by", kWarning, "RFC 7725, Section 4",
           "A 451 response carries a Link with rel=\"blocked-by\" identifying "
           "the blocking entity."},
          Code(451), kAny, CheckBlockedByLink,
          {Field::kLink, kShould,
           "with rel=\"blocked-by\", identifying the entity that blocks "
           "access"}),
    Forbid({"511-no-challenge", kWarning, "RFC 6585, Section 6",
            "A 511 response carries no WWW-Authenticate challenge."},
           Code(511), Field::kWwwAuthenticate,
           "The 511 response carries WWW-Authenticate; it should not contain "
           "a challenge, since browsers would tie it to the requested URL"),
    Check({"4xx-explanation", kWarning, "RFC 9110, Section 15.5",
           "Except for HEAD, a 4xx response has content explaining the "
           "error."},
          Codes(400, 499), MethodFilter::kNotHead, CheckExplanation),
    Check({"5xx-explanation", kWarning, "RFC 9110, Section 15.6",
           "Except for HEAD, a 5xx response has content explaining the "
           "error."},
          Codes(500, 599), MethodFilter::kNotHead, CheckExplanation),
    // A MUST for an origin server with a clock, but a response does not show
    // whether it came from one (a proxy or a clockless device may omit
    // Date), so a missing Date is a warning.
    Check({"date-required", kWarning, "RFC 9110, Section 6.6.1",
           "A 2xx, 3xx or 4xx response from an origin server with a clock "
           "carries Date."},
          Codes(200, 499), kAny, CheckDateRequired,
          {Field::kDate, kMust, "when sent by an origin server with a clock"}),
    // The precondition MUSTs below bind the origin server; a cache or
    // intermediary may ignore If-Match and If-Unmodified-Since (Sections
    // 13.1.1, 13.1.4) and should evaluate If-None-Match (RFC 9111, Section
    // 4.3.2). A response does not show which one sent it, so, like
    // date-required, these are warnings.
    Check({"if-match-failed-2xx", kWarning, "RFC 9110, Section 13.1.1",
           "A 2xx to GET or HEAD comes only when If-Match matches the ETag "
           "(strong comparison); otherwise 412."},
          Codes(200, 299), kAny, CheckIfMatchFailed),
    Check(
        {"if-unmodified-since-failed-2xx", kWarning, "RFC 9110, Section 13.1.4",
         "A 2xx to GET or HEAD comes only when Last-Modified is not later "
         "than If-Unmodified-Since; otherwise 412."},
        Codes(200, 299), kAny, CheckIfUnmodifiedSinceFailed),
    Check({"if-none-match-matched-2xx", kWarning, "RFC 9110, Section 13.1.2",
           "A GET or HEAD whose If-None-Match matches the ETag (weak "
           "comparison) is answered 304, not 2xx."},
          Codes(200, 299), kAny, CheckIfNoneMatchMatched),
    Check({"precondition-order", kWarning, "RFC 9110, Section 13.2.2",
           "If-Match and If-Unmodified-Since are evaluated before "
           "If-None-Match and If-Modified-Since: no 304 when one of them "
           "fails."},
          Code(304), kAny, CheckPreconditionOrder),
    // A MUST for the fields a 200 would carry; the server compared an
    // entity tag, but the exchange does not show that a 200 would send it.
    Check({"304-etag", kWarning, "RFC 9110, Section 15.4.5",
           "A 304 answering an If-None-Match with entity tags carries the "
           "ETag a 200 would carry."},
          Code(304), kAny, CheckNotModifiedEtag),
    Check({"206-range-not-requested", kWarning, "RFC 9110, Section 14.2",
           "A single-part 206 carries a range the request's Range asked for."},
          Code(206), kAny, CheckPartialRangeRequested),
    Check({"416-range-satisfiable", kWarning, "RFC 9110, Section 14.2",
           "A 416 answers a single byte range only when it is unsatisfiable "
           "in the length its Content-Range gives."},
          Code(416), kAny, CheckRangeSatisfiable),

    // ---- INFO: advice ----
    Check({"status-code-unassigned", kInfo, "RFC 9110, Section 15",
           "The status code is assigned; an unknown code is treated as the "
           "x00 code of its class."},
          kAnyCode, kAny, CheckStatusCodeAssigned),
    Require({"103-link", kInfo, "RFC 8297, Section 2",
             "A 103 response carries the header fields it hints at, usually "
             "Link."},
            Code(103), {Field::kLink, kNoKeyword, ""},
            "The 103 (Early Hints) response has no Link header field, so it "
            "gives the client nothing to preload"),
    Require({"201-location", kInfo, "RFC 9110, Section 15.3.2",
             "A 201 response identifies the created resource with Location "
             "(otherwise it is the target URI)."},
            Code(201), {Field::kLocation, kNoKeyword, ""},
            "The 201 response has no Location header field, so the created "
            "resource is taken to be the target URI"),
    Check({"206-range-request", kInfo, "RFC 9110, Section 15.3.7",
           "A 206 response answers a request with Range."},
          Code(206), kAny, CheckPartialRangeRequest),
    Require(
        {"300-location", kInfo, "RFC 9110, Section 15.4.1",
         "A 300 response carries Location when the server has a preferred "
         "choice."},
        Code(300),
        {Field::kLocation, kShould, "when the server has a preferred choice"},
        "The 300 response has no Location header field; if the server has "
        "a preferred choice, it should send it in Location"),
    // Section 15.4.4 defines 303 by its Location but uses no keyword.
    Require({"303-location", kInfo, "RFC 9110, Section 15.4.4",
             "A 303 response carries Location with the other resource."},
            Code(303), {Field::kLocation, kNoKeyword, ""},
            "The 303 response has no Location header field, so the client "
            "has nowhere to go"),
    Check({"304-conditional", kInfo, "RFC 9110, Section 15.4.5",
           "A 304 response answers a conditional GET or HEAD."},
          Code(304), kAny, CheckNotModifiedConditional),
    // Whether the condition is temporary is never shown: catalog advice.
    Advise({"413-retry-after", kInfo, "RFC 9110, Section 15.5.14",
            "A 413 response for a temporary condition carries Retry-After "
            "(catalog advice, never a finding)."},
           Code(413),
           {Field::kRetryAfter, kShould, "when the condition is temporary"}),
    Check({"425-early-data", kInfo, "RFC 8470, Section 5.2",
           "A 425 response answers a request sent in early data or marked "
           "Early-Data: 1."},
          Code(425), kAny, CheckTooEarly),
    Require({"429-retry-after", kInfo, "RFC 6585, Section 4",
             "A 429 response may carry Retry-After."},
            Code(429), {Field::kRetryAfter, kMay, ""},
            "The 429 response has no Retry-After, so the client does not know "
            "how long to wait"),
    Require({"503-retry-after", kInfo, "RFC 9110, Section 15.6.4",
             "A 503 response may carry Retry-After."},
            Code(503), {Field::kRetryAfter, kMay, ""},
            "The 503 response has no Retry-After, so the client does not know "
            "how long to wait"),
    Check({"201-safe-method", kInfo, "RFC 9110, Section 9.2.1",
           "A 201 does not answer a safe method (GET, HEAD, OPTIONS, TRACE), "
           "which asks for no state change."},
          Code(201), kAny, CheckCreatedSafeMethod),
    Check({"412-precondition", kInfo, "RFC 9110, Section 15.5.13",
           "A 412 answers a request with a precondition (If-Match, "
           "If-None-Match or If-Unmodified-Since)."},
          Code(412), kAny, CheckPreconditionFailedConditional),
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
    // About the input, not the response: a request header field over the
    // API's size limits is left out rather than failing the call.
    Check({"request-field-over-limit", kInfo, "RFC 9110, Section 5.4",
           "Every request header field given is within the size limits; one "
           "over them is left out of the check."},
          kAnyCode, kAny, CheckRequestFieldLimits),
    Check({"content-range-status", kInfo, "RFC 9110, Section 14.4",
           "Content-Range appears only in 206 and 416 responses, the codes "
           "that define its meaning."},
          kAnyCode, kAny, CheckContentRangeStatus),
};

constexpr std::size_t kRuleCount = sizeof(kRules) / sizeof(kRules[0]);

constexpr bool SortedBySeverity() {
  for (std::size_t i = 1; i < kRuleCount; ++i) {
    if (kRules[i].info.severity > kRules[i - 1].info.severity) return false;
  }
  return true;
}
static_assert(SortedBySeverity(),
              "kRules must be sorted ERROR > WARNING > INFO");

constexpr std::array<RuleInfo, kRuleCount> MakeRuleInfos() {
  std::array<RuleInfo, kRuleCount> infos{};
  for (std::size_t i = 0; i < kRuleCount; ++i) infos[i] = kRules[i].info;
  return infos;
}

constexpr std::array<RuleInfo, kRuleCount> kRuleInfos = MakeRuleInfos();

bool MethodMatches(MethodFilter filter, Method method) {
  switch (filter) {
    case MethodFilter::kAny:
      return true;
    case MethodFilter::kHead:
      return method == Method::kHead;
    case MethodFilter::kNotHead:
      return method != Method::kHead;
    case MethodFilter::kConnect:
      return method == Method::kConnect;
  }
  return false;
}

void Apply(const RuleDescriptor& rule, const ResponseView& view,
           FindingSink& sink) {
  if (rule.advice_only || !rule.codes.Contains(view.code) ||
      !MethodMatches(rule.methods, view.method)) {
    return;
  }
  if (rule.check != nullptr) {
    rule.check(rule, view, sink);
  } else if (rule.required.field != Field::kOther) {
    if (!view.fields.has(rule.required.field)) {
      sink.Add(rule, std::string{rule.problem});
    }
  } else if (rule.forbidden != Field::kOther) {
    if (view.fields.has(rule.forbidden)) {
      sink.Add(rule, std::string{rule.problem});
    }
  } else if (rule.no_content && view.request.has_content()) {
    sink.Add(rule, std::string{rule.problem});
  }
}

}  // namespace

absl::Span<const RuleInfo> ResponseRules() { return kRuleInfos; }

v1::ValidateResponseResponse ValidateResponse(
    const Catalog& catalog, const v1::ValidateResponseRequest& request) {
  v1::ValidateResponseResponse response;
  const ResponseView view(catalog, request);
  FindingSink sink(response);
  for (const RuleDescriptor& rule : kRules) Apply(rule, view, sink);
  // The table is sorted ERROR first, so an error is always the first finding.
  response.set_valid(response.findings().empty() ||
                     response.findings(0).severity() != v1::SEVERITY_ERROR);
  return response;
}

std::vector<v1::HeaderRequirement> HeaderRequirementsFor(int code) {
  std::vector<v1::HeaderRequirement> requirements;
  if (!IsValidStatusCode(code)) return requirements;
  for (const RuleDescriptor& rule : kRules) {
    const RequiredField& required = rule.required;
    if (required.field == Field::kOther || !rule.codes.Contains(code) ||
        (required.level != kMust && required.level != kShould)) {
      continue;
    }
    v1::HeaderRequirement& requirement = requirements.emplace_back();
    requirement.set_field_name(std::string{FieldName(required.field)});
    requirement.set_level(required.level);
    requirement.set_condition(std::string{required.condition});
    *requirement.mutable_reference() =
        ReferenceFromCitation(rule.info.reference);
    requirement.set_rule_id(std::string{rule.info.id});
  }
  return requirements;
}

bool ContentForbidden(int code) {
  for (const RuleDescriptor& rule : kRules) {
    if (rule.content_forbidden_for_code && rule.codes.Contains(code)) {
      return true;
    }
  }
  return false;
}

}  // namespace statusinfo::core
