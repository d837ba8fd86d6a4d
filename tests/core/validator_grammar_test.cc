#include "service/core/validator_grammar.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace statusinfo::core {
namespace {

TEST(ValidatorGrammarTest, EntityTagFollowsTheAbnf) {
  EXPECT_TRUE(ParseEntityTag("\"xyzzy\"").has_value());
  EXPECT_TRUE(ParseEntityTag("\"\"").has_value());
  EXPECT_TRUE(ParseEntityTag("W/\"xyzzy\"")->weak);
  EXPECT_EQ(ParseEntityTag("W/\"a,b\"")->opaque, "a,b");
  // obs-text is allowed; DQUOTE, SP and controls are not.
  EXPECT_TRUE(ParseEntityTag("\"caf\xc3\xa9\"").has_value());
  for (const char* bad : {"xyzzy", "\"open", "w/\"lower\"", "W/xyzzy",
                          "\"a b\"", "\"a\"b\"", "\"a\" ", "", "W/"}) {
    EXPECT_FALSE(ParseEntityTag(bad).has_value()) << bad;
  }
}

TEST(ValidatorGrammarTest, ComparisonFunctionsFollowTheTable) {
  // RFC 9110, Section 8.8.3.2.
  const EntityTag weak1 = *ParseEntityTag("W/\"1\"");
  const EntityTag weak2 = *ParseEntityTag("W/\"2\"");
  const EntityTag strong1 = *ParseEntityTag("\"1\"");
  EXPECT_FALSE(StrongMatch(weak1, weak1));
  EXPECT_TRUE(WeakMatch(weak1, weak1));
  EXPECT_FALSE(StrongMatch(weak1, weak2));
  EXPECT_FALSE(WeakMatch(weak1, weak2));
  EXPECT_FALSE(StrongMatch(weak1, strong1));
  EXPECT_TRUE(WeakMatch(weak1, strong1));
  EXPECT_TRUE(StrongMatch(strong1, strong1));
}

TEST(ValidatorGrammarTest, EntityTagListsSpanLines) {
  const std::optional<EntityTagList> list =
      ParseEntityTagList({"\"a\", W/\"b\"", " ,\"c\""});
  ASSERT_TRUE(list.has_value());
  EXPECT_FALSE(list->any);
  ASSERT_EQ(list->tags.size(), 3u);
  EXPECT_EQ(list->tags[2].opaque, "c");
  EXPECT_TRUE(ParseEntityTagList({"*"})->any);
  // "*" with other members, bare tokens and empty lists are invalid.
  for (const std::vector<absl::string_view>& bad :
       std::vector<std::vector<absl::string_view>>{
           {"*, \"a\""}, {"*", "\"a\""}, {"a"}, {"\"a\" \"b\""}, {""}}) {
    EXPECT_FALSE(ParseEntityTagList(bad).has_value()) << bad[0];
  }
}

TEST(ValidatorGrammarTest, HttpDatesBecomeSeconds) {
  // The three formats of RFC 9110, Section 5.6.7 denote the same instant.
  const std::int64_t expected = 784111777;
  EXPECT_EQ(HttpDateSeconds("Sun, 06 Nov 1994 08:49:37 GMT"), expected);
  EXPECT_EQ(HttpDateSeconds("Sunday, 06-Nov-94 08:49:37 GMT"), expected);
  EXPECT_EQ(HttpDateSeconds("Sun Nov  6 08:49:37 1994"), expected);
  EXPECT_EQ(HttpDateSeconds("Mon, 07 Nov 1994 08:49:37 GMT"), expected + 86400);
  EXPECT_FALSE(HttpDateSeconds("0").has_value());
  EXPECT_FALSE(HttpDateSeconds("Sun, 06 Nov 1994 08:49:37 UTC").has_value());
}

TEST(ValidatorGrammarTest, ByteRangesParseAndResolve) {
  const auto specs = ParseByteRanges("bytes=0-499, 500-, -200");
  ASSERT_TRUE(specs.has_value());
  ASSERT_EQ(specs->size(), 3u);
  EXPECT_EQ(Resolve((*specs)[0], 10000)->last, 499u);
  EXPECT_EQ(Resolve((*specs)[1], 10000)->last, 9999u);
  EXPECT_EQ(Resolve((*specs)[2], 10000)->first, 9800u);
  // Section 14.1.2: first-pos at or past the length is unsatisfiable; a
  // suffix longer than the representation selects all of it.
  EXPECT_FALSE(Resolve((*specs)[1], 500).has_value());
  EXPECT_EQ(Resolve((*specs)[2], 100)->first, 0u);
  EXPECT_FALSE(Resolve(*ParseByteRanges("bytes=-0")->begin(), 10).has_value());
  for (const char* bad : {"bytes=5-4", "bytes=", "pages=1-2", "bytes=a-b",
                          "bytes=1", "bytes=99999999999999999999-"}) {
    EXPECT_FALSE(ParseByteRanges(bad).has_value()) << bad;
  }
}

TEST(ValidatorGrammarTest, DecimalsRefuseOverflow) {
  EXPECT_EQ(ParseDecimal("18446744073709551615"), UINT64_MAX);
  EXPECT_FALSE(ParseDecimal("18446744073709551616").has_value());
  EXPECT_FALSE(ParseDecimal("").has_value());
}

TEST(ValidatorGrammarTest, AllowIsAListOfTokens) {
  EXPECT_TRUE(IsAllowValue("GET, HEAD, PUT"));
  EXPECT_TRUE(IsAllowValue(""));
  EXPECT_FALSE(IsAllowValue("GET HEAD"));
  EXPECT_FALSE(IsAllowValue("GET, (HEAD)"));
}

TEST(ValidatorGrammarTest, UriReferencesAreAscii) {
  for (const char* good : {"/People.html#tim", "http://example.net/a?b=c",
                           "../x;y", "%C3%A9", "", "http://[::1]:80/"}) {
    EXPECT_TRUE(IsUriReference(good)) << good;
  }
  for (const char* bad : {"/caf\xc3\xa9", "/a b", "/a#b#c", "/%zz", "/%4",
                          "/a\"b", "/a<b>", "/a\\b"}) {
    EXPECT_FALSE(IsUriReference(bad)) << bad;
  }
}

}  // namespace
}  // namespace statusinfo::core
