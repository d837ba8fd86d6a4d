#include "service/core/validator_grammar.h"

#include <limits>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "service/core/http_grammar.h"

namespace statusinfo::core {
namespace {

bool IsEtagc(char c) {
  const auto octet = static_cast<unsigned char>(c);
  return octet == 0x21 || (octet >= 0x23 && octet <= 0x7E) || octet >= 0x80;
}

// Reads one entity-tag at the start of `text`, and removes it from `text`.
std::optional<EntityTag> ConsumeEntityTag(absl::string_view& text) {
  EntityTag tag;
  if (absl::StartsWith(text, "W/")) {
    tag.weak = true;
    text.remove_prefix(2);
  }
  if (text.empty() || text.front() != '"') return std::nullopt;
  std::size_t end = 1;
  while (end < text.size() && IsEtagc(text[end])) ++end;
  if (end == text.size() || text[end] != '"') return std::nullopt;
  tag.opaque = text.substr(1, end - 1);
  text.remove_prefix(end + 1);
  return tag;
}

void SkipOws(absl::string_view& text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
}

// Adds the members of one field line of "*" / #entity-tag to `list`.
bool ParseEntityTagLine(absl::string_view line, EntityTagList& list,
                        bool& star) {
  line = absl::StripAsciiWhitespace(line);
  if (line == "*") {
    star = true;
    return true;
  }
  while (true) {
    SkipOws(line);
    if (line.empty()) return true;
    if (line.front() == ',') {  // Empty list elements are allowed.
      line.remove_prefix(1);
      continue;
    }
    std::optional<EntityTag> tag = ConsumeEntityTag(line);
    if (!tag.has_value()) return false;
    list.tags.push_back(*tag);
    SkipOws(line);
    if (line.empty()) return true;
    if (line.front() != ',') return false;
  }
}

bool IsHexDigit(char c) { return absl::ascii_isxdigit(c); }

bool IsUriChar(char c) {
  static constexpr absl::string_view kOther = "-._~:/?#[]@!$&'()*+,;=";
  return absl::ascii_isalnum(c) || kOther.find(c) != absl::string_view::npos;
}

}  // namespace

std::optional<EntityTag> ParseEntityTag(absl::string_view text) {
  std::optional<EntityTag> tag = ConsumeEntityTag(text);
  if (!tag.has_value() || !text.empty()) return std::nullopt;
  return tag;
}

bool StrongMatch(const EntityTag& a, const EntityTag& b) {
  return !a.weak && !b.weak && a.opaque == b.opaque;
}

bool WeakMatch(const EntityTag& a, const EntityTag& b) {
  return a.opaque == b.opaque;
}

std::optional<EntityTagList> ParseEntityTagList(
    const std::vector<absl::string_view>& lines) {
  EntityTagList list;
  bool star = false;
  for (absl::string_view line : lines) {
    if (!ParseEntityTagLine(line, list, star)) return std::nullopt;
  }
  // "*" together with other members is syntactically invalid.
  if (star && (lines.size() > 1 || !list.tags.empty())) return std::nullopt;
  list.any = star;
  if (!star && list.tags.empty()) return std::nullopt;
  return list;
}

std::optional<std::int64_t> HttpDateSeconds(absl::string_view text) {
  const DateFormat format = ParseHttpDate(text);
  const char* layout = nullptr;
  switch (format) {
    case DateFormat::kInvalid:
      return std::nullopt;
    case DateFormat::kImfFixdate:
      layout = "%a, %d %b %Y %H:%M:%S GMT";
      break;
    case DateFormat::kRfc850:
      layout = "%A, %d-%b-%y %H:%M:%S GMT";
      break;
    case DateFormat::kAsctime:
      layout = "%a %b %e %H:%M:%S %Y";
      break;
  }
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(layout, std::string(text), absl::UTCTimeZone(), &time,
                       &error)) {
    return std::nullopt;
  }
  return absl::ToUnixSeconds(time);
}

std::optional<std::uint64_t> ParseDecimal(absl::string_view text) {
  if (!IsDigits(text)) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
      return std::nullopt;
    }
    value = value * 10 + digit;
  }
  return value;
}

std::optional<std::vector<ByteRangeSpec>> ParseByteRanges(
    absl::string_view text) {
  const std::size_t equals = text.find('=');
  if (equals == absl::string_view::npos ||
      !absl::EqualsIgnoreCase(text.substr(0, equals), "bytes")) {
    return std::nullopt;
  }
  std::vector<ByteRangeSpec> specs;
  bool valid = true;
  ForEachListMember(text.substr(equals + 1), [&](absl::string_view member) {
    const std::size_t dash = member.find('-');
    ByteRangeSpec spec;
    if (dash == 0) {
      spec.suffix = true;
      std::optional<std::uint64_t> length = ParseDecimal(member.substr(1));
      valid = length.has_value();
      if (valid) spec.suffix_length = *length;
    } else if (dash != absl::string_view::npos) {
      std::optional<std::uint64_t> first = ParseDecimal(member.substr(0, dash));
      const absl::string_view last_text = member.substr(dash + 1);
      std::optional<std::uint64_t> last = ParseDecimal(last_text);
      valid = first.has_value() && (last_text.empty() || last.has_value()) &&
              (!last.has_value() || *last >= *first);
      if (valid) {
        spec.first = *first;
        spec.last = last;
      }
    } else {
      valid = false;
    }
    if (valid) specs.push_back(spec);
    return valid;
  });
  if (!valid || specs.empty()) return std::nullopt;
  return specs;
}

std::optional<BytePositions> Resolve(const ByteRangeSpec& spec,
                                     std::uint64_t length) {
  if (spec.suffix) {
    if (spec.suffix_length == 0 || length == 0) return std::nullopt;
    const std::uint64_t count =
        spec.suffix_length < length ? spec.suffix_length : length;
    return BytePositions{length - count, length - 1};
  }
  if (spec.first >= length) return std::nullopt;
  std::uint64_t last = length - 1;
  if (spec.last.has_value() && *spec.last < last) last = *spec.last;
  return BytePositions{spec.first, last};
}

bool IsAllowValue(absl::string_view text) {
  bool valid = true;
  ForEachListMember(text, [&](absl::string_view method) {
    valid = IsToken(method);
    return valid;
  });
  return valid;
}

bool IsUriReference(absl::string_view text) {
  bool fragment = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size() || !IsHexDigit(text[i + 1]) ||
          !IsHexDigit(text[i + 2])) {
        return false;
      }
      i += 2;
      continue;
    }
    if (!IsUriChar(c)) return false;
    if (c == '#') {
      if (fragment) return false;
      fragment = true;
    }
  }
  return true;
}

}  // namespace statusinfo::core
