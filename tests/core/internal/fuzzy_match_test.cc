#include "service/core/internal/fuzzy_match.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace statusinfo::core {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(TokenizeTest, LowerCasesAndSplitsOnPunctuationAndSpace) {
  EXPECT_THAT(Tokenize("Request-URI Too Long!"),
              ElementsAre("request", "uri", "too", "long"));
  EXPECT_THAT(Tokenize("  404\tNot_Found  "),
              ElementsAre("404", "not", "found"));
}

TEST(TokenizeTest, DropsApostrophes) {
  EXPECT_THAT(Tokenize("I'm a teapot"), ElementsAre("im", "a", "teapot"));
}

TEST(TokenizeTest, KeepsNonAsciiBytesAndSplitsOnControlCharacters) {
  EXPECT_THAT(Tokenize("caf\xc3\xa9\x01\xff\xfe"),
              ElementsAre("caf\xc3\xa9", "\xff\xfe"));
  EXPECT_THAT(Tokenize(std::string("a\0b", 3)), ElementsAre("a", "b"));
}

TEST(TokenizeTest, NothingButSeparatorsGivesNoWords) {
  EXPECT_THAT(Tokenize(""), IsEmpty());
  EXPECT_THAT(Tokenize(" -!?\x7f\n"), IsEmpty());
}

TEST(MaxTyposTest, GrowsWithLength) {
  EXPECT_EQ(MaxTypos(3), 0);
  EXPECT_EQ(MaxTypos(4), 1);
  EXPECT_EQ(MaxTypos(7), 1);
  EXPECT_EQ(MaxTypos(8), 2);
  EXPECT_EQ(MaxTypos(20), 2);
}

TEST(BoundedEditDistanceTest, CountsEachKindOfEditOnce) {
  EXPECT_EQ(BoundedEditDistance("found", "found", 2), 0);
  EXPECT_EQ(BoundedEditDistance("fuond", "found", 2), 1);   // transposition
  EXPECT_EQ(BoundedEditDistance("fond", "found", 2), 1);    // insertion
  EXPECT_EQ(BoundedEditDistance("foundd", "found", 2), 1);  // deletion
  EXPECT_EQ(BoundedEditDistance("fround", "found", 2), 1);  // deletion
  EXPECT_EQ(BoundedEditDistance("bound", "found", 2), 1);   // substitution
  EXPECT_EQ(BoundedEditDistance("gatewya", "gateway", 2), 1);
  EXPECT_EQ(BoundedEditDistance("", "abc", 3), 3);
}

TEST(BoundedEditDistanceTest, StopsAtTheBound) {
  EXPECT_EQ(BoundedEditDistance("fuond", "bound", 1), 2);
  EXPECT_EQ(BoundedEditDistance("teapot", "request", 2), 3);
  EXPECT_EQ(BoundedEditDistance("a", "abcdefgh", 2), 3);
  EXPECT_EQ(BoundedEditDistance("requests", "reqeusst", 2), 2);
}

TEST(BoundedEditDistanceTest, IsSymmetric) {
  for (const char* a : {"timeout", "gateway", "fuond", "x"}) {
    for (const char* b : {"timeuot", "getaway", "found", "xy"}) {
      EXPECT_EQ(BoundedEditDistance(a, b, 2), BoundedEditDistance(b, a, 2))
          << a << " " << b;
    }
  }
}

// The textbook optimal-string-alignment distance, with a full table.
int ReferenceDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<int>> d(a.size() + 1,
                                  std::vector<int>(b.size() + 1, 0));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

TEST(BoundedEditDistanceTest, AgreesWithTheFullTable) {
  // Short words over three letters, so that close pairs are common.
  std::mt19937 random(7);
  auto word = [&random] {
    std::string w(std::uniform_int_distribution<int>(0, 9)(random), 'a');
    for (char& c : w)
      c = "abc"[std::uniform_int_distribution<int>(0, 2)(random)];
    return w;
  };
  for (int i = 0; i < 20000; ++i) {
    const std::string a = word();
    const std::string b = word();
    const int max_distance = i % 4;
    const int expected = std::min(ReferenceDistance(a, b), max_distance + 1);
    ASSERT_EQ(BoundedEditDistance(a, b, max_distance), expected)
        << a << " " << b << " " << max_distance;
    ASSERT_LE(MaskDistance(ByteMask(a), ByteMask(b)),
              2 * ReferenceDistance(a, b))
        << a << " " << b;
  }
}

TEST(BoundedEditDistanceTest, TooLongWordsAreNeverClose) {
  const std::string long_word(kMaxFuzzyWordBytes + 1, 'a');
  EXPECT_EQ(BoundedEditDistance(long_word, long_word, 2), 3);
  const std::string longest(kMaxFuzzyWordBytes, 'a');
  EXPECT_EQ(BoundedEditDistance(longest, longest, 2), 0);
}

TEST(ByteMaskTest, WordsWithinKEditsDifferInAtMost2KBits) {
  EXPECT_EQ(ByteMask("abc"), ByteMask("cab"));
  EXPECT_EQ(MaskDistance(ByteMask("found"), ByteMask("bound")), 2);
  EXPECT_EQ(MaskDistance(0xffffffffu, 0), 32);
  EXPECT_EQ(MaskDistance(0x80000001u, 1), 1);
  EXPECT_EQ(ByteMask(""), 0u);
  EXPECT_NE(ByteMask("\xff"), 0u);
}

TEST(IsNumberTest, AcceptsOnlyAsciiDigits) {
  EXPECT_TRUE(IsNumber("404"));
  EXPECT_TRUE(IsNumber("4"));
  EXPECT_FALSE(IsNumber(""));
  EXPECT_FALSE(IsNumber("4o4"));
  EXPECT_FALSE(IsNumber("-4"));
}

}  // namespace
}  // namespace statusinfo::core
