// The rows of the rule table that read the request and the response
// together: preconditions (precondition_checks.cc), ranges
// (range_checks.cc), methods, the client's version and the request's size
// (method_checks.cc). response_rules.cc merges every group into the one
// table.
#ifndef STATUSINFO_SERVICE_CORE_INTERNAL_EXCHANGE_RULES_H_
#define STATUSINFO_SERVICE_CORE_INTERNAL_EXCHANGE_RULES_H_

#include "service/core/exchange_checks.h"
#include "service/core/internal/rule_builders.h"

namespace statusinfo::core::rule_table {

inline constexpr RuleDescriptor kExchangeRules[] = {
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
           "A 416 answers one byte range, or two ascending ones that do not "
           "overlap, only when none is satisfiable in the length its "
           "Content-Range gives."},
          Code(416), kAny, CheckRangeSatisfiable),
    Check({"201-safe-method", kInfo, "RFC 9110, Section 9.2.1",
           "A 201 does not answer a safe method (GET, HEAD, OPTIONS, TRACE), "
           "which asks for no state change."},
          Code(201), kAny, CheckCreatedSafeMethod),
    Check({"412-precondition", kInfo, "RFC 9110, Section 15.5.13",
           "A 412 answers a request with a precondition (If-Match, "
           "If-None-Match or If-Unmodified-Since)."},
          Code(412), kAny, CheckPreconditionFailedConditional),
    // About the input, not the response: a request header field over the
    // API's size limits is left out rather than failing the call.
    Check({"request-field-over-limit", kInfo, "RFC 9110, Section 5.4",
           "Every request header field given is within the size limits; one "
           "over them is left out of the check."},
          kAnyCode, kAny, CheckRequestFieldLimits),
};

}  // namespace statusinfo::core::rule_table

#endif  // STATUSINFO_SERVICE_CORE_INTERNAL_EXCHANGE_RULES_H_
