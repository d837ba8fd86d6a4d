// Building blocks of the search (search.h): splitting text into words, and
// comparing two words with a bounded number of typos.
//
// Text is treated as opaque bytes. Only ASCII letters and digits are
// lower-cased and every other ASCII byte separates words, so a query with
// invalid UTF-8 or control characters is just a query that matches little.
//
// Example:
//
//   std::vector<std::string> words = Tokenize("I'm a Teapot!");
//   // {"im", "a", "teapot"}
//   BoundedEditDistance("fuond", "found", 1);  // 1 (one transposition)
//   BoundedEditDistance("fuond", "bound", 1);  // 2, meaning "more than 1"
#ifndef STATUSINFO_SERVICE_CORE_INTERNAL_FUZZY_MATCH_H_
#define STATUSINFO_SERVICE_CORE_INTERNAL_FUZZY_MATCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace statusinfo::core {

// Words longer than this are only ever compared exactly or by prefix: the
// edit distance works in fixed-size buffers so that it never allocates.
inline constexpr int kMaxFuzzyWordBytes = 32;

// Splits `text` into lower-cased words. ASCII letters and digits and every
// byte >= 0x80 belong to words; apostrophes are dropped so that "I'm"
// becomes "im"; any other byte ends a word.
std::vector<std::string> Tokenize(absl::string_view text);

// The typos a word of `length` bytes may contain and still match: none
// below 4 bytes (too many short words are one edit apart), 1 up to 7 bytes,
// 2 from 8 bytes on.
int MaxTypos(int length);

// The optimal-string-alignment (restricted Damerau-Levenshtein) distance
// between `a` and `b`: insertions, deletions, substitutions and transpositions
// of adjacent bytes each count 1. Returns `max_distance + 1` as soon as the
// distance is known to exceed `max_distance`, and also when either word is
// longer than kMaxFuzzyWordBytes. Never allocates.
int BoundedEditDistance(absl::string_view a, absl::string_view b,
                        int max_distance);

// The set of bytes in `word`, folded into 32 bits: one bit per letter a-z,
// the other bytes share the remaining six. An edit changes at most two bits,
// so words whose masks differ in more than 2 * k bits (see MaskDistance) are
// more than k edits apart: a cheap filter to run before BoundedEditDistance.
uint32_t ByteMask(absl::string_view word);

// The number of bits in which two ByteMask values differ. Counted inline
// rather than with __builtin_popcount, which without -mpopcnt is a call into
// libgcc, and this runs once per candidate word of every search.
inline int MaskDistance(uint32_t a, uint32_t b) {
  uint32_t x = a ^ b;
  x = x - ((x >> 1) & 0x55555555u);
  x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
  return static_cast<int>((((x + (x >> 4)) & 0x0f0f0f0fu) * 0x01010101u) >> 24);
}

// True when `word` consists only of ASCII digits (and is not empty).
bool IsNumber(absl::string_view word);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_INTERNAL_FUZZY_MATCH_H_
