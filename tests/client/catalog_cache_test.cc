// Tests of the catalog cache against a fake listing service
// (fake_catalog_service.h) over an in-process channel: loading, refreshing,
// and every way a listing can go wrong, after which the last good copy must
// still be served whole.
#include "client/lib/catalog_cache.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "client/lib/status_info_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "tests/client/fake_catalog_service.h"

namespace statusinfo::client {
namespace {

using ::testing::HasSubstr;
using Mode = FakeCatalogService::Mode;

// The built-in catalog, or an organisation's variant of it: another
// version, and another phrase for 404.
core::Catalog MakeCatalog(bool variant) {
  v1::StatusCatalog data = core::BuiltinCatalogData();
  if (variant) {
    data.set_version(absl::StrCat(data.version(), "+acme.7"));
    for (v1::StatusCode& entry : *data.mutable_status_codes()) {
      if (entry.code() == 404) entry.set_reason_phrase("Nothing Here");
    }
  }
  absl::StatusOr<core::Catalog> catalog = core::Catalog::Create(data);
  EXPECT_TRUE(catalog.ok()) << catalog.status();
  return *std::move(catalog);
}

// The 404 phrase that goes with each catalog's version: a snapshot whose
// version and content disagree is a half-updated one.
std::string PhraseFor(const core::Catalog& a, const core::Catalog& b,
                      const std::string& version) {
  if (version == a.catalog_version()) return a.Find(404)->reason_phrase();
  if (version == b.catalog_version()) return b.Find(404)->reason_phrase();
  return "unknown version " + version;
}

class CatalogCacheTest : public ::testing::Test {
 protected:
  CatalogCacheTest()
      : builtin_(MakeCatalog(false)),
        variant_(MakeCatalog(true)),
        fake_(&builtin_),
        server_(StartInProcess(fake_)) {}

  ~CatalogCacheTest() override {
    cache_.reset();
    client_.reset();
    server_->Shutdown();
  }

  // A client with `timeout` and a cache whose log goes to lines().
  CatalogCache& MakeCache(CatalogCacheOptions options = {},
                          absl::Duration timeout = absl::Seconds(5)) {
    ClientOptions client_options;
    client_options.timeout = timeout;
    client_ = std::make_unique<StatusInfoClient>(
        server_->InProcessChannel(grpc::ChannelArguments()), client_options);
    options.log = [this](CatalogCacheEvent event, absl::string_view line) {
      absl::MutexLock lock(&mu_);
      lines_.emplace_back(line);
      if (event == CatalogCacheEvent::kLoaded &&
          absl::StrContains(line, variant_.catalog_version()) &&
          !variant_loaded_.HasBeenNotified()) {
        variant_loaded_.Notify();
      }
    };
    cache_ = std::make_unique<CatalogCache>(*client_, std::move(options));
    return *cache_;
  }

  std::vector<std::string> lines() {
    absl::MutexLock lock(&mu_);
    return lines_;
  }

  // Loads the built-in catalog, then checks that a failed refresh kept it
  // whole: same version, same content, one failure counted and logged.
  // `expected_code`: that of the failure, when the test decides it (gRPC
  // decides what an unparseable response is).
  void ExpectRefreshFailsAndKeepsTheCopy(
      CatalogCache& cache, absl::optional<absl::StatusCode> expected_code) {
    absl::StatusOr<std::shared_ptr<const CatalogSnapshot>> first =
        cache.Snapshot();
    ASSERT_TRUE(first.ok()) << first.status();
    const absl::Status refresh = cache.Refresh();
    EXPECT_FALSE(refresh.ok());
    if (expected_code.has_value()) {
      EXPECT_EQ(refresh.code(), *expected_code) << refresh;
    }
    std::shared_ptr<const CatalogSnapshot> current = cache.Current();
    EXPECT_EQ(current, *first);
    EXPECT_EQ(current->version(), builtin_.catalog_version());
    EXPECT_EQ(current->entries().size(), builtin_.entries().size());
    EXPECT_EQ((*current->GetStatusCode(404))->reason_phrase(), "Not Found");
    EXPECT_EQ(cache.refresh_failures(), 1);
    EXPECT_EQ(cache.refreshes(), 1);
    ASSERT_FALSE(lines().empty());
    EXPECT_THAT(lines().back(), HasSubstr("refresh failed (1 failure so far)"));
    EXPECT_THAT(lines().back(),
                HasSubstr(absl::StrCat("still serving catalog_version \"",
                                       builtin_.catalog_version())));
  }

