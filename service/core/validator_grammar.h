// Syntax of the protocol elements that tie a request to its response:
// entity tags and their lists (If-Match, If-None-Match, ETag, If-Range),
// HTTP-dates as points in time, byte-range requests, Allow and Location.
// Each function follows one ABNF rule of RFC 9110, named in its comment, and
// like http_grammar.h accepts any octets without crashing or allocating more
// than its result.
//
// Example:
//
//   std::optional<EntityTag> tag = ParseEntityTag("W/\"v1\"");
//   WeakMatch(*tag, *ParseEntityTag("\"v1\""));    // true
//   StrongMatch(*tag, *ParseEntityTag("\"v1\""));  // false
//   HttpDateSeconds("Sun, 06 Nov 1994 08:49:37 GMT");  // 784111777
#ifndef STATUSINFO_SERVICE_CORE_VALIDATOR_GRAMMAR_H_
#define STATUSINFO_SERVICE_CORE_VALIDATOR_GRAMMAR_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/strings/string_view.h"

namespace statusinfo::core {

// entity-tag = [ weak ] opaque-tag; weak = %s"W/";
// opaque-tag = DQUOTE *etagc DQUOTE; etagc = %x21 / %x23-7E / obs-text
// (RFC 9110, Section 8.8.3). `opaque` excludes the quotes.
struct EntityTag {
  bool weak = false;
  absl::string_view opaque;
};
std::optional<EntityTag> ParseEntityTag(absl::string_view text);

// The comparison functions of RFC 9110, Section 8.8.3.2.
bool StrongMatch(const EntityTag& a, const EntityTag& b);
bool WeakMatch(const EntityTag& a, const EntityTag& b);

// If-Match / If-None-Match = "*" / #entity-tag (RFC 9110, Sections 13.1.1
// and 13.1.2), over all the lines of the field. nullopt when a value does
// not match the grammar (including "*" with other members).
struct EntityTagList {
  bool any = false;
  std::vector<EntityTag> tags;
};
std::optional<EntityTagList> ParseEntityTagList(
    const std::vector<absl::string_view>& lines);

// The point in time an HTTP-date (RFC 9110, Section 5.6.7) denotes, in
// seconds since 1970-01-01T00:00:00Z; nullopt when `text` is not an
// HTTP-date. A two-digit RFC 850 year is read as 1970-2069.
std::optional<std::int64_t> HttpDateSeconds(absl::string_view text);

// One byte range-spec of a Range request (RFC 9110, Sections 14.1.1 and
// 14.1.2): an int-range first-pos "-" [ last-pos ], or a suffix-range
// "-" suffix-length.
struct ByteRangeSpec {
  bool suffix = false;
  std::uint64_t first = 0;
  std::optional<std::uint64_t> last;
  std::uint64_t suffix_length = 0;
};

// Range = "bytes" "=" 1#range-spec, with every range-spec valid (last-pos
// not below first-pos). nullopt for another unit, an invalid
// ranges-specifier or a number beyond 2^64 - 1.
std::optional<std::vector<ByteRangeSpec>> ParseByteRanges(
    absl::string_view text);

// The inclusive byte positions a range-spec selects in a representation of
// `length` bytes; nullopt when the spec is not satisfiable there
// (RFC 9110, Section 14.1.2).
struct BytePositions {
  std::uint64_t first;
  std::uint64_t last;
};
std::optional<BytePositions> Resolve(const ByteRangeSpec& spec,
                                     std::uint64_t length);

// A decimal 1*DIGIT that fits in 64 bits; nullopt otherwise.
std::optional<std::uint64_t> ParseDecimal(absl::string_view text);

// Allow = #method; method = token (RFC 9110, Sections 10.2.1 and 9.1). An
// empty value is valid: the resource allows no methods.
bool IsAllowValue(absl::string_view text);

// URI-reference (RFC 3986, Section 4.1), as Location = URI-reference
// (RFC 9110, Section 10.2.2) requires: only unreserved and reserved
// characters, "%" followed by two hex digits, and at most one "#". This is
// the character-level grammar; it does not parse the authority.
bool IsUriReference(absl::string_view text);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_VALIDATOR_GRAMMAR_H_
