// CatalogCache: lookups at the caller, from a copy of the server's catalog.
//
// The catalog is small (about a hundred entries) and changes only with a
// release, so a caller that looks codes up all the time can keep a copy and
// make no call at all, the way a DNS resolver answers from its cache. On
// first use the cache lists the whole catalog (every HTTP entry, unofficial
// ones too, and the gRPC codes) with its catalog_version, then lists it
// again in the background every refresh_interval (catalog_cache_options.h).
//
// Staleness: a change on the server (a new release, an organisation's
// --catalog_file) reaches the cache at the next refresh, so within
// refresh_interval plus one listing while the server can be reached. While
// it cannot, the cache keeps serving its last good copy, however old, and
// each failed refresh is counted (refresh_failures()) and logged; retries
// come every retry_interval. Answers are those of this library's copy of
// the core over the server's entries: identical to the server's for a
// server of the same release.
//
// A refresh builds a whole new snapshot off to the side and swaps it in at
// once; a listing that fails, times out, is not a valid catalog, or whose
// pages come from different catalog versions (a rollout behind a load
// balancer; it is listed again, up to three times) leaves the current copy
// as it was. Readers hold a snapshot by shared_ptr, so a swap never pulls
// one from under them.
//
// Example:
//
//   std::unique_ptr<StatusInfoClient> client = ...;  //
//   StatusInfoClient::Create CatalogCache cache(*client);  // `client` must
//   outlive `cache` absl::StatusOr<std::shared_ptr<const CatalogSnapshot>>
//   snapshot =
//       cache.Snapshot();  // the first use lists the catalog
//   if (!snapshot.ok()) return snapshot.status();  // no copy: server down
//   absl::StatusOr<const v1::StatusCode*> entry =
//       (*snapshot)->GetStatusCode(404);  // no call, no allocation
//
// Or let the client use it: with ClientOptions::catalog_cache.enabled, the
// client's GetStatusCode, BatchGetStatusCodes, ValidateStatusCode,
// GetGrpcStatusCode and TranslateStatus answer from its cache, and make the
// call as before while the cache has no copy yet.
#ifndef STATUSINFO_CLIENT_LIB_CATALOG_CACHE_H_
#define STATUSINFO_CLIENT_LIB_CATALOG_CACHE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "client/lib/catalog_cache_options.h"
#include "client/lib/catalog_snapshot.h"

namespace statusinfo::client {

class StatusInfoClient;

class CatalogCache {
 public:
  // Lists nothing yet: the first Snapshot() does. `client` makes the
  // listing calls (with its deadline) and must outlive the cache.
  explicit CatalogCache(StatusInfoClient& client,
                        CatalogCacheOptions options = {});
  // Stops the background refresh, waiting for a listing in flight (bounded
  // by the client's deadline).
  ~CatalogCache();

  CatalogCache(const CatalogCache&) = delete;
  CatalogCache& operator=(const CatalogCache&) = delete;

  // The current copy. The first call lists the catalog (other callers wait
  // for it) and starts the background refresh; if that fails, this returns
  // the failure until a background retry succeeds. Once there is a copy,
  // this only takes a shared read lock and copies a shared_ptr.
  absl::StatusOr<std::shared_ptr<const CatalogSnapshot>> Snapshot();

  // The current copy, or null when there is none yet; never lists.
  std::shared_ptr<const CatalogSnapshot> Current() const;

  // Lists the catalog now and swaps the copy in if the listing is good;
  // otherwise keeps the current copy, counts, logs and returns the failure.
  // The background refresh calls this; so may a caller that knows the
  // catalog changed.
  absl::Status Refresh();

  // Listings that succeeded / failed since construction.
  int64_t refreshes() const;
  int64_t refresh_failures() const;

 private:
  // Lists the whole catalog as one consistent snapshot.
  absl::StatusOr<std::shared_ptr<const CatalogSnapshot>> Fetch();
  // Sends one line to options_.log, or to gRPC's log.
  void Log(CatalogCacheEvent event, const std::string& line) const;
  // The background refresh: waits, refreshes, until the cache stops.
  void RunRefresher(absl::Duration first_wait);
  // Waits `delay` or until the cache stops; true when it stops.
  bool WaitForStop(absl::Duration delay);

  StatusInfoClient& client_;
  const CatalogCacheOptions options_;

  mutable absl::Mutex mu_;
  std::shared_ptr<const CatalogSnapshot> current_ ABSL_GUARDED_BY(mu_);
  absl::Status last_error_ ABSL_GUARDED_BY(mu_);
  int64_t refreshes_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t refresh_failures_ ABSL_GUARDED_BY(mu_) = 0;

  // One listing at a time.
  absl::Mutex refresh_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  // The first use's one-time listing and start of the refresher.
  absl::Mutex start_mu_ ABSL_ACQUIRED_BEFORE(refresh_mu_);
  bool started_ ABSL_GUARDED_BY(start_mu_) = false;

  absl::Mutex stop_mu_;
  bool stopping_ ABSL_GUARDED_BY(stop_mu_) = false;
  std::thread refresher_;
};

}  // namespace statusinfo::client

#endif  // STATUSINFO_CLIENT_LIB_CATALOG_CACHE_H_
