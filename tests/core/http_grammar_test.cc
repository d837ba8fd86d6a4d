#include "service/core/http_grammar.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace statusinfo::core {
namespace {

using ::testing::ElementsAre;

TEST(HttpGrammarTest, TokensAreTcharsOnly) {
  EXPECT_TRUE(IsToken("Content-Type"));
  EXPECT_TRUE(IsToken("x!#$%&'*+-.^_`|~09"));
  EXPECT_FALSE(IsToken(""));
  EXPECT_FALSE(IsToken("Content Type"));
  EXPECT_FALSE(IsToken("Content-Type:"));
  EXPECT_FALSE(IsToken("a\"b"));
  EXPECT_FALSE(IsToken(std::string("a\0b", 3)));
  EXPECT_FALSE(IsToken("caf\xc3\xa9"));
  for (char delimiter : std::string("\"(),/:;<=>?@[\\]{}")) {
    EXPECT_FALSE(IsTchar(delimiter)) << delimiter;
  }
}

TEST(HttpGrammarTest, OwsIsSpaceAndTabOnly) {
  EXPECT_TRUE(IsOws(' '));
  EXPECT_TRUE(IsOws('\t'));
  EXPECT_FALSE(IsOws('\r'));
  EXPECT_FALSE(IsOws('\n'));
  EXPECT_FALSE(IsOws('\v'));
  EXPECT_EQ(TrimOws(" \t text/html \t"), "text/html");
  EXPECT_EQ(TrimOws("a b"), "a b");
  // A line break is not OWS: it stays, for the field-value check to see.
  EXPECT_EQ(TrimOws("\r\nx\n"), "\r\nx\n");
  EXPECT_EQ(TrimOws(" \t "), "");
}

TEST(HttpGrammarTest, FieldValuesRejectCrLfNulFirst) {
  EXPECT_EQ(CheckFieldValue("text/html; charset=utf-8").problem,
            FieldValueProblem::kNone);
  EXPECT_EQ(CheckFieldValue("a\tb \x80\xff").problem, FieldValueProblem::kNone);
  const FieldValueCheck crlf = CheckFieldValue(
      "a\x01"
      "b\r\nX: y");
  EXPECT_EQ(crlf.problem, FieldValueProblem::kCrLfNul);
  EXPECT_EQ(crlf.offset, 3u);
  EXPECT_EQ(crlf.octet, '\r');
  const FieldValueCheck nul = CheckFieldValue(std::string("ab\0", 3));
  EXPECT_EQ(nul.problem, FieldValueProblem::kCrLfNul);
  EXPECT_EQ(nul.octet, '\0');
  const FieldValueCheck control = CheckFieldValue("ab\x7f");
  EXPECT_EQ(control.problem, FieldValueProblem::kControl);
  EXPECT_EQ(control.offset, 2u);
}

TEST(HttpGrammarTest, DigitsAndDecimalComparison) {
  EXPECT_TRUE(IsDigits("0"));
  EXPECT_TRUE(IsDigits("123456789012345678901234567890"));
  EXPECT_FALSE(IsDigits(""));
  EXPECT_FALSE(IsDigits("-1"));
  EXPECT_FALSE(IsDigits("1 "));
  EXPECT_EQ(CompareDecimal("42", "042"), 0);
  EXPECT_LT(CompareDecimal("9", "10"), 0);
  EXPECT_GT(CompareDecimal("100000000000000000000", "99999999999999999999"), 0);
  EXPECT_EQ(CompareDecimal("0", "000"), 0);
}

TEST(HttpGrammarTest, HttpDateFormats) {
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"),
            DateFormat::kImfFixdate);
  EXPECT_EQ(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"),
            DateFormat::kRfc850);
  EXPECT_EQ(ParseHttpDate("Sun Nov  6 08:49:37 1994"), DateFormat::kAsctime);
  EXPECT_EQ(ParseHttpDate("Sun Nov 16 08:49:37 1994"), DateFormat::kAsctime);
  // Leap second allowed; hour 24 is not.
  EXPECT_EQ(ParseHttpDate("Wed, 31 Dec 2016 23:59:60 GMT"),
            DateFormat::kImfFixdate);
  for (const char* bad :
       {"", "0", "Sun, 06 Nov 1994 24:00:00 GMT",
        "sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 6 Nov 1994 08:49:37 GMT", "Sun,  06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT ", "Sun, 00 Nov 1994 08:49:37 GMT",
        "2024-01-01T00:00:00Z", "Sun, 06 Nov 1994 08:49"}) {
    EXPECT_EQ(ParseHttpDate(bad), DateFormat::kInvalid) << bad;
  }
}

