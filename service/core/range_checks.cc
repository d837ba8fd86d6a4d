// The rules of range requests (RFC 9110, Sections 13.1.5 and 14): a 206 or
// 416 compared with the Range and If-Range its request carried. Only byte
// ranges are judged; a rule stays silent when a field is absent, repeated or
// malformed, or when a number does not fit in 64 bits.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/core/exchange_checks.h"
#include "service/core/http_grammar.h"

namespace statusinfo::core {
namespace {

std::optional<std::vector<ByteRangeSpec>> RequestedRanges(
    const ResponseView& view) {
  const std::optional<absl::string_view> range =
      SingleValue(view.request_fields, Field::kRange);
  if (!range.has_value()) return std::nullopt;
  return ParseByteRanges(*range);
}

// The range a single-part 206 carries, and the complete length if known.
struct SentRange {
  BytePositions positions;
  std::optional<std::uint64_t> length;
};

std::optional<SentRange> ContentRangeSent(const ResponseView& view) {
  const std::optional<absl::string_view> value =
      SingleValue(view.fields, Field::kContentRange);
  if (!value.has_value()) return std::nullopt;
  const std::optional<ContentRange> range = ParseContentRange(*value);
  if (!range.has_value() || range->unsatisfied ||
      !absl::EqualsIgnoreCase(range->unit, "bytes")) {
    return std::nullopt;
  }
  const std::optional<std::uint64_t> first = ParseDecimal(range->first_pos);
  const std::optional<std::uint64_t> last = ParseDecimal(range->last_pos);
  if (!first.has_value() || !last.has_value()) return std::nullopt;
  SentRange sent{{*first, *last}, std::nullopt};
  if (!range->complete_length.empty()) {
    sent.length = ParseDecimal(range->complete_length);
    if (!sent.length.has_value()) return std::nullopt;
  }
  return sent;
}

// The positions `spec` asks for: resolved against the complete length when
// it is known; otherwise as written (an open end runs to the largest
// position), and nullopt for a suffix-range, which needs the length.
std::optional<BytePositions> Asked(const ByteRangeSpec& spec,
                                   std::optional<std::uint64_t> length) {
  if (length.has_value()) return Resolve(spec, *length);
  if (spec.suffix) return std::nullopt;
  return BytePositions{spec.first, spec.last.value_or(UINT64_MAX)};
}

// Whether the If-Range condition is known to be false (RFC 9110,
// Section 13.1.5): a weak entity tag, an entity tag that does not strongly
// match the response's ETag, or a date other than its Last-Modified.
bool IfRangeFalse(const ResponseView& view, absl::string_view if_range) {
  if (absl::StartsWith(if_range, "\"") || absl::StartsWith(if_range, "W/")) {
    const std::optional<EntityTag> tag = ParseEntityTag(if_range);
    if (!tag.has_value()) return false;
    if (tag->weak) return true;
    const std::optional<EntityTag> etag = ResponseETag(view);
    return etag.has_value() && !StrongMatch(*tag, *etag);
  }
  const std::optional<std::int64_t> date = HttpDateSeconds(if_range);
  const std::optional<std::int64_t> modified =
      DateOf(view.fields, Field::kLastModified);
  return date.has_value() && modified.has_value() && *date != *modified;
}

}  // namespace

void CheckPartialRangeRequested(const RuleDescriptor& rule,
                                const ResponseView& view, FindingSink& sink) {
  const std::optional<std::vector<ByteRangeSpec>> specs = RequestedRanges(view);
  const std::optional<SentRange> sent = ContentRangeSent(view);
  if (!specs.has_value() || !sent.has_value()) return;
  // One range: the part sent lies within it (a server may send less). Several
  // ranges: the part overlaps one of them (a server may coalesce them).
  for (const ByteRangeSpec& spec : *specs) {
    const std::optional<BytePositions> asked = Asked(spec, sent->length);
    if (!asked.has_value() && spec.suffix && !sent->length.has_value()) return;
    if (!asked.has_value()) continue;
    const BytePositions& part = sent->positions;
    const bool fits =
        specs->size() == 1
            ? part.first >= asked->first && part.last <= asked->last
            : part.first <= asked->last && part.last >= asked->first;
    if (fits) return;
  }
  sink.Add(rule, absl::StrCat(
                     "The 206 response carries Content-Range ",
                     QuoteValue(view.fields.first(Field::kContentRange)),
                     ", which is not part of what the request's Range (",
                     QuoteValue(view.request_fields.first(Field::kRange)),
                     ") asked for; a 206 should carry the requested ranges"));
}

void CheckPartialIfRange(const RuleDescriptor& rule, const ResponseView& view,
                         FindingSink& sink) {
  const std::optional<absl::string_view> if_range =
      SingleValue(view.request_fields, Field::kIfRange);
  if (!if_range.has_value() || !view.request_fields.has(Field::kRange) ||
      !IfRangeFalse(view, *if_range)) {
    return;
  }
  sink.Add(rule, absl::StrCat("The response is 206 although the request's "
                              "If-Range (",
                              QuoteValue(*if_range),
                              ") does not match the representation; when "
                              "If-Range is false the server must ignore Range "
                              "and send the whole representation (200)"));
}

void CheckRangeSatisfiable(const RuleDescriptor& rule, const ResponseView& view,
                           FindingSink& sink) {
  const std::optional<std::vector<ByteRangeSpec>> specs = RequestedRanges(view);
  const std::optional<absl::string_view> value =
      SingleValue(view.fields, Field::kContentRange);
  // A 416 may refuse many small or overlapping ranges (Sections 14.2 and
  // 15.5.17); one range, or two in ascending order that do not overlap,
  // are neither.
  if (!specs.has_value() || specs->size() > 2 || !value.has_value()) return;
  const std::optional<ContentRange> range = ParseContentRange(*value);
  if (!range.has_value() || !range->unsatisfied ||
      !absl::EqualsIgnoreCase(range->unit, "bytes")) {
    return;
  }
  const std::optional<std::uint64_t> length =
      ParseDecimal(range->complete_length);
  if (!length.has_value()) return;
  std::optional<BytePositions> previous;
  for (const ByteRangeSpec& spec : *specs) {
    const std::optional<BytePositions> positions = Resolve(spec, *length);
    if (!positions.has_value()) continue;
    if (previous.has_value() && positions->first <= previous->last) return;
    previous = positions;
  }
  if (!previous.has_value()) return;
  sink.Add(rule,
           absl::StrCat("The 416 response gives the length ", *length,
                        " in Content-Range, in which the request's "
                        "Range (",
                        QuoteValue(view.request_fields.first(Field::kRange)),
                        ") is satisfiable; the server should send 206 "
                        "(or ignore Range and send 200)"));
}

}  // namespace statusinfo::core
