#include "service/core/search.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/core/errors.h"

namespace statusinfo::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The codes of the results, best first.
std::vector<int> CodesOf(const v1::SearchStatusCodesResponse& response) {
  std::vector<int> codes;
  for (const v1::ScoredStatusCode& result : response.results()) {
    codes.push_back(result.status_code().code());
  }
  return codes;
}

// "404 (0.85), 304 (0.54), ..." for failure messages.
std::string Describe(const v1::SearchStatusCodesResponse& response) {
  return absl::StrJoin(response.results(), ", ",
                       [](std::string* out, const v1::ScoredStatusCode& r) {
                         absl::StrAppend(out, r.status_code().code(), " (",
                                         r.score(), ")");
                       });
}

std::string FieldOf(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  auto payload = status.GetPayload(kBadRequestTypeUrl);
  if (payload.has_value()) bad_request.ParseFromString(std::string(*payload));
  return bad_request.field_violations_size() == 1
             ? bad_request.field_violations(0).field()
             : "";
}

// Checks the contract every response keeps: scores in (0, 1], best first.
void ExpectWellFormed(const v1::SearchStatusCodesResponse& response) {
  double previous = 1.0;
  for (const v1::ScoredStatusCode& result : response.results()) {
    EXPECT_GT(result.score(), 0.0) << Describe(response);
    EXPECT_LE(result.score(), previous) << Describe(response);
    previous = result.score();
  }
}

class SearchIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<Catalog> catalog = LoadCatalog("");
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    catalog_ = new Catalog(*std::move(catalog));
    index_ = new SearchIndex(*catalog_);
  }
  void SetUp() override {
    ASSERT_NE(index_, nullptr) << "the built-in catalog did not load";
  }
  static void TearDownTestSuite() {
    delete index_;
    delete catalog_;
  }

  static const Catalog& catalog() { return *catalog_; }

  static absl::StatusOr<v1::SearchStatusCodesResponse> Search(
      const std::string& query, int page_size = 0) {
    v1::SearchStatusCodesRequest request;
    request.set_query(query);
    request.set_page_size(page_size);
    return index_->Search(request);
  }

  // Searches for `query`, expecting success and a well-formed response.
  static v1::SearchStatusCodesResponse Results(const std::string& query,
                                               int page_size = 0) {
    absl::StatusOr<v1::SearchStatusCodesResponse> response =
        Search(query, page_size);
    EXPECT_TRUE(response.ok()) << query << ": " << response.status();
    if (!response.ok()) return {};
    ExpectWellFormed(*response);
    return *std::move(response);
  }

  // The code of the best result for `query`, or 0 when there is none.
  static int Top(const std::string& query) {
    v1::SearchStatusCodesResponse response = Results(query);
    return response.results().empty()
               ? 0
               : response.results(0).status_code().code();
  }

 private:
  static const Catalog* catalog_;
  static const SearchIndex* index_;
};

const Catalog* SearchIndexTest::catalog_ = nullptr;
const SearchIndex* SearchIndexTest::index_ = nullptr;

TEST_F(SearchIndexTest, FindsReasonPhrases) {
  EXPECT_EQ(Top("not found"), 404) << Describe(Results("not found"));
  EXPECT_EQ(Top("too many requests"), 429)
      << Describe(Results("too many requests"));
  EXPECT_EQ(Top("gateway timeout"), 504)
      << Describe(Results("gateway timeout"));
}

TEST_F(SearchIndexTest, ExactPhraseScoresOne) {
  v1::SearchStatusCodesResponse response = Results("Too Many Requests");
  ASSERT_FALSE(response.results().empty());
  EXPECT_EQ(response.results(0).score(), 1.0) << Describe(response);
}

TEST_F(SearchIndexTest, ToleratesTypos) {
  EXPECT_EQ(Top("not fuond"), 404) << Describe(Results("not fuond"));
  EXPECT_EQ(Top("gatway timeuot"), 504) << Describe(Results("gatway timeuot"));
  EXPECT_EQ(Top("too many reqeusst"), 429)
      << Describe(Results("too many reqeusst"));
}

TEST_F(SearchIndexTest, IgnoresCase) {
  v1::SearchStatusCodesResponse lower = Results("not found");
  v1::SearchStatusCodesResponse upper = Results("NOT FOUND");
  EXPECT_EQ(CodesOf(lower), CodesOf(upper));
  ASSERT_FALSE(upper.results().empty());
  EXPECT_EQ(upper.results(0).score(), lower.results(0).score());
}

