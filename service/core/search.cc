#include "service/core/search.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/core/errors.h"
#include "service/core/internal/fuzzy_match.h"

namespace statusinfo::core {
namespace {

// How much a match counts, by the field it is found in. A phrase match must
// beat a match in running text, and the 0.1 steps between the short fields
// only order entries that match equally well otherwise.
constexpr float kReasonPhraseWeight = 1.0f;
constexpr float kFormerPhraseWeight = 0.9f;
constexpr float kKeywordWeight = 0.8f;
constexpr float kSummaryWeight = 0.45f;
constexpr float kDescriptionWeight = 0.3f;

// How good a word match is, before the field weight. A typo costs more than
// an unfinished word of about the same length.
constexpr double kOneTypoQuality = 0.7;
constexpr double kTwoTyposQuality = 0.5;
// Shorter prefixes than this match too many words to mean anything.
constexpr size_t kMinPrefixBytes = 3;
// The share of the score that depends on covering a whole phrase.
constexpr double kCoverageShare = 0.2;
// Most searches mean the registered code, so the words of an unofficial code
// count a little less, and it ranks just below a registered code that
// matches as well: "rate limit" finds 429 before Twitter's 420, "timeout"
// 408 before Microsoft's 440 "Login Timeout". Number prefixes are not
// affected, so "4" still lists the 4xx codes in code order.
constexpr float kUnofficialFactor = 0.95f;

// Words too common in summaries and descriptions to tell entries apart. They
// are still indexed in phrases, where "a" of "I'm a teapot" matters.
constexpr absl::string_view kCommonWords[] = {
    "a",    "an",   "and",  "are", "as",   "at",   "be",    "by",
    "can",  "for",  "from", "has", "have", "in",   "is",    "it",
    "its",  "may",  "of",   "on",  "or",   "that", "the",   "their",
    "then", "this", "to",   "was", "were", "when", "which", "with"};

bool IsCommonWord(absl::string_view word) {
  return std::find(std::begin(kCommonWords), std::end(kCommonWords), word) !=
         std::end(kCommonWords);
}

// An unfinished word is worth more the more of the word it gives:
// "reques" is nearly "requests", "req" much less so.
double PrefixQuality(size_t prefix_bytes, size_t word_bytes) {
  return 0.5 + 0.5 * static_cast<double>(prefix_bytes) /
                   static_cast<double>(word_bytes);
}

// The number of results to return, or INVALID_ARGUMENT for a bad request.
absl::StatusOr<int> ResultLimit(const v1::SearchStatusCodesRequest& request) {
  const std::string& query = request.query();
  if (absl::StripAsciiWhitespace(query).empty()) {
    return InvalidArgument("query", "must not be empty", v1::EMPTY_QUERY);
  }
  if (query.size() > static_cast<size_t>(kMaxQueryBytes)) {
    return InvalidArgument("query",
                           absl::StrCat("must be at most ", kMaxQueryBytes,
                                        " bytes long, got ", query.size()),
                           v1::QUERY_TOO_LONG);
  }
  if (request.page_size() < 0) {
    return InvalidArgument(
        "page_size",
        absl::StrCat("must not be negative, got ", request.page_size()),
        v1::NEGATIVE_PAGE_SIZE);
  }
  if (request.page_size() == 0) return kDefaultSearchResults;
  return std::min(request.page_size(), kMaxSearchResults);
}

}  // namespace

SearchIndex::SearchIndex(const Catalog& catalog) {
  TermMap terms;
  entries_.reserve(catalog.entries().size());
  for (const v1::StatusCode* status_code : catalog.entries()) {
    IndexEntry(*status_code, terms);
  }
  BuildTerms(std::move(terms));
}

void SearchIndex::IndexEntry(const v1::StatusCode& status_code,
                             TermMap& terms) {
  IndexedEntry& entry = entries_.emplace_back();
  entry.status_code = &status_code;
  entry.code = absl::StrCat(status_code.code());
  entry.phrase_bytes[kCodePhrase] = static_cast<uint16_t>(entry.code.size());
  const float scale =
      status_code.registry_status() == v1::REGISTRY_STATUS_UNOFFICIAL
          ? kUnofficialFactor
          : 1.0f;
  entry.phrase_bytes[kReasonPhrase] =
      IndexField(status_code.reason_phrase(),
                 Field{kReasonPhrase, scale * kReasonPhraseWeight,
                       /*skip_common_words=*/false, /*typos=*/true},
                 terms);
  for (int i = 0; i < status_code.former_phrases_size(); ++i) {
    // Former phrases beyond the slots still match; they only do not count
    // towards coverage.
    const int slot = kReasonPhrase + 1 + i;
    const uint8_t phrase = slot < kMaxPhrases ? slot : kNotAPhrase;
    const int bytes =
        IndexField(status_code.former_phrases(i),
                   Field{phrase, scale * kFormerPhraseWeight,
                         /*skip_common_words=*/false, /*typos=*/true},
                   terms);
    if (phrase != kNotAPhrase) entry.phrase_bytes[phrase] = bytes;
  }
  for (const std::string& keyword : status_code.keywords()) {
    IndexField(keyword,
               Field{kNotAPhrase, scale * kKeywordWeight,
                     /*skip_common_words=*/false, /*typos=*/true},
               terms);
  }
  IndexField(status_code.summary(),
             Field{kNotAPhrase, scale * kSummaryWeight,
                   /*skip_common_words=*/true, /*typos=*/true},
             terms);
  // Typos are not matched in descriptions: in long running text they find
  // mostly noise, and the description words would double the typo scan.
  IndexField(status_code.description(),
             Field{kNotAPhrase, scale * kDescriptionWeight,
                   /*skip_common_words=*/true, /*typos=*/false},
             terms);
}

int SearchIndex::IndexField(absl::string_view text, const Field& field,
                            TermMap& terms) const {
  const uint16_t entry = static_cast<uint16_t>(entries_.size() - 1);
  int distinct_bytes = 0;
  for (const std::string& word : Tokenize(text)) {
    if (field.skip_common_words && IsCommonWord(word)) continue;
    Term& term = terms[word];
    term.typos = term.typos || field.typos;
    // One posting per entry, phrase and typo rule: a repeated word, or a word
    // found in several of the other fields, keeps its best weight.
    std::vector<Posting>& postings = term.postings;
    if (!postings.empty() && postings.back().entry == entry &&
        postings.back().phrase == field.phrase &&
        postings.back().typos == field.typos) {
      postings.back().weight = std::max(postings.back().weight, field.weight);
      continue;
    }
    distinct_bytes += static_cast<int>(word.size());
    postings.push_back(Posting{entry, field.phrase, field.typos, field.weight});
  }
  return std::min(distinct_bytes, 0xffff);
}

void SearchIndex::BuildTerms(TermMap&& terms) {
  // The map is sorted by text, so terms_ is too.
  terms_.reserve(terms.size());
  for (auto& [text, term] : terms) {
    term.text = text;
    term.mask = ByteMask(text);
    if (term.typos) {
      const size_t length = text.size();
      if (length >= typo_terms_by_length_.size()) {
        typo_terms_by_length_.resize(length + 1);
      }
      typo_terms_by_length_[length].push_back(
          static_cast<uint32_t>(terms_.size()));
    }
    terms_.push_back(std::move(term));
  }
}

absl::StatusOr<v1::SearchStatusCodesResponse> SearchIndex::Search(
    const v1::SearchStatusCodesRequest& request) const {
  absl::StatusOr<std::vector<SearchHit>> hits = Rank(request);
  if (!hits.ok()) return hits.status();
  v1::SearchStatusCodesResponse response;
  response.mutable_results()->Reserve(static_cast<int>(hits->size()));
  for (const SearchHit& hit : *hits) {
    v1::ScoredStatusCode* result = response.add_results();
    *result->mutable_status_code() = *hit.entry;
    result->set_score(hit.score);
  }
  return response;
}

absl::StatusOr<std::vector<SearchHit>> SearchIndex::Rank(
    const v1::SearchStatusCodesRequest& request) const {
  absl::StatusOr<int> limit = ResultLimit(request);
  if (!limit.ok()) return limit.status();
  const std::vector<std::string> words = Tokenize(request.query());
  std::vector<Tally> tallies(entries_.size());
  for (const std::string& word : words) {
    MatchWord(word, tallies);
    FinishWord(tallies);
  }
  // (score, index into entries_) of every entry that matched at all.
  std::vector<std::pair<double, size_t>> hits;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (tallies[i].total <= 0) continue;
    const int query_words = static_cast<int>(words.size());
    hits.emplace_back(Score(entries_[i], tallies[i], query_words), i);
  }
  // Best first; entries_ is in code order, so equal scores keep code order.
  const size_t count = std::min(hits.size(), static_cast<size_t>(*limit));
  // count <= hits.size() by the line above; cppcheck cannot see through min.
  // cppcheck-suppress containerOutOfBounds
  const auto last = hits.begin() + static_cast<std::ptrdiff_t>(count);
  std::partial_sort(
      hits.begin(), last, hits.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
  std::vector<SearchHit> ranked;
  ranked.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    ranked.push_back({entries_[hits[i].second].status_code, hits[i].first});
  }
  return ranked;
}

