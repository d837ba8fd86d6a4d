// The rows of the rule table about any response: the status code itself,
// header field names and values, framing (Content-Length, Transfer-Encoding),
// Date, Retry-After, Content-Range and Upgrade. Their checks are in
// response_checks.cc. response_rules.cc merges every group into the one
// table; see rule_builders.h for the row builders.
#ifndef STATUSINFO_SERVICE_CORE_INTERNAL_FRAMING_RULES_H_
#define STATUSINFO_SERVICE_CORE_INTERNAL_FRAMING_RULES_H_

#include "service/core/internal/response_checks.h"
#include "service/core/internal/rule_builders.h"

namespace statusinfo::core::rule_table {

inline constexpr RuleDescriptor kFramingRules[] = {
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
    Check({"status-code-unassigned", kInfo, "RFC 9110, Section 15",
           "The status code is assigned; an unknown code is treated as the "
           "x00 code of its class."},
          kAnyCode, kAny, CheckStatusCodeAssigned),
    Check({"content-range-status", kInfo, "RFC 9110, Section 14.4",
           "Content-Range appears only in 206 and 416 responses, the codes "
           "that define its meaning."},
          kAnyCode, kAny, CheckContentRangeStatus),
};

}  // namespace statusinfo::core::rule_table

#endif  // STATUSINFO_SERVICE_CORE_INTERNAL_FRAMING_RULES_H_