TEST(HttpGrammarTest, ContentRangeForms) {
  std::optional<ContentRange> range = ParseContentRange("bytes 42-1233/1234");
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->unit, "bytes");
  EXPECT_FALSE(range->unsatisfied);
  EXPECT_EQ(range->first_pos, "42");
  EXPECT_EQ(range->last_pos, "1233");
  EXPECT_EQ(range->complete_length, "1234");

  range = ParseContentRange("bytes 42-1233/*");
  ASSERT_TRUE(range.has_value());
  EXPECT_TRUE(range->complete_length.empty());

  range = ParseContentRange("bytes */47022");
  ASSERT_TRUE(range.has_value());
  EXPECT_TRUE(range->unsatisfied);
  EXPECT_EQ(range->complete_length, "47022");

  for (const char* bad :
       {"", "bytes", "bytes 0-499", "bytes=0-499/1234", "bytes 500-499/1234",
        "bytes 0-1234/1234", "bytes */*", "bytes */", "bytes -5/10",
        "by tes 0-1/2", "bytes 0-1/2 ", "bytes a-b/c"}) {
    EXPECT_FALSE(ParseContentRange(bad).has_value()) << bad;
  }
}

TEST(HttpGrammarTest, ListMembersSkipEmptyElementsAndTrim) {
  std::vector<std::string> members;
  ForEachListMember(" gzip ,, chunked,", [&](absl::string_view member) {
    members.emplace_back(member);
    return true;
  });
  EXPECT_THAT(members, ElementsAre("gzip", "chunked"));
  EXPECT_TRUE(ListContainsToken("keep-alive, Upgrade", "upgrade"));
  EXPECT_FALSE(ListContainsToken("keep-alive, upgrades", "upgrade"));
  EXPECT_FALSE(ListContainsToken("", "upgrade"));
}

TEST(HttpGrammarTest, ListCommasInsideQuotedStringsDoNotSplit) {
  std::vector<std::string> members;
  ForEachListMember(R"(W/"a,b", "c\",d", e)", [&](absl::string_view member) {
    members.emplace_back(member);
    return true;
  });
  EXPECT_THAT(members, ElementsAre(R"(W/"a,b")", R"("c\",d")", "e"));
  EXPECT_EQ(FindListComma(R"("x,y")"), absl::string_view::npos);
  EXPECT_EQ(FindListComma(R"("x\"",y)"), 5u);
  // An unterminated quoted-string runs to the end.
  EXPECT_EQ(FindListComma(R"(a"b,c)"), absl::string_view::npos);
}

TEST(HttpGrammarTest, MediaTypeAndProtocolNames) {
  EXPECT_TRUE(
      HasMediaType("Multipart/ByteRanges; boundary=x", "multipart/byteranges"));
  EXPECT_TRUE(HasMediaType("multipart/byteranges", "multipart/byteranges"));
  EXPECT_FALSE(HasMediaType("multipart/x-byteranges; boundary=x",
                            "multipart/byteranges"));
  EXPECT_FALSE(HasMediaType("", "multipart/byteranges"));
  EXPECT_EQ(ProtocolName("HTTP/2.0"), "HTTP");
  EXPECT_EQ(ProtocolName("websocket"), "websocket");
}

TEST(HttpGrammarTest, RangeRequestsCountRangeSpecs) {
  RangeRequest range = ParseRangeRequest("bytes=0-499");
  EXPECT_EQ(range.unit, "bytes");
  EXPECT_EQ(range.range_count, 1);
  EXPECT_EQ(ParseRangeRequest("bytes= 0-999, 4500-5499, -1000").range_count, 3);
  EXPECT_EQ(ParseRangeRequest("garbage").range_count, 0);
  EXPECT_TRUE(ParseRangeRequest("garbage").unit.empty());
}

TEST(HttpGrammarTest, HttpVersionIsCaseSensitive) {
  EXPECT_TRUE(IsHttpVersion("HTTP/1.1"));
  EXPECT_TRUE(IsHttpVersion("HTTP/1.0"));
  EXPECT_TRUE(IsHttpVersion("HTTP/9.9"));
  EXPECT_FALSE(IsHttpVersion("http/1.1"));
  EXPECT_FALSE(IsHttpVersion("HTTP/2"));
  EXPECT_FALSE(IsHttpVersion("HTTP/1.10"));
  EXPECT_FALSE(IsHttpVersion("HTTP/1,1"));
  EXPECT_FALSE(IsHttpVersion(""));
}

}  // namespace
}  // namespace statusinfo::core