void SearchIndex::MatchWord(absl::string_view word,
                            std::vector<Tally>& tallies) const {
  // The term equal to `word` and the terms it is a prefix of are one run of
  // the sorted terms, starting at the first term not less than `word`.
  auto term = std::lower_bound(
      terms_.begin(), terms_.end(), word,
      [](const Term& t, absl::string_view w) { return t.text < w; });
  const bool known = term != terms_.end() && term->text == word;
  if (known) {
    Credit(*term, 1.0, false, tallies);
    ++term;
  }
  if (IsNumber(word)) {
    // Numbers only match exactly in text: "40" is not a typo of "404", and
    // as a prefix it means codes, not numbers in descriptions.
    MatchCode(word, tallies);
    return;
  }
  if (word.size() >= kMinPrefixBytes) {
    for (; term != terms_.end() && absl::StartsWith(term->text, word); ++term) {
      Credit(*term, PrefixQuality(word.size(), term->text.size()), false,
             tallies);
    }
  }
  // A word the catalog contains is taken as typed, like a spelling checker
  // does: its near misses are mostly other words ("found", "round"), and
  // skipping them saves the most expensive step of the search.
  if (!known) MatchTypos(word, tallies);
}

void SearchIndex::MatchTypos(absl::string_view word,
                             std::vector<Tally>& tallies) const {
  const int max_typos = MaxTypos(static_cast<int>(word.size()));
  if (max_typos == 0 || static_cast<int>(word.size()) > kMaxFuzzyWordBytes ||
      typo_terms_by_length_.empty()) {
    return;
  }
  const uint32_t mask = ByteMask(word);
  // Only terms within max_typos of the word's length can be close enough.
  const size_t shortest = word.size() - max_typos;
  const size_t longest =
      std::min(word.size() + max_typos, typo_terms_by_length_.size() - 1);
  for (size_t length = shortest; length <= longest; ++length) {
    for (uint32_t index : typo_terms_by_length_[length]) {
      const Term& term = terms_[index];
      if (MaskDistance(term.mask, mask) > 2 * max_typos) continue;
      const int typos = BoundedEditDistance(word, term.text, max_typos);
      // Distance 0 is the exact match, already credited.
      if (typos == 0 || typos > max_typos) continue;
      Credit(term, typos == 1 ? kOneTypoQuality : kTwoTyposQuality, true,
             tallies);
    }
  }
}

