// The request limits the API documents are the core's (limits.h): the
// numbers are read from the .proto comments and the docs, so changing one
// place without the others fails here. A sentence reworded so that its
// pattern no longer matches fails too; update the pattern with it.
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "service/core/limits.h"

namespace statusinfo::core {
namespace {

constexpr char kRoot[] = STATUSINFO_SOURCE_DIR;

// The text of `path` (relative to the source root) with comment markers
// dropped and runs of white space made one space, so that a sentence reads
// the same however the file wraps it.
std::string FlatText(const std::string& path) {
  std::ifstream in(absl::StrCat(kRoot, "/", path));
  EXPECT_TRUE(in) << path;
  std::ostringstream text;
  for (std::string line; std::getline(in, line);) {
    line = std::regex_replace(line, std::regex(R"(^\s*//\s?)"), "");
    text << line << ' ';
  }
  return std::regex_replace(text.str(), std::regex(R"(\s+)"), " ");
}

struct Statement {
  const char* file;
  // A sentence with one group per number, e.g. "at most (\d+) bytes".
  const char* pattern;
  std::vector<int> limits;
};

const std::vector<Statement>& Statements() {
  static const auto* const statements = new std::vector<Statement>{
      // The API, in the .proto comments.
      {"proto/statusinfo/v1/status_info_service.proto",
       R"(The codes to get, 1 to (\d+) of them)",
       {kMaxBatchSize}},
      {"proto/statusinfo/v1/status_info_service.proto",
       R"(0 means the default of (\d+); values above the maximum of (\d+) are )"
       R"(lowered to (\d+))",
       {kDefaultPageSize, kMaxPageSize, kMaxPageSize}},
      {"proto/statusinfo/v1/status_info_service.proto",
       R"(What to look for: words, a phrase or a number prefix; 1 to (\d+) )"
       R"(bytes)",
       {kMaxQueryBytes}},
      {"proto/statusinfo/v1/status_info_service.proto",
       R"(The most results to return\. 0 means (\d+); values above (\d+) are )"
       R"(lowered to (\d+))",
       {kDefaultSearchResults, kMaxSearchResults, kMaxSearchResults}},
      {"proto/statusinfo/v1/status_info_service.proto",
       R"(trailing CRLF; at most (\d+) bytes)",
       {kMaxStatusLineBytes}},
      {"proto/statusinfo/v1/status_info_service.proto",
       R"(in order; at most (\d+), each name at most (\d+) bytes and value at )"
       R"(most (\d+) bytes)",
       {kMaxHeaders, kMaxHeaderNameBytes, kMaxHeaderValueBytes}},
      {"proto/statusinfo/v1/status_info_service.proto",
       R"(empty if unknown; at most (\d+) bytes)",
       {kMaxMethodBytes}},
      {"proto/statusinfo/v1/status_info_service.proto",
       R"(empty means HTTP/1\.1; at most (\d+) bytes)",
       {kMaxVersionBytes}},
      {"proto/statusinfo/v1/status_info_service.proto",
       R"(The responses to check, at most (\d+) per message)",
       {kMaxStreamBatch}},
      // The request a response answers (HttpRequest).
      {"proto/statusinfo/v1/conformance.proto",
       R"(\(RFC 9112, Section 3\.1\); empty if unknown\. At most (\d+) bytes)",
       {kMaxMethodBytes}},
      {"proto/statusinfo/v1/conformance.proto",
       R"(or "\*"; empty if unknown\. At most (\d+) bytes)",
       {kMaxTargetBytes}},
      {"proto/statusinfo/v1/conformance.proto",
       R"(empty or not an HTTP version\. At most (\d+) bytes)",
       {kMaxVersionBytes}},
      {"proto/statusinfo/v1/conformance.proto",
       R"(\(at most (\d+) fields, names at most (\d+) bytes, values at most )"
       R"((\d+) bytes\))",
       {kMaxHeaders, kMaxHeaderNameBytes, kMaxHeaderValueBytes}},
      // The operators' table of request limits.
      {"docs/operators.md",
       R"(\| `BatchGetStatusCodes\.codes` \| 1 to (\d+) codes \|)",
       {kMaxBatchSize}},
      {"docs/operators.md",
       R"(\| `ListStatusCodes\.page_size` \| default (\d+), at most (\d+) )",
       {kDefaultPageSize, kMaxPageSize}},
      {"docs/operators.md",
       R"(\| `SearchStatusCodes\.query` \| 1 to (\d+) bytes \|)",
       {kMaxQueryBytes}},
      {"docs/operators.md",
       R"(\| `SearchStatusCodes\.page_size` \| default (\d+), at most (\d+) )",
       {kDefaultSearchResults, kMaxSearchResults}},
      {"docs/operators.md",
       R"(\| `ValidateStatusLine\.status_line` \| at most (\d+) bytes \|)",
       {kMaxStatusLineBytes}},
      {"docs/operators.md",
       R"(at most (\d+) header lines \(and (\d+) request header lines\); )"
       R"(names (\d+) bytes, values (\d+) bytes \([^)]*\); method (\d+) )"
       R"(bytes; versions (\d+) bytes; request target (\d+) bytes;)",
       {kMaxHeaders, kMaxHeaders, kMaxHeaderNameBytes, kMaxHeaderValueBytes,
        kMaxMethodBytes, kMaxVersionBytes, kMaxTargetBytes}},
      {"docs/operators.md",
       R"(at most `--max_stream_batch` responses \((\d+)\))",
       {kMaxStreamBatch}},
      // The rules and the fuzzers' invariants.
      {"docs/rules.md",
       R"(longer than (\d+) bytes is not checked)",
       {kMaxStatusLineBytes}},
      {"docs/reliability.md",
       R"(only a line over (\d+) bytes is an error)",
       {kMaxStatusLineBytes}},
      {"docs/reliability.md",
       R"(over-long \((\d+) bytes\) queries)",
       {kMaxQueryBytes}},
      {"docs/reliability.md",
       R"(at most `min\(page_size or (\d+), (\d+)\)`)",
       {kDefaultSearchResults, kMaxSearchResults}},
  };
  return *statements;
}

TEST(LimitsDocTest, DocsAndProtoStateTheCoreLimits) {
  for (const Statement& statement : Statements()) {
    const std::string text = FlatText(statement.file);
    const std::regex pattern(statement.pattern);
    std::smatch match;
    ASSERT_TRUE(std::regex_search(text, match, pattern))
        << statement.file << " no longer says " << statement.pattern;
    ASSERT_EQ(match.size(), statement.limits.size() + 1) << statement.pattern;
    for (std::size_t i = 0; i < statement.limits.size(); ++i) {
      EXPECT_EQ(std::stoi(match[i + 1]), statement.limits[i])
          << statement.file << ": " << match[0];
    }
    // Stated once, so that no second copy can drift unchecked.
    const std::string rest = match.suffix();
    EXPECT_FALSE(std::regex_search(rest, pattern))
        << statement.file << " says " << statement.pattern << " twice";
  }
}

TEST(LimitsDocTest, PatternsReadTheNumbersTheyClaim) {
  // A stand-in for the doc, to show that a changed number is caught.
  const std::regex pattern(Statements().front().pattern);
  std::smatch match;
  const std::string changed = "The codes to get, 1 to 101 of them";
  ASSERT_TRUE(std::regex_search(changed, match, pattern));
  EXPECT_NE(std::stoi(match[1]), kMaxBatchSize);
}

}  // namespace
}  // namespace statusinfo::core