TEST_F(SearchIndexTest, FindsTeapotByKeywordAndFormerPhrase) {
  EXPECT_EQ(Top("teapot"), 418) << Describe(Results("teapot"));
  EXPECT_EQ(Top("I'm a teapot"), 418) << Describe(Results("I'm a teapot"));
  EXPECT_EQ(Top("TEAPOT"), 418);
}

TEST_F(SearchIndexTest, FindsFormerPhrases) {
  EXPECT_EQ(Top("payload too large"), 413)
      << Describe(Results("payload too large"));
  EXPECT_EQ(Top("request entity too large"), 413)
      << Describe(Results("request entity too large"));
}

TEST_F(SearchIndexTest, IncludesUnofficialCodes) {
  // 460 "Client Closed Connection" (AWS) matches "client closed" as well; the
  // query names more of nginx's shorter phrase.
  EXPECT_EQ(Top("client closed"), 499) << Describe(Results("client closed"));
  EXPECT_EQ(Top("client closed request"), 499);
  EXPECT_EQ(Top("enhance your calm"), 420);
}

TEST_F(SearchIndexTest, FindsUnfinishedWords) {
  EXPECT_EQ(Top("teap"), 418) << Describe(Results("teap"));
  EXPECT_EQ(Top("too many req"), 429) << Describe(Results("too many req"));
}

TEST_F(SearchIndexTest, NumberPrefixListsMatchingCodesInCodeOrder) {
  std::vector<int> expected;
  for (const v1::StatusCode* entry : catalog().entries()) {
    if (absl::StartsWith(absl::StrCat(entry->code()), "40")) {
      expected.push_back(entry->code());
    }
  }
  ASSERT_GE(expected.size(), 9u);
  v1::SearchStatusCodesResponse response = Results("40", kMaxSearchResults);
  std::vector<int> codes = CodesOf(response);
  ASSERT_GE(codes.size(), expected.size()) << Describe(response);
  codes.resize(expected.size());
  EXPECT_EQ(codes, expected) << Describe(response);
}

TEST_F(SearchIndexTest, SingleDigitListsItsClassInCodeOrder) {
  v1::SearchStatusCodesResponse response = Results("5", kMaxSearchResults);
  std::vector<int> codes = CodesOf(response);
  ASSERT_FALSE(codes.empty());
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end())) << Describe(response);
  for (int code : codes) EXPECT_EQ(code / 100, 5) << Describe(response);
}

TEST_F(SearchIndexTest, FullNumberFindsItsCodeFirst) {
  v1::SearchStatusCodesResponse response = Results("404");
  ASSERT_FALSE(response.results().empty());
  EXPECT_EQ(response.results(0).status_code().code(), 404)
      << Describe(response);
  EXPECT_EQ(response.results(0).score(), 1.0);
  EXPECT_EQ(Top("404 not found"), 404);
  EXPECT_EQ(Top("418"), 418);
}

TEST_F(SearchIndexTest, NumberThatIsNoCodeFindsNoCode) {
  EXPECT_THAT(CodesOf(Results("4040")), IsEmpty());
  EXPECT_THAT(CodesOf(Results("6")), IsEmpty());
}

// Whether `word` is one of the words of `phrase`, or with `prefix` the start
// of one.
bool HasWord(absl::string_view phrase, absl::string_view word, bool prefix) {
  for (absl::string_view w : absl::StrSplit(phrase, absl::ByAnyChar(" -'"))) {
    const std::string lower = absl::AsciiStrToLower(w);
    if (prefix ? absl::StartsWith(lower, word) : lower == word) return true;
  }
  return false;
}

// Whether `word` starts a word of the entry's phrase, former phrases or
// keywords: then it is named by the entry, not just mentioned.
bool NamesWord(const v1::StatusCode& entry, absl::string_view word) {
  if (HasWord(entry.reason_phrase(), word, true)) return true;
  for (const std::string& phrase : entry.former_phrases()) {
    if (HasWord(phrase, word, true)) return true;
  }
  for (const std::string& keyword : entry.keywords()) {
    if (HasWord(keyword, word, true)) return true;
  }
  return false;
}

TEST_F(SearchIndexTest, PhraseMatchesOutrankDescriptionMatches) {
  for (const char* word : {"gateway", "timeout", "request", "found", "large"}) {
    v1::SearchStatusCodesResponse response = Results(word, kMaxSearchResults);
    bool seen_unnamed = false;
    for (const v1::ScoredStatusCode& result : response.results()) {
      const v1::StatusCode& entry = result.status_code();
      if (!NamesWord(entry, word)) seen_unnamed = true;
      EXPECT_FALSE(HasWord(entry.reason_phrase(), word, false) && seen_unnamed)
          << word << ": " << entry.code()
          << " ranks below an entry that only mentions the word: "
          << Describe(response);
    }
  }
}

