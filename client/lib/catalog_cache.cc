#include "client/lib/catalog_cache.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/lib/errors.h"
#include "client/lib/status_info_client.h"
#include "grpc/support/log.h"
#include "service/core/listing.h"

namespace statusinfo::client {
namespace {

// How many times a listing whose pages came from different catalogs is
// started again before the refresh counts as failed. Two catalogs side by
// side last only as long as a rollout, so a few tries see it through or
// leave it to the next refresh.
constexpr int kListingAttempts = 3;

// Lists every HTTP entry (unofficial ones too) and every gRPC code, from
// one catalog_version.
absl::StatusOr<v1::StatusCatalog> ListOnce(StatusInfoClient& client) {
  v1::ListStatusCodesRequest request;
  request.set_include_unofficial(true);
  request.set_page_size(core::kMaxPageSize);
  absl::StatusOr<v1::ListStatusCodesResponse> http =
      client.ListAllStatusCodes(request);
  if (!http.ok()) return http.status();
  if (http->total_size() != http->status_codes_size()) {
    return absl::DataLossError(absl::StrCat(
        "ListStatusCodes: the server listed ", http->status_codes_size(),
        " entries but gave total_size ", http->total_size()));
  }
  absl::StatusOr<v1::ListGrpcStatusCodesResponse> grpc =
      client.ListGrpcStatusCodes();
  if (!grpc.ok()) return grpc.status();
  if (grpc->catalog_version() != http->catalog_version()) {
    return absl::AbortedError(
        absl::StrCat("the catalog changed between listings: catalog_version \"",
                     http->catalog_version(), "\" for HTTP codes, \"",
                     grpc->catalog_version(), "\" for gRPC codes"));
  }
  v1::StatusCatalog listed;
  listed.set_version(http->catalog_version());
  listed.mutable_status_codes()->Swap(http->mutable_status_codes());
  listed.mutable_grpc_status_codes()->Swap(grpc->mutable_grpc_status_codes());
  return listed;
}

// How long the refresher waits after a listing that did or did not succeed.
absl::Duration NextWait(const CatalogCacheOptions& options, bool succeeded) {
  return succeeded ? options.refresh_interval
                   : std::min(options.retry_interval, options.refresh_interval);
}

}  // namespace

CatalogCache::CatalogCache(StatusInfoClient& client,
                           CatalogCacheOptions options)
    : client_(client), options_(std::move(options)) {}

CatalogCache::~CatalogCache() {
  {
    absl::MutexLock lock(&stop_mu_);
    stopping_ = true;
  }
  if (refresher_.joinable()) refresher_.join();
}

std::shared_ptr<const CatalogSnapshot> CatalogCache::Current() const {
  absl::ReaderMutexLock lock(&mu_);
  return current_;
}

absl::StatusOr<std::shared_ptr<const CatalogSnapshot>>
CatalogCache::Snapshot() {
  if (std::shared_ptr<const CatalogSnapshot> current = Current()) {
    return current;
  }
  {
    absl::MutexLock lock(&start_mu_);
    if (!started_) {
      started_ = true;
      const absl::Status first = Refresh();
      refresher_ = std::thread(&CatalogCache::RunRefresher, this,
                               NextWait(options_, first.ok()));
    }
  }
  absl::ReaderMutexLock lock(&mu_);
  if (current_ != nullptr) return current_;
  if (last_error_.ok()) {  // a listing is under way elsewhere
    return absl::UnavailableError("the catalog is not listed yet");
  }
  return last_error_;
}

absl::Status CatalogCache::Refresh() {
  absl::MutexLock refresh_lock(&refresh_mu_);
  absl::StatusOr<std::shared_ptr<const CatalogSnapshot>> fresh = Fetch();
  std::shared_ptr<const CatalogSnapshot> old;
  int64_t failures = 0;
  {
    absl::MutexLock lock(&mu_);
    if (fresh.ok()) {
      // The old copy is released below, outside the lock: readers never
      // wait for it to be freed.
      old = std::exchange(current_, *fresh);
      ++refreshes_;
      last_error_ = absl::OkStatus();
    } else {
      old = current_;
      failures = ++refresh_failures_;
      last_error_ = fresh.status();
    }
  }
  if (!fresh.ok()) {
    Log(CatalogCacheEvent::kRefreshFailed,
        absl::StrCat("statusinfo catalog cache: refresh failed (", failures,
                     failures == 1 ? " failure" : " failures", " so far); ",
                     old == nullptr
                         ? "no copy yet, lookups go to the server"
                         : absl::StrCat("still serving catalog_version \"",
                                        old->version(), "\""),
                     ": ", DescribeError(fresh.status())));
    return fresh.status();
  }
  if (old == nullptr || old->version() != (*fresh)->version()) {
    Log(CatalogCacheEvent::kLoaded,
        absl::StrCat("statusinfo catalog cache: serving catalog_version \"",
                     (*fresh)->version(), "\"",
                     old == nullptr
                         ? ""
                         : absl::StrCat(" (was \"", old->version(), "\")"),
                     ", ", (*fresh)->entries().size(), " HTTP entries"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const CatalogSnapshot>> CatalogCache::Fetch() {
  absl::Status changed;
  for (int attempt = 0; attempt < kListingAttempts; ++attempt) {
    absl::StatusOr<v1::StatusCatalog> listed = ListOnce(client_);
    if (absl::IsAborted(listed.status())) {
      changed = listed.status();
      continue;
    }
    if (!listed.ok()) return listed.status();
    return CatalogSnapshot::Create(*std::move(listed));
  }
  return absl::AbortedError(absl::StrCat(changed.message(), " (listed ",
                                         kListingAttempts, " times)"));
}

int64_t CatalogCache::refreshes() const {
  absl::ReaderMutexLock lock(&mu_);
  return refreshes_;
}

int64_t CatalogCache::refresh_failures() const {
  absl::ReaderMutexLock lock(&mu_);
  return refresh_failures_;
}

void CatalogCache::Log(CatalogCacheEvent event, const std::string& line) const {
  if (options_.log) {
    options_.log(event, line);
  } else if (event == CatalogCacheEvent::kRefreshFailed) {
    gpr_log(GPR_ERROR, "%s", line.c_str());
  } else {
    gpr_log(GPR_INFO, "%s", line.c_str());
  }
}

void CatalogCache::RunRefresher(absl::Duration first_wait) {
  absl::Duration wait = first_wait;
  while (!WaitForStop(wait)) {
    wait = NextWait(options_, Refresh().ok());
  }
}

bool CatalogCache::WaitForStop(absl::Duration delay) {
  absl::MutexLock lock(&stop_mu_);
  return stop_mu_.AwaitWithTimeout(absl::Condition(&stopping_), delay);
}

}  // namespace statusinfo::client
