// How a CatalogCache (catalog_cache.h) keeps its copy of the catalog.
//
// Example (through ClientOptions, so that StatusInfoClient's lookups answer
// from memory):
//
//   ClientOptions options;
//   options.catalog_cache.enabled = true;
//   options.catalog_cache.refresh_interval = absl::Minutes(1);
#ifndef STATUSINFO_CLIENT_LIB_CATALOG_CACHE_OPTIONS_H_
#define STATUSINFO_CLIENT_LIB_CATALOG_CACHE_OPTIONS_H_

#include <functional>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace statusinfo::client {

// What a CatalogCache tells its log.
enum class CatalogCacheEvent {
  kLoaded,         // a listing succeeded with a new catalog_version
  kRefreshFailed,  // a listing failed; the last good copy, if any, stays
};

struct CatalogCacheOptions {
  // Read by StatusInfoClient only: answer GetStatusCode, BatchGetStatusCodes,
  // ValidateStatusCode, GetGrpcStatusCode and TranslateStatus from a cache
  // of the catalog. Off by default: the client then calls for everything.
  bool enabled = false;

  // How long a copy is served before it is listed again in the background.
  // A catalog changes only with a release, or with an organisation's
  // --catalog_file, so a change reaches the caller within this long (plus
  // one listing) while the server can be reached.
  absl::Duration refresh_interval = absl::Minutes(5);

  // After a failed listing, the next one comes this soon (but never later
  // than refresh_interval): a copy that could not be refreshed, or a cache
  // that has none yet, catches up quickly once the server is back.
  absl::Duration retry_interval = absl::Seconds(30);

  // Where the cache's one-line reports go: a new catalog version, or a
  // failed listing (with the failure count and the version still served).
  // Empty: gRPC's log (gpr_log; failures at ERROR, loads at INFO, shown
  // with GRPC_VERBOSITY=INFO). Called from the thread that listed; must be
  // thread-safe.
  std::function<void(CatalogCacheEvent event, absl::string_view line)> log;
};

}  // namespace statusinfo::client

#endif  // STATUSINFO_CLIENT_LIB_CATALOG_CACHE_OPTIONS_H_
