#include "service/core/catalog.h"

#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace statusinfo::core {
namespace {

using ::testing::HasSubstr;
using ::testing::IsNull;
using ::testing::NotNull;

v1::StatusCode Entry(int code, const char* phrase) {
  v1::StatusCode entry;
  entry.set_code(code);
  entry.set_reason_phrase(phrase);
  entry.set_registry_status(v1::REGISTRY_STATUS_REGISTERED);
  auto* reference = entry.add_references();
  reference->set_document("RFC 9110");
  reference->set_section("15.5.5");
  return entry;
}

v1::StatusCatalog SmallCatalog() {
  v1::StatusCatalog data;
  data.set_version("test.1");
  *data.add_status_codes() = Entry(404, "Not Found");
  *data.add_status_codes() = Entry(200, "OK");
  auto* grpc = data.add_grpc_status_codes();
  grpc->set_code(5);
  grpc->set_name("NOT_FOUND");
  grpc->set_http_status_code(404);
  return data;
}

TEST(CatalogTest, FindsEntriesByCode) {
  absl::StatusOr<Catalog> catalog = Catalog::Create(SmallCatalog());
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  ASSERT_THAT(catalog->Find(404), NotNull());
  EXPECT_EQ(catalog->Find(404)->reason_phrase(), "Not Found");
  EXPECT_THAT(catalog->Find(405), IsNull());
  EXPECT_EQ(catalog->version(), "test.1");
}

TEST(CatalogTest, FindIsSafeForAnyNumber) {
  absl::StatusOr<Catalog> catalog = Catalog::Create(SmallCatalog());
  ASSERT_TRUE(catalog.ok());
  for (long long code :
       {-1LL, 0LL, 99LL, 600LL, -2147483648LL, 2147483647LL, 1LL << 40}) {
    EXPECT_THAT(catalog->Find(code), IsNull()) << code;
  }
  EXPECT_THAT(catalog->FindGrpc(-1), IsNull());
  EXPECT_THAT(catalog->FindGrpc(17), IsNull());
  EXPECT_THAT(catalog->FindGrpc(5), NotNull());
}

TEST(CatalogTest, EntriesAreInAscendingOrder) {
  absl::StatusOr<Catalog> catalog = Catalog::Create(SmallCatalog());
  ASSERT_TRUE(catalog.ok());
  ASSERT_EQ(catalog->entries().size(), 2u);
  EXPECT_EQ(catalog->entries()[0]->code(), 200);
  EXPECT_EQ(catalog->entries()[1]->code(), 404);
}

// Deriving fields is BuildCatalog's (catalog_enrichment_test.cc): the
// catalog itself knows nothing of the rule table.
TEST(CatalogTest, IndexesEntriesAsGiven) {
  absl::StatusOr<Catalog> catalog = Catalog::Create(SmallCatalog());
  ASSERT_TRUE(catalog.ok());
  const v1::StatusCode* entry = catalog->Find(404);
  EXPECT_EQ(entry->status_class(), v1::STATUS_CLASS_UNSPECIFIED);
  EXPECT_EQ(entry->references(0).uri(), "");
}

TEST(CatalogTest, SurvivesMoves) {
  absl::StatusOr<Catalog> catalog = Catalog::Create(SmallCatalog());
  ASSERT_TRUE(catalog.ok());
  Catalog moved = *std::move(catalog);
  ASSERT_THAT(moved.Find(200), NotNull());
  EXPECT_EQ(moved.Find(200)->reason_phrase(), "OK");
}

TEST(CatalogTest, CatalogVersionNamesTheVersionAndFollowsTheContent) {
  absl::StatusOr<Catalog> catalog = Catalog::Create(SmallCatalog());
  ASSERT_TRUE(catalog.ok());
  EXPECT_THAT(catalog->catalog_version(), ::testing::StartsWith("test.1@"));
  // The same content in another order is the same catalog.
  v1::StatusCatalog reordered = SmallCatalog();
  reordered.mutable_status_codes()->SwapElements(0, 1);
  absl::StatusOr<Catalog> same = Catalog::Create(std::move(reordered));
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->catalog_version(), catalog->catalog_version());
  // Any change to an entry changes it, even under the same version.
  v1::StatusCatalog changed = SmallCatalog();
  changed.mutable_grpc_status_codes(0)->set_http_status_code(410);
  absl::StatusOr<Catalog> other = Catalog::Create(std::move(changed));
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->version(), catalog->version());
  EXPECT_NE(other->catalog_version(), catalog->catalog_version());
}

