#include "service/core/internal/fuzzy_match.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/ascii.h"

namespace statusinfo::core {

std::vector<std::string> Tokenize(absl::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(byte) || byte >= 0x80) {
      word.push_back(absl::ascii_tolower(byte));
    } else if (byte == '\'') {
      // Dropped rather than a separator, so that "I'm" and "im" are the same
      // word; a possessive such as "client's" still matches "client" by
      // prefix.
      continue;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

int MaxTypos(int length) {
  if (length < 4) return 0;
  return length < 8 ? 1 : 2;
}

int BoundedEditDistance(absl::string_view a, absl::string_view b,
                        int max_distance) {
  const int too_far = max_distance + 1;
  const int len_a = static_cast<int>(a.size());
  const int len_b = static_cast<int>(b.size());
  if (max_distance < 0 || len_a > kMaxFuzzyWordBytes ||
      len_b > kMaxFuzzyWordBytes || std::abs(len_a - len_b) > max_distance) {
    return too_far;
  }
  // Three rows of the dynamic-programming table: a transposition looks two
  // rows back. Row i holds the distances from a[0, i) to the prefixes of b.
  // A cell more than max_distance off the diagonal is more than max_distance
  // edits, so only the band around the diagonal is computed, and the cells
  // just outside it are set to too_far for the next row to read.
  int rows[3][kMaxFuzzyWordBytes + 2] = {};
  int* before = rows[0];
  int* previous = rows[1];
  int* current = rows[2];
  for (int j = 0; j <= len_b + 1; ++j) {
    previous[j] = j <= max_distance ? j : too_far;
  }
  for (int i = 1; i <= len_a; ++i) {
    const int first = std::max(1, i - max_distance);
    const int last = std::min(len_b, i + max_distance);
    current[first - 1] = first == 1 ? std::min(i, too_far) : too_far;
    current[last + 1] = too_far;
    int row_min = current[first - 1];
    for (int j = first; j <= last; ++j) {
      const int substitution = a[i - 1] == b[j - 1] ? 0 : 1;
      int d = std::min({previous[j] + 1, current[j - 1] + 1,
                        previous[j - 1] + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d = std::min(d, before[j - 2] + 1);
      }
      current[j] = d;
      row_min = std::min(row_min, d);
    }
    // Every later cell is at least the minimum of this row (a transposition
    // from two rows back costs no less than the diagonal through this one),
    // so once the whole row is too far, so is the answer.
    if (row_min > max_distance) return too_far;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[len_b], too_far);
}

uint32_t ByteMask(absl::string_view word) {
  uint32_t mask = 0;
  for (char c : word) {
    const unsigned char byte = static_cast<unsigned char>(c);
    const int bit = byte >= 'a' && byte <= 'z' ? byte - 'a' : 26 + byte % 6;
    mask |= uint32_t{1} << bit;
  }
  return mask;
}

bool IsNumber(absl::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
}

}  // namespace statusinfo::core
