#include "service/core/internal/catalog_enrichment.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/response_rules.h"
#include "service/core/translation.h"

namespace statusinfo::core {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

v1::StatusCatalog SmallCatalog() {
  v1::StatusCatalog data;
  v1::StatusCode* entry = data.add_status_codes();
  entry->set_code(401);
  entry->set_reason_phrase("Unauthorized");
  entry->set_registry_status(v1::REGISTRY_STATUS_REGISTERED);
  v1::Reference* reference = entry->add_references();
  reference->set_document("RFC 9110");
  reference->set_section("15.5.2");
  return data;
}

TEST(CatalogEnrichmentTest, DerivesClassLinksRequirementsAndMapping) {
  absl::StatusOr<Catalog> catalog = BuildCatalog(SmallCatalog());
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  const v1::StatusCode* entry = catalog->Find(401);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->status_class(), v1::STATUS_CLASS_CLIENT_ERROR);
  EXPECT_EQ(entry->references(0).uri(),
            "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2");
  std::vector<std::string> fields;
  for (const v1::HeaderRequirement& requirement :
       entry->header_requirements()) {
    fields.push_back(requirement.field_name());
  }
  EXPECT_THAT(fields, Contains("WWW-Authenticate"));
  EXPECT_EQ(fields.size(), HeaderRequirementsFor(401).size());
  EXPECT_EQ(entry->grpc_code(), GrpcCodeReceivedForHttp(401));
}

TEST(CatalogEnrichmentTest, BuildCatalogKeepsTheCatalogsErrors) {
  v1::StatusCatalog data = SmallCatalog();
  data.mutable_status_codes(0)->set_code(42);
  absl::StatusOr<Catalog> catalog = BuildCatalog(data);
  ASSERT_FALSE(catalog.ok());
  EXPECT_THAT(catalog.status().message(),
              HasSubstr("code must be between 100 and 599"));
}

}  // namespace
}  // namespace statusinfo::core
