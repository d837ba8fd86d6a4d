// The catalog cache's hit path allocates nothing: CatalogCache::Snapshot()
// and a lookup in the snapshot, counted by a replacement of the global
// operator new in this test binary (and only here: it is its own
// executable). The count is per thread, so gRPC's own threads do not
// disturb it.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>

#include "client/lib/catalog_cache.h"
#include "client/lib/status_info_client.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "tests/client/fake_catalog_service.h"

namespace {
thread_local int64_t allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace statusinfo::client {
namespace {

TEST(CatalogCacheAllocTest, HitPathAllocatesNothing) {
  absl::StatusOr<core::Catalog> catalog = core::LoadCatalog("");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  FakeCatalogService fake(&*catalog);
  std::unique_ptr<grpc::Server> server = StartInProcess(fake);
  ClientOptions options;
  options.catalog_cache.enabled = true;
  options.catalog_cache.log = [](CatalogCacheEvent, absl::string_view) {};
  StatusInfoClient client(server->InProcessChannel(grpc::ChannelArguments()),
                          options);
  CatalogCache& cache = *client.catalog_cache();
  ASSERT_TRUE(cache.Snapshot().ok());

  constexpr int kCodes[] = {200, 404, 418, 503, 599 /* unofficial */};
  int found = 0;
  const int64_t before = allocations;
  for (int round = 0; round < 1000; ++round) {
    for (int code : kCodes) {
      absl::StatusOr<std::shared_ptr<const CatalogSnapshot>> snapshot =
          cache.Snapshot();
      absl::StatusOr<const v1::StatusCode*> entry =
          (*snapshot)->GetStatusCode(code);
      absl::StatusOr<const v1::GrpcStatusCode*> grpc =
          (*snapshot)->GetGrpcStatusCode(round % 17);
      found += static_cast<int>(entry.ok()) + static_cast<int>(grpc.ok());
    }
  }
  const int64_t hit_path = allocations - before;
  EXPECT_EQ(hit_path, 0);
  EXPECT_EQ(found, 1000 * 2 * static_cast<int>(std::size(kCodes)));

  // The count sees allocations: the client's GetStatusCode copies the
  // entry, and a miss builds an error.
  const int64_t before_copy = allocations;
  ASSERT_TRUE(client.GetStatusCode(404).ok());
  EXPECT_GT(allocations, before_copy);
  const int64_t before_miss = allocations;
  EXPECT_FALSE((*cache.Snapshot())->GetStatusCode(299).ok());
  EXPECT_GT(allocations, before_miss);
  server->Shutdown();
}

}  // namespace
}  // namespace statusinfo::client