void SearchIndex::MatchCode(absl::string_view word,
                            std::vector<Tally>& tallies) const {
  constexpr size_t kCodeDigits = 3;
  if (word.size() > kCodeDigits) return;
  // Every prefix of the same length gets the same score, so "40" lists the
  // 40x codes in code order.
  const double quality = PrefixQuality(word.size(), kCodeDigits);
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (!absl::StartsWith(entries_[i].code, word)) continue;
    tallies[i].word_best = std::max(tallies[i].word_best, quality);
    tallies[i].word_covers[kCodePhrase] = static_cast<uint16_t>(word.size());
  }
}

void SearchIndex::Credit(const Term& term, double quality, bool typo,
                         std::vector<Tally>& tallies) {
  for (const Posting& posting : term.postings) {
    if (typo && !posting.typos) continue;
    Tally& tally = tallies[posting.entry];
    tally.word_best = std::max(tally.word_best, quality * posting.weight);
    if (posting.phrase != kNotAPhrase) {
      uint16_t& covers = tally.word_covers[posting.phrase];
      covers = std::max(covers, static_cast<uint16_t>(term.text.size()));
    }
  }
}

void SearchIndex::FinishWord(std::vector<Tally>& tallies) {
  for (Tally& tally : tallies) {
    tally.total += tally.word_best;
    for (int phrase = 0; phrase < kMaxPhrases; ++phrase) {
      tally.covered[phrase] += tally.word_covers[phrase];
      tally.word_covers[phrase] = 0;
    }
    tally.word_best = 0;
  }
}

double SearchIndex::Score(const IndexedEntry& entry, const Tally& tally,
                          int query_words) {
  // How much of its best-covered phrase the query names: 1 when the query
  // holds every word of a phrase, whatever else it holds. Counting bytes
  // rather than words makes a long word the query leaves out cost more than
  // a short one: "client closed" names more of "Client Closed Request" than
  // of "Client Closed Connection".
  double coverage = 0;
  for (int phrase = 0; phrase < kMaxPhrases; ++phrase) {
    if (entry.phrase_bytes[phrase] == 0) continue;
    const double covered =
        static_cast<double>(tally.covered[phrase]) / entry.phrase_bytes[phrase];
    coverage = std::max(coverage, std::min(1.0, covered));
  }
  // Each word's best match is at most 1, so the average is in (0, 1] for an
  // entry that matched at all, and so is the score.
  const double matched = tally.total / query_words;
  return matched * (1 - kCoverageShare * (1 - coverage));
}

}  // namespace statusinfo::core
