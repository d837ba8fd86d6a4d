// Search over the catalog by phrase, former phrase, keyword and number
// prefix, tolerant of case and small typos.
//
// The index is built once from a Catalog and then only read, so one index
// serves every thread.
//
// Scoring: each query word is matched against the words of every entry
// (exactly, as a prefix, or, when the catalog does not contain the word and
// outside descriptions, within one or two typos, see fuzzy_match.h) and
// against the code (as a number prefix); its best match in an entry is worth
// the match quality times the weight of the field it was found in (reason
// phrase > former phrase > keyword > summary > description). An entry's score
// is the average over the query words, lowered by up to a fifth when the
// query names only part of the entry's best-covered phrase (measured in
// bytes of its words), so that "timeout" ranks "Gateway Timeout" above
// "A Timeout Occurred". The words of an unofficial code count a little less,
// so that a registered code that matches as well ranks first. Ties go to the
// lower code.
//
// Example:
//
//   SearchIndex index(catalog);
//   v1::SearchStatusCodesRequest request;
//   request.set_query("not fuond");
//   absl::StatusOr<v1::SearchStatusCodesResponse> r = index.Search(request);
//   // r->results(0).status_code().code() == 404
#ifndef STATUSINFO_SERVICE_CORE_SEARCH_H_
#define STATUSINFO_SERVICE_CORE_SEARCH_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/core/catalog.h"
#include "service/core/limits.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::core {

// One result of a search: a catalog entry and its score, in (0, 1].
struct SearchHit {
  const statusinfo::v1::StatusCode* entry;
  double score;
};

class SearchIndex {
 public:
  // `catalog` must outlive the index, which points into its entries.
  explicit SearchIndex(const Catalog& catalog);

  // INVALID_ARGUMENT for an empty or over-long query or a negative page size.
  absl::StatusOr<statusinfo::v1::SearchStatusCodesResponse> Search(
      const statusinfo::v1::SearchStatusCodesRequest& request) const;

  // The results of Search, best first, without copying the entries into a
  // response: for a caller that has them serialized already. Same errors.
  absl::StatusOr<std::vector<SearchHit>> Rank(
      const statusinfo::v1::SearchStatusCodesRequest& request) const;

 private:
  // Phrases of an entry whose coverage counts: the code itself (as a phrase
  // of one word), the reason phrase and up to six former phrases.
  static constexpr int kMaxPhrases = 8;
  static constexpr int kCodePhrase = 0;
  static constexpr int kReasonPhrase = 1;
  // The phrase of a posting in a keyword, the summary or the description.
  static constexpr uint8_t kNotAPhrase = 0xff;

  // One entry that contains a word, and how much that occurrence counts.
  struct Posting {
    uint16_t entry;  // Index into entries_.
    uint8_t phrase;  // Index into IndexedEntry::phrase_bytes, or kNotAPhrase.
    bool typos;      // Whether a query word with typos may match here.
    float weight;    // The weight of the field, in (0, 1].
  };
  // A distinct word of the catalog and the entries it occurs in.
  struct Term {
    std::string text;
    uint32_t mask = 0;   // ByteMask(text), to skip hopeless typo comparisons.
    bool typos = false;  // Whether any of its postings has `typos`.
    std::vector<Posting> postings;
  };
  // A catalog entry as the search sees it.
  struct IndexedEntry {
    const v1::StatusCode* status_code;
    std::string code;  // The code as text, for number prefixes.
    // Bytes of the distinct words of each phrase; 0 where there is none.
    std::array<uint16_t, kMaxPhrases> phrase_bytes{};
  };
  // What one search has found in one entry so far.
  struct Tally {
    double total = 0;      // Sum of the best matches of the finished words.
    double word_best = 0;  // Best match of the word being matched.
    // Per phrase: the longest phrase word the current word matched, and the
    // bytes of phrase words matched by the finished words.
    std::array<uint16_t, kMaxPhrases> word_covers{};
    std::array<uint16_t, kMaxPhrases> covered{};
  };
  // How the words of one field of an entry are indexed.
  struct Field {
    uint8_t phrase;          // Index into phrase_bytes, or kNotAPhrase.
    float weight;            // How much a match in the field counts.
    bool skip_common_words;  // Whether "the", "of" and so on are left out.
    bool typos;              // Whether a query word with typos may match.
  };
  using TermMap = std::map<std::string, Term, std::less<>>;

  // Construction: adds the words of one entry to `terms`.
  void IndexEntry(const v1::StatusCode& status_code, TermMap& terms);
  // Adds the words of one field; returns the bytes of its distinct words.
  int IndexField(absl::string_view text, const Field& field,
                 TermMap& terms) const;
  void BuildTerms(TermMap&& terms);

  // Query time: records in `tallies` the best match of `word` per entry.
  void MatchWord(absl::string_view word, std::vector<Tally>& tallies) const;
  void MatchTypos(absl::string_view word, std::vector<Tally>& tallies) const;
  void MatchCode(absl::string_view word, std::vector<Tally>& tallies) const;
  // Credits the entries of `term` with a match of `quality`. `typo` says the
  // match has typos, which only postings with `typos` accept.
  static void Credit(const Term& term, double quality, bool typo,
                     std::vector<Tally>& tallies);
  // Adds each entry's best match of the word just matched to its total.
  static void FinishWord(std::vector<Tally>& tallies);
  // The score, in (0, 1], of an entry that matched some of `query_words`.
  static double Score(const IndexedEntry& entry, const Tally& tally,
                      int query_words);

  std::vector<IndexedEntry> entries_;  // In code order, like the catalog.
  std::vector<Term> terms_;            // Sorted by text.
  // Indices into terms_ of the terms with `typos`, by text length: the
  // terms the typo scan compares a query word with.
  std::vector<std::vector<uint32_t>> typo_terms_by_length_;
};

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_SEARCH_H_
