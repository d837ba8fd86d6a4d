#include "service/core/http_grammar.h"

#include <array>
#include <cstdint>

#include "absl/strings/match.h"

namespace statusinfo::core {
namespace {

constexpr std::uint8_t kTchar = 1;
constexpr std::uint8_t kDigit = 2;
constexpr std::uint8_t kCtl = 4;

// One lookup per octet keeps the per-header scans cheap.
constexpr std::array<std::uint8_t, 256> MakeCharClasses() {
  std::array<std::uint8_t, 256> classes{};
  for (int c = 0; c < 0x20; ++c) classes[c] = kCtl;
  classes[0x7f] = kCtl;
  for (int c = '0'; c <= '9'; ++c) classes[c] = kTchar | kDigit;
  for (int c = 'A'; c <= 'Z'; ++c) classes[c] = kTchar;
  for (int c = 'a'; c <= 'z'; ++c) classes[c] = kTchar;
  for (char c : {'!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_',
                 '`', '|', '~'}) {
    classes[static_cast<unsigned char>(c)] = kTchar;
  }
  return classes;
}

constexpr std::array<std::uint8_t, 256> kCharClasses = MakeCharClasses();

bool Has(char c, std::uint8_t what) {
  return (kCharClasses[static_cast<unsigned char>(c)] & what) != 0;
}

bool IsDigit(char c) { return Has(c, kDigit); }

// Consumes `n` digits from the front of `text`; `value` gets their number.
bool ConsumeDigits(absl::string_view& text, int n, int& value) {
  if (text.size() < static_cast<std::size_t>(n)) return false;
  value = 0;
  for (int i = 0; i < n; ++i) {
    if (!IsDigit(text[i])) return false;
    value = value * 10 + (text[i] - '0');
  }
  text.remove_prefix(n);
  return true;
}

// Consumes one of `names`, compared case-sensitively (HTTP-date is case
// sensitive, RFC 9110, Section 5.6.7).
template <std::size_t N>
bool ConsumeOneOf(absl::string_view& text,
                  const std::array<absl::string_view, N>& names) {
  for (absl::string_view name : names) {
    if (absl::StartsWith(text, name)) {
      text.remove_prefix(name.size());
      return true;
    }
  }
  return false;
}

bool ConsumeLiteral(absl::string_view& text, absl::string_view literal) {
  if (!absl::StartsWith(text, literal)) return false;
  text.remove_prefix(literal.size());
  return true;
}

constexpr std::array<absl::string_view, 7> kDayNames = {
    "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<absl::string_view, 7> kLongDayNames = {
    "Monday", "Tuesday",  "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday"};
constexpr std::array<absl::string_view, 12> kMonths = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// time-of-day = hour ":" minute ":" second, 00:00:00 - 23:59:60.
bool ConsumeTimeOfDay(absl::string_view& text) {
  int hour = 0, minute = 0, second = 0;
  return ConsumeDigits(text, 2, hour) && ConsumeLiteral(text, ":") &&
         ConsumeDigits(text, 2, minute) && ConsumeLiteral(text, ":") &&
         ConsumeDigits(text, 2, second) && hour <= 23 && minute <= 59 &&
         second <= 60;
}

bool IsDayOfMonth(int day) { return day >= 1 && day <= 31; }

// IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT
bool IsImfFixdate(absl::string_view text) {
  int day = 0, year = 0;
  return ConsumeOneOf(text, kDayNames) && ConsumeLiteral(text, ", ") &&
         ConsumeDigits(text, 2, day) && IsDayOfMonth(day) &&
         ConsumeLiteral(text, " ") && ConsumeOneOf(text, kMonths) &&
         ConsumeLiteral(text, " ") && ConsumeDigits(text, 4, year) &&
         ConsumeLiteral(text, " ") && ConsumeTimeOfDay(text) &&
         ConsumeLiteral(text, " GMT") && text.empty();
}

// rfc850-date = day-name-l "," SP date2 SP time-of-day SP GMT
bool IsRfc850Date(absl::string_view text) {
  int day = 0, year = 0;
  return ConsumeOneOf(text, kLongDayNames) && ConsumeLiteral(text, ", ") &&
         ConsumeDigits(text, 2, day) && IsDayOfMonth(day) &&
         ConsumeLiteral(text, "-") && ConsumeOneOf(text, kMonths) &&
         ConsumeLiteral(text, "-") && ConsumeDigits(text, 2, year) &&
         ConsumeLiteral(text, " ") && ConsumeTimeOfDay(text) &&
         ConsumeLiteral(text, " GMT") && text.empty();
}

// asctime-date = day-name SP date3 SP time-of-day SP year, where
// date3 = month SP ( 2DIGIT / ( SP 1DIGIT ))
bool IsAsctimeDate(absl::string_view text) {
  int day = 0, year = 0;
  if (!ConsumeOneOf(text, kDayNames) || !ConsumeLiteral(text, " ") ||
      !ConsumeOneOf(text, kMonths) || !ConsumeLiteral(text, " ")) {
    return false;
  }
  const bool day_ok = ConsumeLiteral(text, " ") ? ConsumeDigits(text, 1, day)
                                                : ConsumeDigits(text, 2, day);
  return day_ok && IsDayOfMonth(day) && ConsumeLiteral(text, " ") &&
         ConsumeTimeOfDay(text) && ConsumeLiteral(text, " ") &&
         ConsumeDigits(text, 4, year) && text.empty();
}

absl::string_view StripLeadingZeros(absl::string_view digits) {
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  return digits;
}

}  // namespace

bool IsTchar(char c) { return Has(c, kTchar); }

bool IsToken(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsTchar(c)) return false;
  }
  return true;
}

