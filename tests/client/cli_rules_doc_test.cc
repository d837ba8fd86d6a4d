// docs/rules.md lists the findings the CLI makes itself in a section of its
// own: its entries of (id, severity, reference) must be exactly HeadRules(),
// and the parser must emit no finding outside HeadRules().
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/cli/response_head.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/rules_doc.h"

namespace statusinfo::cli {
namespace {

using ::statusinfo::testing::ReadRulesMd;
using ::statusinfo::testing::SeverityName;
using ::testing::IsEmpty;

// The heading of the CLI's section; the section runs to the next "## ".
constexpr absl::string_view kSectionHeading =
    "## Findings of the `statusinfo` command";

// (severity, reference) by id.
using Entries = std::map<std::string, std::pair<std::string, std::string>>;

// One entry: "- `id` (SEVERITY, REFERENCE): meaning". False for any other
// line.
bool ParseEntry(absl::string_view line, std::string& id, std::string& severity,
                std::string& reference) {
  if (!absl::ConsumePrefix(&line, "- `")) return false;
  const std::size_t id_end = line.find("` (");
  const std::size_t severity_end = line.find(", ");
  const std::size_t reference_end = line.find("): ");
  if (id_end == absl::string_view::npos ||
      severity_end == absl::string_view::npos ||
      reference_end == absl::string_view::npos || severity_end < id_end ||
      reference_end < severity_end) {
    return false;
  }
  id = std::string(line.substr(0, id_end));
  severity = std::string(line.substr(id_end + 3, severity_end - id_end - 3));
  reference = std::string(
      line.substr(severity_end + 2, reference_end - severity_end - 2));
  return true;
}

// The entries of the CLI's section of `markdown`; ids seen twice go to
// `duplicates`, and `found` says whether the section is there.
Entries ParseSection(absl::string_view markdown, bool& found,
                     std::vector<std::string>& duplicates) {
  Entries entries;
  found = false;
  bool inside = false;
  for (absl::string_view line : absl::StrSplit(markdown, '\n')) {
    if (absl::StartsWith(line, "## ")) {
      inside = absl::StartsWith(line, kSectionHeading);
      found = found || inside;
      continue;
    }
    std::string id, severity, reference;
    if (!inside || !ParseEntry(line, id, severity, reference)) continue;
    if (!entries.emplace(id, std::make_pair(severity, reference)).second) {
      duplicates.push_back(id);
    }
  }
  return entries;
}

Entries CodeEntries() {
  Entries entries;
  for (const HeadRule& rule : HeadRules()) {
    entries.emplace(std::string(rule.id),
                    std::make_pair(SeverityName(rule.severity),
                                   std::string(rule.reference)));
  }
  return entries;
}

TEST(CliRulesDocTest, SectionListsExactlyTheHeadRules) {
  bool found = false;
  std::vector<std::string> duplicates;
  const Entries documented = ParseSection(ReadRulesMd(), found, duplicates);
  ASSERT_TRUE(found) << "docs/rules.md has no \"" << kSectionHeading
                     << "\" section";
  EXPECT_EQ(documented, CodeEntries());
  EXPECT_THAT(duplicates, IsEmpty());
}

TEST(CliRulesDocTest, HeadRulesAreDistinctAndPrefixed) {
  std::set<std::string> ids;
  for (const HeadRule& rule : HeadRules()) {
    EXPECT_TRUE(absl::StartsWith(rule.id, "head-")) << rule.id;
    EXPECT_TRUE(ids.emplace(rule.id).second) << rule.id << " twice";
  }
}

// The parser cites HeadRules() and nothing else: every rule shows up for a
// head that breaks it, with the table's severity and reference.
TEST(CliRulesDocTest, ParserEmitsEveryHeadRuleAndNoOther) {
  absl::StatusOr<ResponseHead> head = ParseResponseHead(
      "HTTP/1.1 200 OK\r\n  stray\r\nX-Long: a\r\n b\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  Entries emitted;
  for (const v1::Finding& finding : head->head_findings) {
    emitted.emplace(
        finding.rule_id(),
        std::make_pair(SeverityName(finding.severity()), finding.reference()));
  }
  EXPECT_EQ(emitted, CodeEntries());
}

TEST(CliRulesDocTest, ParserReadsEntriesOfTheSectionOnly) {
  bool found = false;
  std::vector<std::string> duplicates;
  const Entries entries = ParseSection(
      "## Other\n"
      "- `not-mine` (ERROR, RFC 1, Section 1): x\n"
      "## Findings of the `statusinfo` command (more words)\n"
      "Some prose with `head-x` (ERROR, RFC 2, Section 2): y\n"
      "- `head-a` (WARNING, RFC 9112, Section 5.2): a: b, c\n"
      "  continued, (not an entry): z\n"
      "- `head-a` (INFO, RFC 9112, Section 5.2): again\n"
      "## Next\n"
      "- `head-b` (ERROR, RFC 3, Section 3): x\n",
      found, duplicates);
  EXPECT_TRUE(found);
  EXPECT_EQ(entries,
            (Entries{{"head-a", {"WARNING", "RFC 9112, Section 5.2"}}}));
  EXPECT_THAT(duplicates, ::testing::ElementsAre("head-a"));
}

}  // namespace
}  // namespace statusinfo::cli
