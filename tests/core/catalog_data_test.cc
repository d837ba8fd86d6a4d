// Integrity of the built-in catalog data (service/data/*.textproto), in the
// spirit of Envoy's exhaustive codes_test.cc: every entry is checked, not a
// sample.
#include <map>
#include <regex>
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "google/rpc/code.pb.h"
#include "gtest/gtest.h"
#include "service/core/catalog.h"
#include "service/core/catalog_loader.h"

namespace statusinfo::core {
namespace {

bool IsOfficial(const v1::StatusCode& entry) {
  return entry.registry_status() != v1::REGISTRY_STATUS_UNOFFICIAL;
}

class CatalogDataTest : public ::testing::Test {
 protected:
  v1::StatusCatalog raw_ = BuiltinCatalogData();
};

TEST_F(CatalogDataTest, EveryCodeIsInRangeAndAppearsOnce) {
  std::set<int> seen;
  for (const v1::StatusCode& entry : raw_.status_codes()) {
    EXPECT_TRUE(IsValidStatusCode(entry.code())) << entry.code();
    EXPECT_TRUE(seen.insert(entry.code()).second)
        << "duplicate " << entry.code();
  }
}

TEST_F(CatalogDataTest, EntriesAreInAscendingOrderInTheFile) {
  int previous = 0;
  for (const v1::StatusCode& entry : raw_.status_codes()) {
    EXPECT_GT(entry.code(), previous) << "out of order: " << entry.code();
    previous = entry.code();
  }
}

TEST_F(CatalogDataTest, DerivedFieldsAreLeftToTheService) {
  for (const v1::StatusCode& entry : raw_.status_codes()) {
    EXPECT_EQ(entry.status_class(), v1::STATUS_CLASS_UNSPECIFIED)
        << entry.code();
    EXPECT_EQ(entry.header_requirements_size(), 0) << entry.code();
    EXPECT_EQ(entry.grpc_code(), 0) << entry.code();
    EXPECT_FALSE(entry.content_forbidden()) << entry.code();
  }
}

TEST_F(CatalogDataTest, ClassMatchesTheFirstDigit) {
  absl::StatusOr<Catalog> catalog = LoadCatalog("");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  for (const v1::StatusCode* entry : catalog->entries()) {
    EXPECT_EQ(static_cast<int>(entry->status_class()), entry->code() / 100)
        << entry->code();
  }
}

TEST_F(CatalogDataTest, RegisteredPhrasesAreUniqueAndNonEmpty) {
  std::map<std::string, int> phrases;
  for (const v1::StatusCode& entry : raw_.status_codes()) {
    EXPECT_FALSE(entry.reason_phrase().empty()) << entry.code();
    // 306 and 418 share the registry's "(Unused)".
    if (!IsOfficial(entry) ||
        entry.registry_status() == v1::REGISTRY_STATUS_UNUSED) {
      continue;
    }
    auto [it, inserted] = phrases.emplace(entry.reason_phrase(), entry.code());
    EXPECT_TRUE(inserted) << entry.code() << " repeats the phrase of "
                          << it->second;
  }
}

TEST_F(CatalogDataTest, EveryEntryIsDescribedInFull) {
  for (const v1::StatusCode& entry : raw_.status_codes()) {
    EXPECT_FALSE(entry.summary().empty()) << entry.code();
    EXPECT_FALSE(entry.description().empty()) << entry.code();
    EXPECT_NE(entry.retry_guidance(), v1::RETRY_GUIDANCE_UNSPECIFIED)
        << entry.code();
    EXPECT_GE(entry.references_size(), 1) << entry.code();
  }
}

TEST_F(CatalogDataTest, ReferencesAreWellFormed) {
  const std::regex rfc("RFC [1-9][0-9]*");
  const std::regex section("([0-9]+|[A-Z])(\\.[0-9]+)*");
  absl::StatusOr<Catalog> catalog = LoadCatalog("");
  ASSERT_TRUE(catalog.ok());
  for (const v1::StatusCode* entry : catalog->entries()) {
    for (const v1::Reference& ref : entry->references()) {
      EXPECT_FALSE(ref.document().empty()) << entry->code();
      if (std::regex_match(ref.document(), rfc)) {
        EXPECT_TRUE(ref.section().empty() ||
                    std::regex_match(ref.section(), section))
            << entry->code() << ": section \"" << ref.section() << "\"";
      }
      EXPECT_EQ(ref.uri().rfind("http", 0), 0u)
          << entry->code() << ": " << ref.document() << " has no link";
    }
  }
}

TEST_F(CatalogDataTest, UnofficialCodesNameTheirOriginAndOnlyThey) {
  for (const v1::StatusCode& entry : raw_.status_codes()) {
    if (IsOfficial(entry)) {
      EXPECT_FALSE(entry.has_origin()) << entry.code();
    } else {
      EXPECT_FALSE(entry.origin().vendor().empty()) << entry.code();
    }
  }
}

// Phrases that changed over the years and that people get wrong: each must be
// the IANA registry's current one, with the old one kept as a former phrase.
TEST_F(CatalogDataTest, TrickyPhrasesAreTheRegistryOnes) {
  absl::StatusOr<Catalog> catalog = LoadCatalog("");
  ASSERT_TRUE(catalog.ok());
  const std::map<int, std::string> kCurrent = {
      {302, "Found"},
      {306, "(Unused)"},
      {308, "Permanent Redirect"},
      {413, "Content Too Large"},
      {414, "URI Too Long"},
      {416, "Range Not Satisfiable"},
      {418, "(Unused)"},
      {421, "Misdirected Request"},
      {422, "Unprocessable Content"},
      {425, "Too Early"},
      {451, "Unavailable For Legal Reasons"},
      {511, "Network Authentication Required"},
  };
  for (const auto& [code, phrase] : kCurrent) {
    ASSERT_NE(catalog->Find(code), nullptr) << code;
    EXPECT_EQ(catalog->Find(code)->reason_phrase(), phrase) << code;
  }
  EXPECT_THAT(catalog->Find(413)->former_phrases(),
              ::testing::IsSupersetOf(
                  {"Payload Too Large", "Request Entity Too Large"}));
  EXPECT_THAT(catalog->Find(302)->former_phrases(),
              ::testing::Contains("Moved Temporarily"));
  EXPECT_THAT(catalog->Find(418)->former_phrases(),
              ::testing::Contains("I'm a teapot"));
}

TEST_F(CatalogDataTest, EveryRfc9110CodeIsPresent) {
  // The codes RFC 9110 Section 15 defines.
  const int kRfc9110[] = {100, 101, 200, 201, 202, 203, 204, 205, 206, 300,
                          301, 302, 303, 304, 305, 306, 307, 308, 400, 401,
                          402, 403, 404, 405, 406, 407, 408, 409, 410, 411,
                          412, 413, 414, 415, 416, 417, 418, 421, 422, 426,
                          500, 501, 502, 503, 504, 505};
  absl::StatusOr<Catalog> catalog = LoadCatalog("");
  ASSERT_TRUE(catalog.ok());
  for (int code : kRfc9110) {
    const v1::StatusCode* entry = catalog->Find(code);
    ASSERT_NE(entry, nullptr) << code;
    EXPECT_EQ(entry->references(0).document(), "RFC 9110") << code;
  }
}

TEST_F(CatalogDataTest, GrpcCodesMatchGoogleRpcCode) {
  ASSERT_EQ(raw_.grpc_status_codes_size(), 17);
  for (int i = 0; i < raw_.grpc_status_codes_size(); ++i) {
    const v1::GrpcStatusCode& entry = raw_.grpc_status_codes(i);
    EXPECT_EQ(entry.code(), i);
    // The generated google.rpc.Code enum is the primary source of the names.
    EXPECT_EQ(entry.name(),
              google::rpc::Code_Name(static_cast<google::rpc::Code>(i)));
    EXPECT_FALSE(entry.summary().empty()) << i;
    EXPECT_FALSE(entry.description().empty()) << i;
    EXPECT_TRUE(IsValidStatusCode(entry.http_status_code())) << i;
  }
}

}  // namespace
}  // namespace statusinfo::core
