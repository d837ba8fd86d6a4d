// statusinfo.v1.ErrorReason is the one list of ErrorInfo reasons: every
// value is commented in the .proto with its gRPC code, docs/operators.md's
// table says the same (both directions), every reason the docs name is a
// value, and the C++ sources name reasons through the enum, never as string
// literals.
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "statusinfo/v1/error_reason.pb.h"

namespace statusinfo::core {
namespace {

namespace fs = std::filesystem;
namespace v1 = ::statusinfo::v1;

constexpr char kRoot[] = STATUSINFO_SOURCE_DIR;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A reason's gRPC code and when it is sent, as one line of text.
using Documented = std::map<std::string, std::pair<std::string, std::string>>;

// The reasons of error_reason.proto with their leading comments, which read
// "<CODE>: <when>".
Documented FromProto() {
  const std::string text =
      ReadFile(fs::path(kRoot) / "proto/statusinfo/v1/error_reason.proto");
  static const std::regex kValue(R"(((?:  //.*\n)+)  ([A-Z0-9_]+) = \d+;)");
  static const std::regex kCommentMarks(R"(\s*\n?\s*// ?)");
  Documented reasons;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kValue);
       it != std::sregex_iterator(); ++it) {
    std::string comment =
        std::regex_replace((*it)[1].str(), kCommentMarks, " ");
    comment = std::regex_replace(comment, std::regex(R"(^\s+|\s+$)"), "");
    const std::size_t colon = comment.find(": ");
    reasons[(*it)[2]] = colon == std::string::npos
                            ? std::make_pair(std::string(), comment)
                            : std::make_pair(comment.substr(0, colon),
                                             comment.substr(colon + 2));
  }
  return reasons;
}

// The rows of docs/operators.md's table of reasons.
Documented FromOperatorsDoc() {
  const std::string text = ReadFile(fs::path(kRoot) / "docs/operators.md");
  static const std::regex kRow(
      R"(\n\| `([A-Z0-9_]+)` \| ([A-Z_]+) \| (.*) \|)");
  const std::size_t table = text.find("| Reason | Code | When |");
  EXPECT_NE(table, std::string::npos);
  Documented rows;
  const std::string rest = text.substr(table);
  for (auto it = std::sregex_iterator(rest.begin(), rest.end(), kRow);
       it != std::sregex_iterator(); ++it) {
    rows[(*it)[1]] = {(*it)[2], (*it)[3]};
  }
  return rows;
}

TEST(ErrorReasonDocTest, EveryValueIsCommentedWithItsCode) {
  const Documented proto = FromProto();
  const google::protobuf::EnumDescriptor* reasons =
      v1::ErrorReason_descriptor();
  ASSERT_EQ(proto.size(), static_cast<std::size_t>(reasons->value_count()));
  for (int i = 0; i < reasons->value_count(); ++i) {
    const std::string& name = reasons->value(i)->name();
    ASSERT_TRUE(proto.count(name)) << name;
    if (reasons->value(i)->number() == v1::ERROR_REASON_UNSPECIFIED) continue;
    EXPECT_THAT(
        proto.at(name).first,
        ::testing::AnyOf("INVALID_ARGUMENT", "NOT_FOUND", "UNAVAILABLE"))
        << name;
    EXPECT_FALSE(proto.at(name).second.empty()) << name;
  }
}

TEST(ErrorReasonDocTest, OperatorsTableIsTheEnum) {
  Documented proto = FromProto();
  proto.erase(v1::ErrorReason_Name(v1::ERROR_REASON_UNSPECIFIED));
  const Documented doc = FromOperatorsDoc();
  EXPECT_EQ(doc, proto);
}

TEST(ErrorReasonDocTest, EveryReasonTheDocsNameIsAValue) {
  static const std::regex kMention(R"(reason `([A-Z0-9_]+)`)");
  int mentions = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(kRoot) / "docs")) {
    if (entry.path().extension() != ".md") continue;
    const std::string text = ReadFile(entry.path());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kMention);
         it != std::sregex_iterator(); ++it) {
      ++mentions;
      v1::ErrorReason reason;
      EXPECT_TRUE(v1::ErrorReason_Parse((*it)[1], &reason))
          << entry.path() << " names reason " << (*it)[1];
    }
  }
  EXPECT_GT(mentions, 0);
}

// C++ sources name reasons as v1::NAME: the string on the wire comes from
// ErrorReason_Name, so a typo cannot compile. Every value is used.
TEST(ErrorReasonDocTest, SourcesUseTheEnumNotStrings) {
  std::set<std::string> used;
  const google::protobuf::EnumDescriptor* reasons =
      v1::ErrorReason_descriptor();
  for (const char* dir : {"service", "client"}) {
    for (const auto& entry :
         fs::recursive_directory_iterator(fs::path(kRoot) / dir)) {
      const std::string ext = entry.path().extension().string();
      if (ext != ".cc" && ext != ".h") continue;
      const std::string text = ReadFile(entry.path());
      for (int i = 1; i < reasons->value_count(); ++i) {
        const std::string& name = reasons->value(i)->name();
        if (text.find(absl::StrCat("v1::", name)) != std::string::npos) {
          used.insert(name);
        }
        // The literal, outside comments (which may quote a reason).
        const std::regex literal(absl::StrCat("^[^/\n]*\"", name, "\""),
                                 std::regex::multiline);
        EXPECT_FALSE(std::regex_search(text, literal))
            << entry.path() << " spells reason " << name << " as a string";
      }
    }
  }
  for (int i = 1; i < reasons->value_count(); ++i) {
    EXPECT_TRUE(used.count(reasons->value(i)->name()))
        << reasons->value(i)->name() << " is never sent";
  }
}

}  // namespace
}  // namespace statusinfo::core
