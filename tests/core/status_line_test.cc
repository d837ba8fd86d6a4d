#include "service/core/status_line.h"

#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/core/errors.h"

namespace statusinfo::core {
namespace {

namespace v1 = ::statusinfo::v1;

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class StatusLineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<Catalog> catalog = LoadCatalog("");
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    catalog_ = new Catalog(*std::move(catalog));
  }

  static v1::ValidateStatusLineResponse Validate(absl::string_view line) {
    absl::StatusOr<v1::ValidateStatusLineResponse> result =
        ValidateStatusLine(*catalog_, line);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : v1::ValidateStatusLineResponse();
  }

  static std::vector<std::string> RuleIds(
      const v1::ValidateStatusLineResponse& response) {
    std::vector<std::string> ids;
    for (const v1::Finding& finding : response.findings()) {
      ids.push_back(finding.rule_id());
    }
    return ids;
  }

  static const v1::Finding* Find(const v1::ValidateStatusLineResponse& response,
                                 absl::string_view id) {
    for (const v1::Finding& finding : response.findings()) {
      if (finding.rule_id() == id) return &finding;
    }
    return nullptr;
  }

  static const Catalog* catalog_;
};

const Catalog* StatusLineTest::catalog_ = nullptr;

TEST_F(StatusLineTest, ValidLine) {
  const v1::ValidateStatusLineResponse r = Validate("HTTP/1.1 200 OK");
  EXPECT_TRUE(r.valid());
  EXPECT_EQ(r.http_version(), "HTTP/1.1");
  EXPECT_EQ(r.status_code(), 200);
  EXPECT_EQ(r.reason_phrase(), "OK");
  EXPECT_THAT(r.findings(), IsEmpty());
}

TEST_F(StatusLineTest, TrailingCrlfIsAcceptedSilently) {
  const v1::ValidateStatusLineResponse r =
      Validate("HTTP/1.1 404 Not Found\r\n");
  EXPECT_TRUE(r.valid());
  EXPECT_EQ(r.status_code(), 404);
  EXPECT_EQ(r.reason_phrase(), "Not Found");
  EXPECT_THAT(r.findings(), IsEmpty());
}

TEST_F(StatusLineTest, Http10IsAccepted) {
  const v1::ValidateStatusLineResponse r = Validate("HTTP/1.0 200 OK");
  EXPECT_TRUE(r.valid());
  EXPECT_EQ(r.http_version(), "HTTP/1.0");
}

TEST_F(StatusLineTest, MissingSpaceAfterCodeIsAnError) {
  const v1::ValidateStatusLineResponse r = Validate("HTTP/1.1 404");
  EXPECT_FALSE(r.valid());
  EXPECT_EQ(r.status_code(), 404);
  EXPECT_THAT(RuleIds(r), ElementsAre("status-line-missing-sp"));
  EXPECT_EQ(r.findings(0).severity(), v1::SEVERITY_ERROR);
  EXPECT_EQ(r.findings(0).reference(), "RFC 9112, Section 4");
  // Fixed: the SP is there, the phrase empty.
  EXPECT_EQ(Find(Validate("HTTP/1.1 404 "), "status-line-missing-sp"), nullptr);
}

TEST_F(StatusLineTest, EmptyPhraseIsFine) {
  const v1::ValidateStatusLineResponse r = Validate("HTTP/1.1 404 ");
  EXPECT_TRUE(r.valid());
  EXPECT_EQ(r.status_code(), 404);
  EXPECT_EQ(r.reason_phrase(), "");
  EXPECT_THAT(r.findings(), IsEmpty());
}

TEST_F(StatusLineTest, Http2HasNoStatusLine) {
  const v1::ValidateStatusLineResponse r = Validate("HTTP/2 200 OK");
  EXPECT_FALSE(r.valid());
  EXPECT_EQ(r.http_version(), "HTTP/2");
  EXPECT_EQ(r.status_code(), 200);
  EXPECT_THAT(RuleIds(r), ElementsAre("status-line-version-no-status-line"));
  EXPECT_THAT(r.findings(0).message(), HasSubstr(":status"));
  EXPECT_THAT(RuleIds(Validate("HTTP/3.0 200 OK")),
              ElementsAre("status-line-version-no-status-line"));
  EXPECT_TRUE(Validate("HTTP/1.1 200 OK").valid());
}

