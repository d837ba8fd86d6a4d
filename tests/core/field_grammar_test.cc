#include "service/core/field_grammar.h"

#include "gtest/gtest.h"

namespace statusinfo::core {
namespace {

TEST(FieldGrammarTest, MediaTypeNeedsTypeSlashSubtype) {
  EXPECT_TRUE(IsMediaType("text/html"));
  EXPECT_TRUE(IsMediaType("application/vnd.api+json"));
  EXPECT_FALSE(IsMediaType(""));
  EXPECT_FALSE(IsMediaType("text"));
  EXPECT_FALSE(IsMediaType("text/"));
  EXPECT_FALSE(IsMediaType("text /html"));
  EXPECT_FALSE(IsMediaType("text/html/x"));
}

TEST(FieldGrammarTest, MediaTypeParametersAreNameEqualsValue) {
  EXPECT_TRUE(IsMediaType("text/html; charset=utf-8"));
  EXPECT_TRUE(IsMediaType("text/html;charset=\"utf-8\" ; q=1"));
  // Empty parameters are allowed: *( OWS ";" OWS [ parameter ] ).
  EXPECT_TRUE(IsMediaType("text/html;"));
  EXPECT_TRUE(IsMediaType("text/html; ; charset=utf-8"));
  EXPECT_TRUE(IsMediaType("multipart/byteranges; boundary=\"a b,c\""));
  EXPECT_FALSE(IsMediaType("text/html; charset"));
  EXPECT_FALSE(IsMediaType("text/html; charset = utf-8"));
  EXPECT_FALSE(IsMediaType("text/html; charset=\"utf-8"));
  EXPECT_FALSE(IsMediaType("text/html charset=utf-8"));
  EXPECT_FALSE(IsMediaType("text/html; charset=a b"));
}

TEST(FieldGrammarTest, VaryIsStarOrFieldNames) {
  EXPECT_TRUE(IsVaryValue("*"));
  EXPECT_TRUE(IsVaryValue("Accept-Encoding"));
  EXPECT_TRUE(IsVaryValue("accept-encoding,accept-language , Origin"));
  EXPECT_TRUE(IsVaryValue(""));
  EXPECT_TRUE(IsVaryValue("Accept, , Origin"));
  EXPECT_FALSE(IsVaryValue("Accept Encoding"));
  EXPECT_FALSE(IsVaryValue("Accept; Origin"));
  EXPECT_FALSE(IsVaryValue("\"Accept\""));
}

TEST(FieldGrammarTest, UpgradeIsProtocolsWithOptionalVersions) {
  EXPECT_TRUE(IsUpgradeValue("websocket"));
  EXPECT_TRUE(IsUpgradeValue("HTTP/2.0, SHTTP/1.3, IRC/6.9, RTA/x11"));
  EXPECT_FALSE(IsUpgradeValue("websocket 13"));
  EXPECT_FALSE(IsUpgradeValue("HTTP/"));
  EXPECT_FALSE(IsUpgradeValue("HTTP/2/0"));
}

TEST(FieldGrammarTest, ConnectionIsTokens) {
  EXPECT_TRUE(IsConnectionValue("keep-alive"));
  EXPECT_TRUE(IsConnectionValue("Upgrade, close"));
  EXPECT_FALSE(IsConnectionValue("keep-alive; close"));
  EXPECT_FALSE(IsConnectionValue("close keep-alive"));
}

TEST(FieldGrammarTest, CacheControlDirectivesTakeTokenOrQuotedString) {
  EXPECT_TRUE(IsCacheControl("no-store"));
  EXPECT_TRUE(IsCacheControl("public, max-age=3600, s-maxage=\"60\""));
  EXPECT_TRUE(IsCacheControl("private=\"Set-Cookie, X-Id\", no-cache"));
  EXPECT_FALSE(IsCacheControl("max-age=60 public"));
  EXPECT_FALSE(IsCacheControl("max-age="));
  EXPECT_FALSE(IsCacheControl("max-age = 60"));
  EXPECT_FALSE(IsCacheControl("no-cache=\"Set-Cookie"));
  EXPECT_FALSE(IsCacheControl("max-age=60; public"));
}

TEST(FieldGrammarTest, ChallengesHaveSchemeThenToken68OrParameters) {
  EXPECT_TRUE(IsChallengeList("Basic"));
  EXPECT_TRUE(IsChallengeList("Basic realm=\"statusinfo test\""));
  EXPECT_TRUE(
      IsChallengeList("Basic realm=\"a, b\", charset=\"UTF-8\", Bearer"));
  EXPECT_TRUE(IsChallengeList("Bearer realm = example, error=invalid_token"));
  EXPECT_TRUE(IsChallengeList("Negotiate a0B+/9=="));
  EXPECT_TRUE(IsChallengeList("Negotiate abc=, Basic realm=x"));
  EXPECT_FALSE(IsChallengeList("realm=\"x\", Basic"));
  EXPECT_FALSE(IsChallengeList("Basic realm=\"x"));
  EXPECT_FALSE(IsChallengeList("Basic realm=\"x\" charset=y"));
  EXPECT_FALSE(IsChallengeList("Basic realm=x y"));
  EXPECT_FALSE(IsChallengeList("Basic @"));
}

TEST(FieldGrammarTest, AnyOctetsAreSafe) {
  const char kOctets[] = {'t', '/', 'h', ';', '"', '\\', '\0', '\xff', ','};
  const absl::string_view all(kOctets, sizeof(kOctets));
  for (std::size_t i = 0; i <= all.size(); ++i) {
    const absl::string_view text = all.substr(i);
    // Only the outcome matters: no crash, no read past the end.
    IsMediaType(text);
    IsVaryValue(text);
    IsCacheControl(text);
    IsUpgradeValue(text);
    IsChallengeList(text);
  }
  EXPECT_FALSE(IsMediaType(absl::string_view("text/html\0", 10)));
  EXPECT_FALSE(IsChallengeList("Basic realm=\"x\\"));
}

}  // namespace
}  // namespace statusinfo::core