  core::Catalog builtin_;
  core::Catalog variant_;
  FakeCatalogService fake_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<StatusInfoClient> client_;
  std::unique_ptr<CatalogCache> cache_;
  absl::Notification variant_loaded_;
  absl::Mutex mu_;
  std::vector<std::string> lines_ ABSL_GUARDED_BY(mu_);
};

TEST_F(CatalogCacheTest, FirstUseListsEverythingOnce) {
  CatalogCache& cache = MakeCache();
  EXPECT_EQ(cache.Current(), nullptr);
  absl::StatusOr<std::shared_ptr<const CatalogSnapshot>> snapshot =
      cache.Snapshot();
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  EXPECT_EQ((*snapshot)->version(), builtin_.catalog_version());
  // Unofficial entries too, over several pages.
  ASSERT_GT(builtin_.entries().size(), 2u * FakeCatalogService::kPageSize);
  ASSERT_EQ((*snapshot)->entries().size(), builtin_.entries().size());
  for (size_t i = 0; i < builtin_.entries().size(); ++i) {
    EXPECT_EQ((*snapshot)->entries()[i]->SerializeAsString(),
              builtin_.entries()[i]->SerializeAsString());
  }
  absl::StatusOr<const v1::GrpcStatusCode*> grpc =
      (*snapshot)->GetGrpcStatusCode(14);
  ASSERT_TRUE(grpc.ok());
  EXPECT_EQ((*grpc)->name(), "UNAVAILABLE");
  // Later uses are the same copy, with no listing.
  EXPECT_EQ(*cache.Snapshot(), *snapshot);
  EXPECT_EQ(cache.refreshes(), 1);
  EXPECT_THAT(lines(),
              ::testing::ElementsAre(HasSubstr(absl::StrCat(
                  "serving catalog_version \"", builtin_.catalog_version()))));
}

TEST_F(CatalogCacheTest, RefreshPicksUpAnotherCatalog) {
  CatalogCache& cache = MakeCache();
  ASSERT_TRUE(cache.Snapshot().ok());
  fake_.SetCatalog(&variant_);
  ASSERT_TRUE(cache.Refresh().ok());
  EXPECT_EQ(cache.Current()->version(), variant_.catalog_version());
  EXPECT_EQ((*cache.Current()->GetStatusCode(404))->reason_phrase(),
            "Nothing Here");
  EXPECT_THAT(lines().back(),
              HasSubstr(absl::StrCat("(was \"", builtin_.catalog_version())));
}

TEST_F(CatalogCacheTest, BackgroundRefreshPicksUpAnotherCatalog) {
  CatalogCacheOptions options;
  options.refresh_interval = absl::Milliseconds(1);
  CatalogCache& cache = MakeCache(options);
  ASSERT_TRUE(cache.Snapshot().ok());
  fake_.SetCatalog(&variant_);
  ASSERT_TRUE(
      variant_loaded_.WaitForNotificationWithTimeout(absl::Seconds(60)));
  EXPECT_EQ(cache.Current()->version(), variant_.catalog_version());
}

TEST_F(CatalogCacheTest, GarbageBytesKeepTheLastGoodCopy) {
  CatalogCache& cache = MakeCache();
  ASSERT_TRUE(cache.Snapshot().ok());
  fake_.SetMode(Mode::kGarbage);
  fake_.SetCatalog(&variant_);
  ExpectRefreshFailsAndKeepsTheCopy(cache, absl::nullopt);
}

TEST_F(CatalogCacheTest, AnInvalidCatalogKeepsTheLastGoodCopy) {
  CatalogCache& cache = MakeCache();
  ASSERT_TRUE(cache.Snapshot().ok());
  fake_.SetCatalog(&variant_);
  // Well-formed messages, but no catalog: an entry twice (in place of
  // another, so that the count still matches).
  fake_.SetTamper([](int page, v1::ListStatusCodesResponse& response) {
    if (page != 0) return;
    *response.mutable_status_codes(response.status_codes_size() - 1) =
        response.status_codes(0);
  });
  ExpectRefreshFailsAndKeepsTheCopy(cache, absl::StatusCode::kDataLoss);
  EXPECT_THAT(lines().back(), HasSubstr("code appears more than once"));
}

TEST_F(CatalogCacheTest, AWrongTotalKeepsTheLastGoodCopy) {
  CatalogCache& cache = MakeCache();
  ASSERT_TRUE(cache.Snapshot().ok());
  fake_.SetCatalog(&variant_);
  fake_.SetTamper([](int, v1::ListStatusCodesResponse& page) {
    page.set_total_size(page.total_size() + 1);
  });
  ExpectRefreshFailsAndKeepsTheCopy(cache, absl::StatusCode::kDataLoss);
}

TEST_F(CatalogCacheTest, ATimedOutRefreshKeepsTheLastGoodCopy) {
  CatalogCache& cache = MakeCache({}, absl::Milliseconds(300));
  ASSERT_TRUE(cache.Snapshot().ok());
  fake_.SetCatalog(&variant_);
  fake_.SetMode(Mode::kHang);
  ExpectRefreshFailsAndKeepsTheCopy(cache, absl::StatusCode::kDeadlineExceeded);
}

TEST_F(CatalogCacheTest, AFailedGrpcListingDoesNotHalfUpdate) {
  CatalogCache& cache = MakeCache();
  ASSERT_TRUE(cache.Snapshot().ok());
  // The HTTP entries of the new catalog list fine; its gRPC codes do not.
  fake_.SetCatalog(&variant_);
  fake_.SetMode(Mode::kServe, Mode::kGarbage);
  ExpectRefreshFailsAndKeepsTheCopy(cache, absl::nullopt);
}

TEST_F(CatalogCacheTest, AVersionChangeWhilePagingListsAgain) {
  CatalogCache& cache = MakeCache();
  ASSERT_TRUE(cache.Snapshot().ok());
  // The first page of the next listing comes from the old catalog, the
  // rest (and every later listing) from the new one: a rollout behind a
  // load balancer.
  fake_.SetTamper([this](int page, v1::ListStatusCodesResponse&) {
    if (page == 0) fake_.SetCatalogFromTamper(&variant_);
  });
  ASSERT_TRUE(cache.Refresh().ok());
  EXPECT_EQ(cache.Current()->version(), variant_.catalog_version());
  EXPECT_EQ((*cache.Current()->GetStatusCode(404))->reason_phrase(),
            "Nothing Here");
  EXPECT_EQ(cache.refresh_failures(), 0);
}

TEST_F(CatalogCacheTest, AVersionChangeBetweenListingsListsAgain) {
  CatalogCache& cache = MakeCache();
  ASSERT_TRUE(cache.Snapshot().ok());
  // Every HTTP page from the old catalog, the gRPC codes from the new one.
  fake_.SetTamper([this](int, v1::ListStatusCodesResponse& response) {
    if (response.next_page_token().empty()) {
      fake_.SetCatalogFromTamper(&variant_);
    }
  });
  ASSERT_TRUE(cache.Refresh().ok());
  EXPECT_EQ(cache.Current()->version(), variant_.catalog_version());
  EXPECT_EQ((*cache.Current()->GetStatusCode(404))->reason_phrase(),
            "Nothing Here");
}

TEST_F(CatalogCacheTest, AVersionThatKeepsChangingKeepsTheLastGoodCopy) {
  CatalogCache& cache = MakeCache();
  ASSERT_TRUE(cache.Snapshot().ok());
  fake_.SetCatalog(&variant_);
  fake_.SetTamper([](int page, v1::ListStatusCodesResponse& response) {
    response.set_catalog_version(absl::StrCat("flapping.", page));
  });
  ExpectRefreshFailsAndKeepsTheCopy(cache, absl::StatusCode::kAborted);
  EXPECT_THAT(lines().back(), HasSubstr("the catalog changed while paging"));
}

TEST_F(CatalogCacheTest, EndlessPagingFailsInsteadOfHanging) {
  CatalogCache& cache = MakeCache();
  ASSERT_TRUE(cache.Snapshot().ok());
  // Every page says "more from the start", with a token that differs from
  // the last one (in the core's format, so that the fake accepts it).
  fake_.SetTamper([](int page, v1::ListStatusCodesResponse& response) {
    response.set_next_page_token(absl::WebSafeBase64Escape(
        absl::StrCat("v1|0.1|", page % 2 == 0 ? 100 : 101)));
  });
  ExpectRefreshFailsAndKeepsTheCopy(cache, absl::StatusCode::kInternal);
  EXPECT_THAT(lines().back(), HasSubstr("keeps paging past every possible"));
}

TEST_F(CatalogCacheTest, NoCopyYetReturnsTheFailureUntilARetrySucceeds) {
  CatalogCacheOptions options;
  options.retry_interval = absl::Milliseconds(1);
  fake_.SetMode(Mode::kGarbage);
  CatalogCache& cache = MakeCache(options);
  EXPECT_FALSE(cache.Snapshot().ok());
  EXPECT_THAT(lines().front(), HasSubstr("no copy yet"));
  fake_.SetCatalog(&variant_);
  fake_.SetMode(Mode::kServe);
  ASSERT_TRUE(
      variant_loaded_.WaitForNotificationWithTimeout(absl::Seconds(60)));
  ASSERT_TRUE(cache.Snapshot().ok());
  EXPECT_GE(cache.refresh_failures(), 1);
}

TEST_F(CatalogCacheTest, ReadersNeverSeeAHalfUpdatedCatalog) {
  CatalogCache& cache = MakeCache();
  ASSERT_TRUE(cache.Snapshot().ok());
  std::atomic<bool> done{false};
  std::atomic<int> mismatches{0};
  std::vector<std::thread> readers;
  readers.reserve(2);
  for (int i = 0; i < 2; ++i) {
    readers.emplace_back([&] {
      while (!done.load()) {
        std::shared_ptr<const CatalogSnapshot> s = *cache.Snapshot();
        if ((*s->GetStatusCode(404))->reason_phrase() !=
            PhraseFor(builtin_, variant_, s->version())) {
          ++mismatches;
        }
      }
    });
  }
  for (int i = 0; i < 20; ++i) {
    fake_.SetCatalog(i % 2 == 0 ? &variant_ : &builtin_);
    EXPECT_TRUE(cache.Refresh().ok());
  }
  done = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(cache.refreshes(), 21);
}

TEST_F(CatalogCacheTest, TheClientCallsWhileItsCacheHasNoCopy) {
  fake_.SetMode(Mode::kGarbage);
  ClientOptions options;
  options.catalog_cache.enabled = true;
  options.catalog_cache.log = [](CatalogCacheEvent, absl::string_view) {};
  StatusInfoClient client(server_->InProcessChannel(grpc::ChannelArguments()),
                          options);
  ASSERT_NE(client.catalog_cache(), nullptr);
  // The fake serves no lookups, so only a call gets this answer.
  EXPECT_EQ(client.GetStatusCode(404).status().code(),
            absl::StatusCode::kUnimplemented);
  EXPECT_EQ(client.catalog_cache()->refresh_failures(), 1);
  fake_.SetMode(Mode::kServe);
  ASSERT_TRUE(client.catalog_cache()->Refresh().ok());
  absl::StatusOr<v1::StatusCode> entry = client.GetStatusCode(404);
  ASSERT_TRUE(entry.ok()) << entry.status();
  EXPECT_EQ(entry->reason_phrase(), "Not Found");
}

TEST_F(CatalogCacheTest, ListAllStatusCodesRefusesPagesOfTwoCatalogs) {
  MakeCache();
  fake_.SetTamper([this](int page, v1::ListStatusCodesResponse&) {
    if (page == 0) fake_.SetCatalogFromTamper(&variant_);
  });
  v1::ListStatusCodesRequest request;
  request.set_include_unofficial(true);
  absl::StatusOr<v1::ListStatusCodesResponse> all =
      client_->ListAllStatusCodes(request);
  EXPECT_EQ(all.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(all.status().message(),
              HasSubstr(absl::StrCat("catalog_version was \"",
                                     builtin_.catalog_version())));
}

}  // namespace
}  // namespace statusinfo::client
