#include "service/core/listing.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/core/errors.h"

namespace statusinfo::core {
namespace {

using ::testing::HasSubstr;

class ListingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { catalog_ = new Catalog(*LoadCatalog("")); }
  static const Catalog& catalog() { return *catalog_; }

 private:
  static const Catalog* catalog_;
};

const Catalog* ListingTest::catalog_ = nullptr;

int CountMatching(const Catalog& catalog, bool unofficial) {
  int n = 0;
  for (const v1::StatusCode* e : catalog.entries()) {
    if (unofficial || e->registry_status() != v1::REGISTRY_STATUS_UNOFFICIAL)
      ++n;
  }
  return n;
}

TEST_F(ListingTest, FirstPageUsesTheDefaultSize) {
  v1::ListStatusCodesRequest request;
  auto page = ListStatusCodes(catalog(), request);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->status_codes_size(), kDefaultPageSize);
  EXPECT_EQ(page->status_codes(0).code(), 100);
  EXPECT_FALSE(page->next_page_token().empty());
  EXPECT_EQ(page->total_size(), CountMatching(catalog(), false));
}

TEST_F(ListingTest, PagesCoverEveryEntryOnceInOrder) {
  for (bool unofficial : {false, true}) {
    v1::ListStatusCodesRequest request;
    request.set_page_size(7);
    request.set_include_unofficial(unofficial);
    std::set<int> seen;
    int previous = 0;
    do {
      auto page = ListStatusCodes(catalog(), request);
      ASSERT_TRUE(page.ok()) << page.status();
      ASSERT_LE(page->status_codes_size(), 7);
      for (const v1::StatusCode& entry : page->status_codes()) {
        EXPECT_GT(entry.code(), previous);
        previous = entry.code();
        seen.insert(entry.code());
        EXPECT_TRUE(unofficial ||
                    entry.registry_status() != v1::REGISTRY_STATUS_UNOFFICIAL);
      }
      request.set_page_token(page->next_page_token());
    } while (!request.page_token().empty());
    EXPECT_EQ(static_cast<int>(seen.size()),
              CountMatching(catalog(), unofficial));
  }
}

TEST_F(ListingTest, FiltersByClass) {
  v1::ListStatusCodesRequest request;
  request.set_status_class(v1::STATUS_CLASS_SERVER_ERROR);
  request.set_include_unofficial(true);
  request.set_page_size(1000);
  auto page = ListStatusCodes(catalog(), request);
  ASSERT_TRUE(page.ok());
  ASSERT_GT(page->status_codes_size(), 0);
  for (const v1::StatusCode& entry : page->status_codes()) {
    EXPECT_EQ(entry.code() / 100, 5);
  }
  EXPECT_TRUE(page->next_page_token().empty());
}

TEST_F(ListingTest, LargePageSizesAreClamped) {
  v1::ListStatusCodesRequest request;
  request.set_page_size(2147483647);
  auto page = ListStatusCodes(catalog(), request);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->status_codes_size(), page->total_size());
}

TEST_F(ListingTest, RejectsNegativePageSize) {
  v1::ListStatusCodesRequest request;
  request.set_page_size(-1);
  auto page = ListStatusCodes(catalog(), request);
  ASSERT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(page.status().message(), HasSubstr("page_size"));
}

TEST_F(ListingTest, RejectsMalformedTokens) {
  for (const std::string token : {"garbage!", "djF8MC4wfA", "AAAA", "%%%"}) {
    v1::ListStatusCodesRequest request;
    request.set_page_token(token);
    auto page = ListStatusCodes(catalog(), request);
    ASSERT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument)
        << token;
    EXPECT_THAT(page.status().message(), HasSubstr("page_token"));
    EXPECT_EQ(ErrorReason(page.status()), "INVALID_PAGE_TOKEN");
  }
}

TEST_F(ListingTest, RejectsATokenFromOtherFilters) {
  v1::ListStatusCodesRequest request;
  request.set_page_size(2);
  auto first = ListStatusCodes(catalog(), request);
  ASSERT_TRUE(first.ok());
  request.set_page_token(first->next_page_token());
  request.set_include_unofficial(true);
  auto second = ListStatusCodes(catalog(), request);
  ASSERT_EQ(second.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(second.status()), "PAGE_TOKEN_FILTER_MISMATCH");
}

TEST_F(ListingTest, RejectsUnknownClass) {
  v1::ListStatusCodesRequest request;
  request.set_status_class(static_cast<v1::StatusClass>(9));
  EXPECT_EQ(ListStatusCodes(catalog(), request).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ListingTest, EveryPageCarriesTheCatalogVersion) {
  v1::ListStatusCodesRequest request;
  request.set_page_size(40);
  int pages = 0;
  do {
    auto page = ListStatusCodes(catalog(), request);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->catalog_version(), catalog().catalog_version());
    ++pages;
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty());
  EXPECT_GT(pages, 1);
  v1::ListGrpcStatusCodesRequest grpc_request;
  grpc_request.set_page_size(10);
  auto grpc_page = ListGrpcStatusCodes(catalog(), grpc_request);
  ASSERT_TRUE(grpc_page.ok());
  EXPECT_EQ(grpc_page->catalog_version(), catalog().catalog_version());
}

TEST_F(ListingTest, ListsGrpcCodesInPages) {
  v1::ListGrpcStatusCodesRequest request;
  auto all = ListGrpcStatusCodes(catalog(), request);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->grpc_status_codes_size(), 17);
  EXPECT_TRUE(all->next_page_token().empty());
  request.set_page_size(10);
  auto first = ListGrpcStatusCodes(catalog(), request);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->grpc_status_codes_size(), 10);
  request.set_page_token(first->next_page_token());
  auto second = ListGrpcStatusCodes(catalog(), request);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->grpc_status_codes_size(), 7);
  EXPECT_EQ(second->grpc_status_codes(0).code(), 10);
  EXPECT_TRUE(second->next_page_token().empty());
}

}  // namespace
}  // namespace statusinfo::core