TEST_F(SearchIndexTest, WholePhraseOutranksPartOfALongerOne) {
  // "Timeout" is half of "Gateway Timeout" and "Request Timeout", less of
  // "A Timeout Occurred".
  std::vector<int> codes = CodesOf(Results("timeout"));
  auto rank = [&](int code) {
    return std::find(codes.begin(), codes.end(), code) - codes.begin();
  };
  if (catalog().Find(524) != nullptr) {
    EXPECT_LT(rank(504), rank(524));
  }
  EXPECT_LT(rank(408), rank(504));  // Equal scores: code order.
}

TEST_F(SearchIndexTest, ScoresAreInRangeAndNonIncreasing) {
  for (const char* query :
       {"not found", "not fuond", "teapot", "40", "4", "server error",
        "request", "the", "timeout retry", "a b c d e f", "x"}) {
    SCOPED_TRACE(query);
    Results(query, kMaxSearchResults);  // Checks the scores.
  }
}

TEST_F(SearchIndexTest, NoMatchIsAnEmptyListNotAnError) {
  EXPECT_THAT(CodesOf(Results("zzqxjvw")), IsEmpty());
  EXPECT_THAT(CodesOf(Results("!!! ??? ...")), IsEmpty());
}

TEST_F(SearchIndexTest, PageSizeZeroMeansTheDefault) {
  EXPECT_EQ(Results("4", 0).results_size(), kDefaultSearchResults);
  EXPECT_EQ(Results("4", 3).results_size(), 3);
  EXPECT_THAT(CodesOf(Results("4", 3)), ElementsAre(400, 401, 402));
}

TEST_F(SearchIndexTest, PageSizeAboveTheMaximumIsClamped) {
  // Every code starts with one of these digits, so all entries match.
  const int all = static_cast<int>(catalog().entries().size());
  const int expected = std::min(all, kMaxSearchResults);
  EXPECT_EQ(Results("1 2 3 4 5", kMaxSearchResults + 1).results_size(),
            expected);
  EXPECT_EQ(Results("1 2 3 4 5", INT32_MAX).results_size(), expected);
}

TEST_F(SearchIndexTest, EmptyQueryIsInvalid) {
  for (const char* query : {"", " ", " \t\n\r\v\f "}) {
    absl::StatusOr<v1::SearchStatusCodesResponse> response = Search(query);
    ASSERT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument)
        << "'" << query << "'";
    EXPECT_EQ(FieldOf(response.status()), "query");
    EXPECT_EQ(ErrorReason(response.status()), "EMPTY_QUERY");
    EXPECT_THAT(response.status().message(), HasSubstr("query: "));
  }
}

TEST_F(SearchIndexTest, QueryOfTheMaximumLengthIsAccepted) {
  std::string query = "not found ";
  query.resize(kMaxQueryBytes, 'x');
  ASSERT_EQ(query.size(), 256u);
  EXPECT_TRUE(Search(query).ok()) << Search(query).status();
  EXPECT_TRUE(Search(std::string(256, 'a')).ok());
}

TEST_F(SearchIndexTest, LongerQueryIsInvalidNamingTheLimit) {
  absl::StatusOr<v1::SearchStatusCodesResponse> response =
      Search(std::string(kMaxQueryBytes + 1, 'a'));
  ASSERT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(response.status()), "query");
  EXPECT_EQ(ErrorReason(response.status()), "QUERY_TOO_LONG");
  EXPECT_THAT(response.status().message(), HasSubstr("256"));
  EXPECT_THAT(response.status().message(), HasSubstr("257"));
}

TEST_F(SearchIndexTest, NegativePageSizeIsInvalid) {
  for (int page_size : {-1, INT32_MIN}) {
    absl::StatusOr<v1::SearchStatusCodesResponse> response =
        Search("not found", page_size);
    ASSERT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(FieldOf(response.status()), "page_size");
    EXPECT_EQ(ErrorReason(response.status()), "NEGATIVE_PAGE_SIZE");
    EXPECT_THAT(response.status().message(),
                HasSubstr(absl::StrCat(page_size)));
  }
}