TEST_F(StatusLineTest, UnknownVersionIsAWarning) {
  const v1::ValidateStatusLineResponse r = Validate("HTTP/1.2 200 OK");
  EXPECT_TRUE(r.valid());
  EXPECT_EQ(r.http_version(), "HTTP/1.2");
  EXPECT_THAT(RuleIds(r), ElementsAre("status-line-version-unknown"));
  EXPECT_EQ(r.findings(0).severity(), v1::SEVERITY_WARNING);
}

TEST_F(StatusLineTest, MalformedVersion) {
  for (const char* line :
       {"http/1.1 200 OK", "HTTP/11 200 OK", "HTTP/1.1x 200 OK", "HTTP 200 OK",
        "200 OK", " HTTP/1.1 200 OK"}) {
    const v1::ValidateStatusLineResponse r = Validate(line);
    EXPECT_FALSE(r.valid()) << line;
    EXPECT_EQ(r.http_version(), "") << line;
    ASSERT_FALSE(r.findings().empty()) << line;
    EXPECT_EQ(r.findings(0).rule_id(), "status-line-version-syntax") << line;
  }
  // With an HTTP/ prefix parsing goes on and the code is still read.
  EXPECT_EQ(Validate("HTTP/11 404 Not Found").status_code(), 404);
}

TEST_F(StatusLineTest, FourDigitCode) {
  const v1::ValidateStatusLineResponse r = Validate("HTTP/1.1 4040 Not Found");
  EXPECT_FALSE(r.valid());
  EXPECT_EQ(r.status_code(), 0);
  EXPECT_EQ(r.reason_phrase(), "Not Found");
  EXPECT_THAT(RuleIds(r), ElementsAre("status-line-code-syntax"));
  EXPECT_THAT(RuleIds(Validate("HTTP/1.1 40 x")),
              ElementsAre("status-line-code-syntax"));
  EXPECT_THAT(RuleIds(Validate("HTTP/1.1 abc x")),
              ElementsAre("status-line-code-syntax"));
  EXPECT_THAT(RuleIds(Validate("HTTP/1.1 ")),
              ElementsAre("status-line-code-syntax"));
  EXPECT_THAT(RuleIds(Validate("HTTP/1.1")),
              ElementsAre("status-line-code-syntax"));
}

TEST_F(StatusLineTest, CodeOutOfRange) {
  for (const auto& [line, code] :
       std::vector<std::pair<std::string, int>>{{"HTTP/1.1 099 x", 99},
                                                {"HTTP/1.1 600 x", 600},
                                                {"HTTP/1.1 000 x", 0}}) {
    const v1::ValidateStatusLineResponse r = Validate(line);
    EXPECT_FALSE(r.valid()) << line;
    EXPECT_EQ(r.status_code(), code) << line;
    EXPECT_THAT(RuleIds(r), ElementsAre("status-line-code-range")) << line;
    EXPECT_EQ(r.findings(0).reference(), "RFC 9110, Section 15");
  }
}

TEST_F(StatusLineTest, UnassignedCodeIsInfo) {
  const v1::ValidateStatusLineResponse r = Validate("HTTP/1.1 299 Whatever");
  EXPECT_TRUE(r.valid());
  EXPECT_THAT(RuleIds(r), ElementsAre("status-line-code-unassigned"));
  EXPECT_EQ(r.findings(0).severity(), v1::SEVERITY_INFO);
  EXPECT_THAT(r.findings(0).message(), HasSubstr("200"));
}

TEST_F(StatusLineTest, ControlCharacterInPhrase) {
  const v1::ValidateStatusLineResponse r = Validate("HTTP/1.1 200 O\x01K");
  EXPECT_FALSE(r.valid());
  EXPECT_THAT(RuleIds(r), ElementsAre("status-line-phrase-chars"));
  EXPECT_THAT(r.findings(0).message(), HasSubstr("0x01"));
  EXPECT_THAT(RuleIds(Validate(std::string("HTTP/1.1 200 O\0K", 16))),
              ElementsAre("status-line-phrase-chars"));
  EXPECT_THAT(RuleIds(Validate("HTTP/1.1 200 OK\x7f")),
              ElementsAre("status-line-phrase-chars"));
  // HTAB, SP and obs-text are allowed.
  EXPECT_TRUE(Validate("HTTP/1.1 200 O\tK \xe9\xff").valid());
}

