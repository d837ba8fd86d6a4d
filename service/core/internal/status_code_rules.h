// The rows of the rule table tied to a status code or class: the fields a
// code requires or forbids, the codes that have no content, and the advice
// that comes with some codes. Their checks are in status_checks.cc.
// response_rules.cc merges every group into the one table.
#ifndef STATUSINFO_SERVICE_CORE_INTERNAL_STATUS_CODE_RULES_H_
#define STATUSINFO_SERVICE_CORE_INTERNAL_STATUS_CODE_RULES_H_

#include "service/core/internal/response_checks.h"
#include "service/core/internal/rule_builders.h"

namespace statusinfo::core::rule_table {

inline constexpr RuleDescriptor kStatusCodeRules[] = {
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
};

}  // namespace statusinfo::core::rule_table

#endif  // STATUSINFO_SERVICE_CORE_INTERNAL_STATUS_CODE_RULES_H_
