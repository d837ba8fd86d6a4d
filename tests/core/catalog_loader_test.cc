#include "service/core/catalog_loader.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/files.h"

namespace statusinfo::core {
namespace {

using ::statusinfo::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::NotNull;
using ::testing::StartsWith;

constexpr char kExtra[] = R"pb(
  version: "acme.7"
  status_codes {
    code: 299
    reason_phrase: "Acme Partial"
    registry_status: REGISTRY_STATUS_UNOFFICIAL
    origin { vendor: "Acme" }
  }
  status_codes {
    code: 404
    reason_phrase: "Not Here"
    registry_status: REGISTRY_STATUS_REGISTERED
  }
)pb";

TEST(CatalogLoaderTest, BuiltinCatalogIsNotEmpty) {
  v1::StatusCatalog data = BuiltinCatalogData();
  EXPECT_FALSE(data.version().empty());
  EXPECT_GT(data.status_codes_size(), 60);
  EXPECT_EQ(data.grpc_status_codes_size(), 17);
}

TEST(CatalogLoaderTest, ParseErrorsNameSourceLineAndColumn) {
  absl::StatusOr<v1::StatusCatalog> data = ParseCatalogText(
      "version: \"x\"\nstatus_codes {\n  cod: 1\n}\n", "f.txt");
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(data.status().message()), StartsWith("f.txt:3:"));
  EXPECT_THAT(data.status().message(), HasSubstr("cod"));
}

TEST(CatalogLoaderTest, MissingFileIsNotFoundNamingThePath) {
  absl::StatusOr<v1::StatusCatalog> data =
      ReadCatalogFile("/nonexistent/statusinfo.textproto");
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(data.status().message(),
              HasSubstr("/nonexistent/statusinfo.textproto"));
}

TEST(CatalogLoaderTest, MergeReplacesAndAdds) {
  absl::StatusOr<v1::StatusCatalog> extra = ParseCatalogText(kExtra, "extra");
  ASSERT_TRUE(extra.ok()) << extra.status();
  v1::StatusCatalog base = BuiltinCatalogData();
  const int before = base.status_codes_size();
  const std::string base_version = base.version();
  MergeCatalog(*extra, base);
  EXPECT_EQ(base.status_codes_size(), before + 1);
  EXPECT_EQ(base.version(), base_version + "+acme.7");
}

TEST(CatalogLoaderTest, LoadsFileOverBuiltin) {
  TempDir dir;
  const std::string path = dir.Write("extra.textproto", kExtra);
  absl::StatusOr<Catalog> catalog = LoadCatalog(path);
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  ASSERT_THAT(catalog->Find(299), NotNull());
  EXPECT_EQ(catalog->Find(299)->reason_phrase(), "Acme Partial");
  EXPECT_EQ(catalog->Find(404)->reason_phrase(), "Not Here");
  EXPECT_EQ(catalog->Find(200)->reason_phrase(), "OK");
}

TEST(CatalogLoaderTest, BadFileStopsLoadingWithFileAndLine) {
  TempDir dir;
  const std::string path =
      dir.Write("bad.textproto", "status_codes {\n  code: \"x\"\n}\n");
  absl::StatusOr<Catalog> catalog = LoadCatalog(path);
  ASSERT_FALSE(catalog.ok());
  EXPECT_THAT(std::string(catalog.status().message()),
              StartsWith(path + ":2:"));
}

TEST(CatalogLoaderTest, NonConformingFileNamesTheEntry) {
  TempDir dir;
  const std::string path =
      dir.Write("dup.textproto",
                "status_codes { code: 700 reason_phrase: \"x\" "
                "registry_status: REGISTRY_STATUS_UNOFFICIAL }\n");
  absl::StatusOr<Catalog> catalog = LoadCatalog(path);
  ASSERT_FALSE(catalog.ok());
  EXPECT_THAT(std::string(catalog.status().message()), StartsWith(path + ": "));
  EXPECT_THAT(catalog.status().message(), HasSubstr("(code 700)"));
}

TEST(CatalogLoaderTest, EmptyPathMeansBuiltinOnly) {
  absl::StatusOr<Catalog> catalog = LoadCatalog("");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  EXPECT_EQ(catalog->version(), BuiltinCatalogData().version());
}

}  // namespace
}  // namespace statusinfo::core