TEST_F(StatusLineTest, FormerPhraseNamesTheCurrentOne) {
  const v1::ValidateStatusLineResponse r =
      Validate("HTTP/1.1 413 Payload Too Large");
  EXPECT_TRUE(r.valid());
  EXPECT_THAT(RuleIds(r), ElementsAre("status-line-phrase-former"));
  EXPECT_EQ(r.findings(0).severity(), v1::SEVERITY_INFO);
  EXPECT_THAT(r.findings(0).message(), HasSubstr("Content Too Large"));
  EXPECT_THAT(Validate("HTTP/1.1 413 Content Too Large").findings(), IsEmpty());
}

TEST_F(StatusLineTest, DifferentPhraseIsInfo) {
  const v1::ValidateStatusLineResponse r = Validate("HTTP/1.1 200 Okay");
  EXPECT_TRUE(r.valid());
  EXPECT_THAT(RuleIds(r), ElementsAre("status-line-phrase-differs"));
  EXPECT_EQ(r.findings(0).severity(), v1::SEVERITY_INFO);
  EXPECT_THAT(r.findings(0).message(), HasSubstr("\"OK\""));
  // Case does not matter.
  EXPECT_THAT(Validate("HTTP/1.1 404 not found").findings(), IsEmpty());
}

TEST_F(StatusLineTest, BareLfIsAWarning) {
  const v1::ValidateStatusLineResponse r = Validate("HTTP/1.1 200 OK\n");
  EXPECT_TRUE(r.valid());
  EXPECT_EQ(r.reason_phrase(), "OK");
  EXPECT_THAT(RuleIds(r), ElementsAre("status-line-bare-lf"));
  EXPECT_EQ(r.findings(0).reference(), "RFC 9112, Section 2.2");
}

TEST_F(StatusLineTest, LoneCrIsAnError) {
  const v1::ValidateStatusLineResponse r = Validate("HTTP/1.1 200 OK\r");
  EXPECT_FALSE(r.valid());
  EXPECT_EQ(r.reason_phrase(), "OK");
  EXPECT_THAT(RuleIds(r), ElementsAre("status-line-bare-cr"));
  EXPECT_THAT(RuleIds(Validate("HTTP/1.1 200 O\rK\r\n")),
              ElementsAre("status-line-phrase-differs", "status-line-bare-cr"));
}

TEST_F(StatusLineTest, SeparatorMustBeOneSpace) {
  EXPECT_THAT(RuleIds(Validate("HTTP/1.1  200 OK")),
              ElementsAre("status-line-separator"));
  EXPECT_THAT(RuleIds(Validate("HTTP/1.1\t200 OK")),
              ElementsAre("status-line-separator"));
  EXPECT_THAT(RuleIds(Validate("HTTP/1.1 200\tOK")),
              ElementsAre("status-line-separator"));
  // Extra spaces before the phrase belong to the phrase, which allows SP.
  EXPECT_THAT(Validate("HTTP/1.1 200  OK").findings(), IsEmpty());
}

TEST_F(StatusLineTest, EmptyLine) {
  const v1::ValidateStatusLineResponse r = Validate("");
  EXPECT_FALSE(r.valid());
  EXPECT_EQ(r.status_code(), 0);
  EXPECT_THAT(RuleIds(r), ElementsAre("status-line-version-syntax"));
  EXPECT_FALSE(Validate("\r\n").valid());
}

TEST_F(StatusLineTest, LengthLimit) {
  std::string line = "HTTP/1.1 200 ";
  line.append(kMaxStatusLineBytes - line.size(), 'x');
  ASSERT_EQ(line.size(), 8192u);
  absl::StatusOr<v1::ValidateStatusLineResponse> ok =
      ValidateStatusLine(*catalog_, line);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_TRUE(ok->valid());

  line.push_back('x');
  absl::StatusOr<v1::ValidateStatusLineResponse> too_long =
      ValidateStatusLine(*catalog_, line);
  EXPECT_EQ(too_long.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(too_long.status().message()),
              HasSubstr("status_line: "));
  EXPECT_THAT(std::string(too_long.status().message()), HasSubstr("8192"));
  EXPECT_EQ(ErrorReason(too_long.status()), "STATUS_LINE_TOO_LONG");
}

TEST_F(StatusLineTest, GarbageBytes) {
  const v1::ValidateStatusLineResponse r =
      Validate(std::string("\xff\xfe\x00garbage\x80\r\n", 13));
  EXPECT_FALSE(r.valid());
  EXPECT_THAT(RuleIds(r), ElementsAre("status-line-version-syntax"));
  EXPECT_EQ(r.http_version(), "");
  EXPECT_EQ(r.status_code(), 0);
}