bool IsCtl(char c) { return Has(c, kCtl); }

absl::string_view TrimOws(absl::string_view text) {
  while (!text.empty() && IsOws(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsOws(text.back())) text.remove_suffix(1);
  return text;
}

FieldValueCheck CheckFieldValue(absl::string_view value) {
  FieldValueCheck first_control;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (!IsCtl(c) || c == '\t') continue;
    if (c == '\r' || c == '\n' || c == '\0') {
      return {FieldValueProblem::kCrLfNul, i, c};
    }
    if (first_control.problem == FieldValueProblem::kNone) {
      first_control = {FieldValueProblem::kControl, i, c};
    }
  }
  return first_control;
}

bool IsDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

int CompareDecimal(absl::string_view a, absl::string_view b) {
  a = StripLeadingZeros(a);
  b = StripLeadingZeros(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b);
}

DateFormat ParseHttpDate(absl::string_view text) {
  if (IsImfFixdate(text)) return DateFormat::kImfFixdate;
  if (IsRfc850Date(text)) return DateFormat::kRfc850;
  if (IsAsctimeDate(text)) return DateFormat::kAsctime;
  return DateFormat::kInvalid;
}

std::optional<ContentRange> ParseContentRange(absl::string_view text) {
  ContentRange range;
  const std::size_t space = text.find(' ');
  if (space == absl::string_view::npos) return std::nullopt;
  range.unit = text.substr(0, space);
  if (!IsToken(range.unit)) return std::nullopt;
  absl::string_view rest = text.substr(space + 1);
  if (ConsumeLiteral(rest, "*/")) {
    if (!IsDigits(rest)) return std::nullopt;
    range.unsatisfied = true;
    range.complete_length = rest;
    return range;
  }
  const std::size_t dash = rest.find('-');
  const std::size_t slash = rest.find('/');
  if (dash == absl::string_view::npos || slash == absl::string_view::npos ||
      slash < dash) {
    return std::nullopt;
  }
  range.first_pos = rest.substr(0, dash);
  range.last_pos = rest.substr(dash + 1, slash - dash - 1);
  const absl::string_view length = rest.substr(slash + 1);
  if (!IsDigits(range.first_pos) || !IsDigits(range.last_pos)) {
    return std::nullopt;
  }
  if (length != "*") {
    if (!IsDigits(length)) return std::nullopt;
    range.complete_length = length;
  }
  // Section 14.4: invalid when last-pos < first-pos or complete-length <=
  // last-pos.
  if (CompareDecimal(range.last_pos, range.first_pos) < 0) return std::nullopt;
  if (!range.complete_length.empty() &&
      CompareDecimal(range.complete_length, range.last_pos) <= 0) {
    return std::nullopt;
  }
  return range;
}

std::size_t FindListComma(absl::string_view list) {
  bool quoted = false;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const char c = list[i];
    if (quoted && c == '\\') {
      ++i;  // the quoted-pair's octet, whatever it is
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      return i;
    }
  }
  return absl::string_view::npos;
}

bool ListContainsToken(absl::string_view list, absl::string_view token) {
  bool found = false;
  ForEachListMember(list, [&](absl::string_view member) {
    found = absl::EqualsIgnoreCase(member, token);
    return !found;
  });
  return found;
}

absl::string_view ProtocolName(absl::string_view protocol) {
  return protocol.substr(0, protocol.find('/'));
}

bool HasMediaType(absl::string_view content_type,
                  absl::string_view media_type) {
  absl::string_view type = content_type.substr(0, content_type.find(';'));
  return absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(type), media_type);
}

RangeRequest ParseRangeRequest(absl::string_view text) {
  RangeRequest request;
  const std::size_t equals = text.find('=');
  if (equals == absl::string_view::npos) return request;
  request.unit = absl::StripAsciiWhitespace(text.substr(0, equals));
  ForEachListMember(text.substr(equals + 1), [&](absl::string_view) {
    ++request.range_count;
    return true;
  });
  return request;
}

bool IsHttpVersion(absl::string_view text) {
  return text.size() == 8 && absl::StartsWith(text, "HTTP/") &&
         IsDigit(text[5]) && text[6] == '.' && IsDigit(text[7]);
}

}  // namespace statusinfo::core
