// Syntax checks for the HTTP protocol elements the conformance rules look at:
// tokens, field values, HTTP-dates, delay-seconds, Content-Range, lists and
// the HTTP-version. Each function follows one ABNF rule of RFC 9110 or
// RFC 9112, named in its comment.
//
// Everything here works on bytes (HTTP is parsed as octets, RFC 9112,
// Section 2.2), allocates nothing and accepts any input, including NUL and
// invalid UTF-8.
//
// It is a library of its own (statusinfo_http_grammar), without the catalog,
// protobuf or gRPC, so that the CLI's response-head parser and argument
// checks share these definitions with the core.
//
// Example:
//
//   IsToken("Content-Type");                        // true
//   ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT");  // DateFormat::kImfFixdate
//   ParseContentRange("bytes */47022")->unsatisfied;  // true
#ifndef STATUSINFO_SERVICE_CORE_HTTP_GRAMMAR_H_
#define STATUSINFO_SERVICE_CORE_HTTP_GRAMMAR_H_

#include <cstddef>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"

namespace statusinfo::core {

// tchar (RFC 9110, Section 5.6.2): any VCHAR except the delimiters
// DQUOTE and "(),/:;<=>?@[\]{}".
bool IsTchar(char c);

// token = 1*tchar (RFC 9110, Section 5.6.2).
bool IsToken(absl::string_view text);

// CTL (RFC 5234, Appendix B.1): %x00-1F / %x7F.
bool IsCtl(char c);

// The octets of OWS = *( SP / HTAB ) (RFC 9110, Section 5.6.3).
constexpr bool IsOws(char c) { return c == ' ' || c == '\t'; }

// `text` without leading and trailing OWS, as a field value is read
// (RFC 9110, Section 5.5).
absl::string_view TrimOws(absl::string_view text);

// What field-value (RFC 9110, Section 5.5) forbids in a value.
enum class FieldValueProblem {
  kNone,
  // CR, LF or NUL: "invalid and dangerous".
  kCrLfNul,
  // Another control character (not HTAB): invalid.
  kControl,
};

// The first forbidden octet of a field value, and where it is. CR, LF and
// NUL are reported in preference to other controls, since they are the
// dangerous ones.
struct FieldValueCheck {
  FieldValueProblem problem = FieldValueProblem::kNone;
  std::size_t offset = 0;
  char octet = 0;
};
FieldValueCheck CheckFieldValue(absl::string_view value);

// 1*DIGIT (e.g. Content-Length, RFC 9110, Section 8.6; delay-seconds,
// Section 10.2.3).
bool IsDigits(absl::string_view text);

// Compares two 1*DIGIT strings by value, whatever their length (recipients
// must not overflow on large numerals, RFC 9110, Section 8.6): negative,
// zero or positive like strcmp. Both arguments must satisfy IsDigits.
int CompareDecimal(absl::string_view a, absl::string_view b);

// The three HTTP-date formats of RFC 9110, Section 5.6.7.
enum class DateFormat {
  kInvalid,
  // The preferred format: "Sun, 06 Nov 1994 08:49:37 GMT".
  kImfFixdate,
  // Obsolete: "Sunday, 06-Nov-94 08:49:37 GMT".
  kRfc850,
  // Obsolete: "Sun Nov  6 08:49:37 1994".
  kAsctime,
};
DateFormat ParseHttpDate(absl::string_view text);

// A parsed Content-Range value (RFC 9110, Section 14.4).
struct ContentRange {
  absl::string_view unit;
  // True for the unsatisfied-range form "*/complete-length".
  bool unsatisfied = false;
  // Empty for unsatisfied-range.
  absl::string_view first_pos;
  absl::string_view last_pos;
  // Empty when the sender wrote "*" (length unknown).
  absl::string_view complete_length;
};

// Parses Content-Range = range-unit SP ( range-resp / unsatisfied-range ),
// and rejects the values Section 14.4 calls invalid: last-pos below
// first-pos, or complete-length not above last-pos.
std::optional<ContentRange> ParseContentRange(absl::string_view text);

// The first comma of `list` outside a quoted-string (whose quoted-pairs,
// "\" and one octet, are skipped); npos when none. An unterminated
// quoted-string runs to the end.
std::size_t FindListComma(absl::string_view list);

// Calls `visit(member)` for each non-empty member of a comma-separated list
// (RFC 9110, Section 5.6.1), with OWS trimmed. Stops early when `visit`
// returns false. A comma inside a quoted-string does not split (a
// Transfer-Encoding parameter, a Cache-Control argument may hold one), as
// the section tells a recipient.
template <typename Visit>
void ForEachListMember(absl::string_view list, Visit visit) {
  while (true) {
    const std::size_t comma = FindListComma(list);
    absl::string_view member =
        absl::StripAsciiWhitespace(list.substr(0, comma));
    if (!member.empty() && !visit(member)) return;
    if (comma == absl::string_view::npos) return;
    list.remove_prefix(comma + 1);
  }
}

// True when the list holds `token`, compared case-insensitively.
bool ListContainsToken(absl::string_view list, absl::string_view token);

// The protocol-name of a protocol (RFC 9110, Section 7.8): the part before
// any "/" protocol-version.
absl::string_view ProtocolName(absl::string_view protocol);

// True when a Content-Type value's type/subtype is `media_type`,
// compared case-insensitively (RFC 9110, Section 8.3.1), whatever the
// parameters.
bool HasMediaType(absl::string_view content_type, absl::string_view media_type);

// A request's Range value (RFC 9110, Section 14.1.1): its range unit and how
// many range-specs it lists. `unit` is empty when the value has no "=".
struct RangeRequest {
  absl::string_view unit;
  int range_count = 0;
};
RangeRequest ParseRangeRequest(absl::string_view text);

// HTTP-version = HTTP-name "/" DIGIT "." DIGIT, HTTP-name = %s"HTTP"
// (RFC 9112, Section 2.3).
bool IsHttpVersion(absl::string_view text);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_HTTP_GRAMMAR_H_