TEST(CatalogTest, CreateKeepsEntriesAsGiven) {
  v1::StatusCatalog data = SmallCatalog();
  data.mutable_status_codes(0)->set_status_class(v1::STATUS_CLASS_SUCCESSFUL);
  absl::StatusOr<Catalog> catalog = Catalog::Create(data);
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  // BuildCatalog would derive the class and the link; Create keeps them.
  EXPECT_EQ(catalog->Find(404)->status_class(), v1::STATUS_CLASS_SUCCESSFUL);
  EXPECT_EQ(catalog->Find(404)->references(0).uri(), "");
  *data.add_status_codes() = Entry(404, "Again");
  EXPECT_THAT(Catalog::Create(std::move(data)).status().message(),
              HasSubstr("code appears more than once"));
}

struct BadCatalogCase {
  const char* name;
  void (*mutate)(v1::StatusCatalog&);
  const char* expected_message;
};

class CatalogRejectsTest : public ::testing::TestWithParam<BadCatalogCase> {};

TEST_P(CatalogRejectsTest, NamesTheProblem) {
  v1::StatusCatalog data = SmallCatalog();
  GetParam().mutate(data);
  absl::StatusOr<Catalog> catalog = Catalog::Create(std::move(data));
  ASSERT_FALSE(catalog.ok());
  EXPECT_EQ(catalog.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(catalog.status().message(),
              HasSubstr(GetParam().expected_message));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CatalogRejectsTest,
    ::testing::Values(
        BadCatalogCase{
            "Duplicate",
            [](v1::StatusCatalog& d) {
              *d.add_status_codes() = Entry(200, "Fine");
            },
            "status_codes[2] (code 200): code appears more than once"},
        BadCatalogCase{"OutOfRange",
                       [](v1::StatusCatalog& d) {
                         *d.add_status_codes() = Entry(600, "Six");
                       },
                       "code must be between 100 and 599"},
        BadCatalogCase{"TooLow",
                       [](v1::StatusCatalog& d) {
                         *d.add_status_codes() = Entry(99, "x");
                       },
                       "(code 99)"},
        BadCatalogCase{"EmptyPhrase",
                       [](v1::StatusCatalog& d) {
                         *d.add_status_codes() = Entry(201, "");
                       },
                       "reason_phrase is empty"},
        BadCatalogCase{"NoRegistryStatus",
                       [](v1::StatusCatalog& d) {
                         d.mutable_status_codes(0)->clear_registry_status();
                       },
                       "registry_status is not set"},
        BadCatalogCase{"GrpcOutOfRange",
                       [](v1::StatusCatalog& d) {
                         d.mutable_grpc_status_codes(0)->set_code(17);
                       },
                       "code must be between 0 and 16"},
        BadCatalogCase{"GrpcDuplicate",
                       [](v1::StatusCatalog& d) {
                         *d.add_grpc_status_codes() = d.grpc_status_codes(0);
                       },
                       "grpc_status_codes[1] (code 5): code appears more"},
        BadCatalogCase{"GrpcNoName",
                       [](v1::StatusCatalog& d) {
                         d.mutable_grpc_status_codes(0)->clear_name();
                       },
                       "name is empty"}),
    [](const auto& info) { return info.param.name; });

TEST(CatalogTest, ClassOfFollowsTheFirstDigit) {
  EXPECT_EQ(ClassOf(100), v1::STATUS_CLASS_INFORMATIONAL);
  EXPECT_EQ(ClassOf(299), v1::STATUS_CLASS_SUCCESSFUL);
  EXPECT_EQ(ClassOf(308), v1::STATUS_CLASS_REDIRECTION);
  EXPECT_EQ(ClassOf(499), v1::STATUS_CLASS_CLIENT_ERROR);
  EXPECT_EQ(ClassOf(599), v1::STATUS_CLASS_SERVER_ERROR);
  EXPECT_EQ(ClassOf(99), v1::STATUS_CLASS_UNSPECIFIED);
  EXPECT_EQ(ClassOf(600), v1::STATUS_CLASS_UNSPECIFIED);
}

}  // namespace
}  // namespace statusinfo::core