bool IsValidUtf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = text[i];
    std::size_t n = c < 0x80         ? 1
                    : (c >> 5) == 6  ? 2
                    : (c >> 4) == 14 ? 3
                    : (c >> 3) == 30 ? 4
                                     : 0;
    if (n == 0 || i + n > text.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 2) return false;
    }
    i += n;
  }
  return true;
}

TEST_F(StatusLineTest, InvalidUtf8PhraseIsReturnedAsValidUtf8) {
  const v1::ValidateStatusLineResponse r = Validate("HTTP/1.1 200 O\xff\xc3K");
  EXPECT_TRUE(IsValidUtf8(r.reason_phrase()));
  EXPECT_EQ(r.reason_phrase(), "O\xef\xbf\xbd\xef\xbf\xbdK");
  EXPECT_EQ(Validate("HTTP/1.1 200 caf\xc3\xa9").reason_phrase(),
            "caf\xc3\xa9");
}

TEST_F(StatusLineTest, NeverCrashesOnArbitraryBytes) {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> byte(0, 255);
  const std::vector<std::string> prefixes = {"", "HTTP/1.1 ", "HTTP/1.1 200 ",
                                             "HTTP/", "HTTP/1.1 2"};
  for (int round = 0; round < 2000; ++round) {
    std::string line = prefixes[round % prefixes.size()];
    for (int i = round % 23; i > 0; --i) {
      line.push_back(static_cast<char>(byte(random)));
    }
    const v1::ValidateStatusLineResponse r = Validate(line);
    EXPECT_TRUE(IsValidUtf8(r.reason_phrase())) << absl::CEscape(line);
    EXPECT_TRUE(IsValidUtf8(r.http_version()));
    for (const v1::Finding& finding : r.findings()) {
      EXPECT_TRUE(IsValidUtf8(finding.message())) << absl::CEscape(line);
    }
  }
}

TEST_F(StatusLineTest, FindingsComeInTheOrderOfTheLine) {
  const v1::ValidateStatusLineResponse r = Validate("HTTP/1.2  299\tx\n");
  EXPECT_THAT(
      RuleIds(r),
      ElementsAre("status-line-version-unknown", "status-line-separator",
                  "status-line-code-unassigned", "status-line-separator",
                  "status-line-bare-lf"));
}

TEST_F(StatusLineTest, EveryRuleIsTriggeredByATest) {
  // One line per rule, and its fixed form.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"status-line-version-syntax", "HTTP/1.1x 200 OK"},
      {"status-line-version-no-status-line", "HTTP/2 200 OK"},
      {"status-line-version-unknown", "HTTP/1.2 200 OK"},
      {"status-line-separator", "HTTP/1.1  200 OK"},
      {"status-line-missing-sp", "HTTP/1.1 200"},
      {"status-line-code-syntax", "HTTP/1.1 2000 OK"},
      {"status-line-code-range", "HTTP/1.1 600 OK"},
      {"status-line-phrase-chars", "HTTP/1.1 200 O\x01K"},
      {"status-line-bare-cr", "HTTP/1.1 200 OK\r"},
      {"status-line-bare-lf", "HTTP/1.1 200 OK\n"},
      {"status-line-code-unassigned", "HTTP/1.1 299 OK"},
      {"status-line-phrase-former", "HTTP/1.1 302 Moved Temporarily"},
      {"status-line-phrase-differs", "HTTP/1.1 302 Elsewhere"},
  };
  std::set<std::string> covered;
  for (const auto& [id, line] : cases) {
    const v1::ValidateStatusLineResponse response = Validate(line);
    const v1::Finding* finding = Find(response, id);
    ASSERT_NE(finding, nullptr) << id;
    covered.insert(id);
    bool listed = false;
    for (const RuleInfo& rule : StatusLineRules()) {
      if (rule.id != id) continue;
      listed = true;
      EXPECT_EQ(finding->severity(), rule.severity) << id;
      EXPECT_EQ(finding->reference(), rule.reference) << id;
    }
    EXPECT_TRUE(listed) << id;
  }
  for (const RuleInfo& rule : StatusLineRules()) {
    EXPECT_EQ(covered.count(std::string(rule.id)), 1u) << rule.id;
  }
  // The fixed form of every case above.
  EXPECT_THAT(Validate("HTTP/1.1 302 Found\r\n").findings(), IsEmpty());
}

}  // namespace
}  // namespace statusinfo::core
