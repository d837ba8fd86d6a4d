// docs/rules.md lists every rule: its rows of (id, severity, reference) must
// be exactly the rules of ResponseRules() and StatusLineRules().
#include "tests/support/rules_doc.h"

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/response_rules.h"
#include "service/core/status_line.h"

namespace statusinfo::core {
namespace {

namespace v1 = ::statusinfo::v1;
using ::statusinfo::testing::ReadRulesMd;
using ::statusinfo::testing::SeverityName;

// What a row or a rule says: severity name and reference, by id.
using RuleRows = std::map<std::string, std::pair<std::string, std::string>>;

// The rule rows: table lines whose first cell is a `code-quoted` id.
// Returns the ids seen more than once in `duplicates`.
RuleRows ParseRows(const std::string& markdown,
                   std::vector<std::string>& duplicates) {
  RuleRows rows;
  for (absl::string_view line : absl::StrSplit(markdown, '\n')) {
    if (!absl::StartsWith(line, "| `")) continue;
    std::vector<absl::string_view> cells = absl::StrSplit(line, '|');
    // "" | id | severity | reference | summary | example | ""
    if (cells.size() < 6) continue;
    absl::string_view id = absl::StripAsciiWhitespace(cells[1]);
    if (!absl::ConsumePrefix(&id, "`") || !absl::ConsumeSuffix(&id, "`")) {
      continue;
    }
    const auto [it, inserted] = rows.emplace(
        std::string{id},
        std::make_pair(std::string{absl::StripAsciiWhitespace(cells[2])},
                       std::string{absl::StripAsciiWhitespace(cells[3])}));
    if (!inserted) duplicates.push_back(it->first);
  }
  return rows;
}

RuleRows CodeRules() {
  RuleRows rules;
  for (absl::Span<const RuleInfo> list : {ResponseRules(), StatusLineRules()}) {
    for (const RuleInfo& rule : list) {
      rules.emplace(std::string{rule.id},
                    std::make_pair(SeverityName(rule.severity),
                                   std::string{rule.reference}));
    }
  }
  return rules;
}

TEST(RulesDocTest, FileExists) {
  EXPECT_FALSE(ReadRulesMd().empty()) << "docs/rules.md is empty or missing";
}

TEST(RulesDocTest, EveryRuleHasARow) {
  std::vector<std::string> duplicates;
  const RuleRows rows = ParseRows(ReadRulesMd(), duplicates);
  for (const auto& [id, row] : CodeRules()) {
    const auto it = rows.find(id);
    if (it == rows.end()) {
      ADD_FAILURE() << id << " has no row in docs/rules.md";
      continue;
    }
    EXPECT_EQ(it->second.first, row.first) << id << ": severity";
    EXPECT_EQ(it->second.second, row.second) << id << ": reference";
  }
}

TEST(RulesDocTest, EveryRowIsARule) {
  std::vector<std::string> duplicates;
  const RuleRows code = CodeRules();
  for (const auto& [id, row] : ParseRows(ReadRulesMd(), duplicates)) {
    EXPECT_EQ(code.count(id), 1u) << id << " is in docs/rules.md but no rule";
  }
}

TEST(RulesDocTest, RowsAreTheRulesExactly) {
  std::vector<std::string> duplicates;
  EXPECT_EQ(ParseRows(ReadRulesMd(), duplicates), CodeRules());
  EXPECT_THAT(duplicates, ::testing::IsEmpty());
}

TEST(RulesDocTest, ResponseAndStatusLineIdsDoNotClash) {
  EXPECT_EQ(CodeRules().size(),
            ResponseRules().size() + StatusLineRules().size());
}

TEST(RulesDocTest, ParserReadsRowsAndSkipsOtherTables) {
  std::vector<std::string> duplicates;
  const RuleRows rows = ParseRows(
      "| Severity | Keyword | Meaning |\n"
      "| --- | --- | --- |\n"
      "| ERROR | MUST | x |\n"
      "| `a-b` | ERROR | RFC 1, Section 2 | s | `e` |\n"
      "| `a-b` | INFO | RFC 1, Section 2 | s | e |\n",
      duplicates);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.at("a-b"), std::make_pair(std::string("ERROR"),
                                           std::string("RFC 1, Section 2")));
  EXPECT_THAT(duplicates, ::testing::ElementsAre("a-b"));
}

}  // namespace
}  // namespace statusinfo::core