TEST_F(SearchIndexTest, GarbageBytesDoNotCrash) {
  EXPECT_TRUE(Search("\xff\xfe\xfd").ok());
  EXPECT_TRUE(Search(std::string("not\0found", 9)).ok());
  // Control characters separate words like spaces do.
  const std::string controls = "not\x01\x02";
  EXPECT_EQ(Top(controls + "found\x7f"), 404);
  EXPECT_TRUE(Search("\xc3\x28 \xe2\x82 \xf0\x90\x28\xbc timeout").ok());
  // Random bytes of every length up to the limit.
  std::mt19937 random(42);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int length = 1; length <= kMaxQueryBytes; ++length) {
    std::string query(length, '\0');
    for (char& c : query) c = static_cast<char>(byte(random));
    absl::StatusOr<v1::SearchStatusCodesResponse> response = Search(query);
    if (response.ok()) {
      ExpectWellFormed(*response);
    } else {
      // Only an all-whitespace query may be refused.
      EXPECT_EQ(ErrorReason(response.status()), "EMPTY_QUERY");
    }
  }
}

TEST_F(SearchIndexTest, ResultsCarryTheWholeEntry) {
  v1::SearchStatusCodesResponse response = Results("not found");
  ASSERT_FALSE(response.results().empty());
  const v1::StatusCode& entry = response.results(0).status_code();
  EXPECT_EQ(entry.SerializeAsString(),
            catalog().Find(404)->SerializeAsString());
}

// The ranking rules, on hand-made catalogs whose words are known.
v1::StatusCode Entry(int code, const char* phrase, const char* description) {
  v1::StatusCode entry;
  entry.set_code(code);
  entry.set_reason_phrase(phrase);
  entry.set_description(description);
  entry.set_registry_status(v1::REGISTRY_STATUS_REGISTERED);
  return entry;
}

// The codes found for `query` in a catalog of `entries`.
std::vector<int> SearchIn(std::vector<v1::StatusCode> entries,
                          const std::string& query) {
  v1::StatusCatalog data;
  for (v1::StatusCode& entry : entries) {
    *data.add_status_codes() = std::move(entry);
  }
  absl::StatusOr<Catalog> catalog = Catalog::Create(std::move(data));
  EXPECT_TRUE(catalog.ok()) << catalog.status();
  if (!catalog.ok()) return {};
  SearchIndex index(*catalog);
  v1::SearchStatusCodesRequest request;
  request.set_query(query);
  absl::StatusOr<v1::SearchStatusCodesResponse> response =
      index.Search(request);
  EXPECT_TRUE(response.ok()) << response.status();
  if (!response.ok()) return {};
  ExpectWellFormed(*response);
  return CodesOf(*response);
}

TEST_F(SearchIndexTest, RanksPhraseThenFormerPhraseThenKeywordThenText) {
  std::vector<v1::StatusCode> entries = {
      Entry(201, "Other", "Mentions the widget here."),
      Entry(202, "Other Too", "Nothing to see."),
      Entry(203, "Third", "Nothing to see."),
      Entry(204, "Widget", "Nothing to see."),
  };
  entries[1].add_keywords("widget");
  entries[2].add_former_phrases("Widget");
  EXPECT_THAT(SearchIn(entries, "widget"), ElementsAre(204, 203, 202, 201));
}

TEST_F(SearchIndexTest, TyposMatchNamesAndSummariesButNotDescriptions) {
  std::vector<v1::StatusCode> entries = {
      Entry(201, "Widget", ""),
      Entry(202, "Other", "Mentions the widget here."),
      Entry(203, "Third", ""),
  };
  entries[2].set_summary("A widget summary.");
  EXPECT_THAT(SearchIn(entries, "wigdet"), ElementsAre(201, 203));
  EXPECT_THAT(SearchIn(entries, "widget"), ElementsAre(201, 203, 202));
}

TEST_F(SearchIndexTest, RegisteredCodeOutranksUnofficialOneThatMatchesAsWell) {
  std::vector<v1::StatusCode> entries = {
      Entry(420, "Slow Down", ""),
      Entry(429, "Slow Down", ""),
  };
  entries[0].set_registry_status(v1::REGISTRY_STATUS_UNOFFICIAL);
  EXPECT_THAT(SearchIn(entries, "slow down"), ElementsAre(429, 420));
  // The same on the built-in catalog, where both 420 and 429 have the
  // keywords "rate limit".
  EXPECT_EQ(Top("rate limit"), 429) << Describe(Results("rate limit"));
}

TEST_F(SearchIndexTest, EmptyCatalogFindsNothing) {
  EXPECT_THAT(SearchIn({}, "anything at all 404"), IsEmpty());
}

}  // namespace
}  // namespace statusinfo::core
