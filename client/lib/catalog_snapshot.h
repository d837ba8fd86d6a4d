// CatalogSnapshot: one immutable copy of a server's catalog, listed by a
// CatalogCache (catalog_cache.h), that answers lookups the way the server
// would.
//
// The answers come from the same functions the server runs (service/core:
// lookup, code_validation, translation) over the entries exactly as the
// server listed them, and errors carry the same code, message and
// google.rpc.Status details as a call's (errors.h). A snapshot never
// changes; a refresh makes a new one. Lookups of entries allocate nothing:
// they return pointers into the snapshot, valid while it is held.
//
// Example:
//
//   std::shared_ptr<const CatalogSnapshot> snapshot = ...;  // cache.Snapshot()
//   absl::StatusOr<const v1::StatusCode*> entry = snapshot->GetStatusCode(404);
//   if (entry.ok()) std::cout << (*entry)->reason_phrase();  // "Not Found"
//   snapshot->GetStatusCode(42);  // INVALID_ARGUMENT, as the server says
#ifndef STATUSINFO_CLIENT_LIB_CATALOG_SNAPSHOT_H_
#define STATUSINFO_CLIENT_LIB_CATALOG_SNAPSHOT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "service/core/catalog.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::client {

namespace v1 = ::statusinfo::v1;

class CatalogSnapshot {
 public:
  // `listed` holds every HTTP and gRPC entry a server listed, with its
  // catalog_version as version. Fails, naming the entry, when the entries
  // are not a valid catalog (out-of-range or repeated codes, missing
  // phrases...): a broken listing must not replace a good copy.
  static absl::StatusOr<std::shared_ptr<const CatalogSnapshot>> Create(
      v1::StatusCatalog listed);

  // The server's catalog_version of this copy.
  const std::string& version() const { return catalog_.version(); }

  // Every HTTP entry, ascending, as listed.
  absl::Span<const v1::StatusCode* const> entries() const {
    return catalog_.entries();
  }

  // As StatusInfoService.GetStatusCode. The pointer lives as long as the
  // snapshot.
  absl::StatusOr<const v1::StatusCode*> GetStatusCode(int code) const;

  // As StatusInfoService.BatchGetStatusCodes.
  absl::StatusOr<v1::BatchGetStatusCodesResponse> BatchGetStatusCodes(
      absl::Span<const int> codes) const;

  // As StatusInfoService.ValidateStatusCode.
  absl::StatusOr<v1::ValidateStatusCodeResponse> ValidateStatusCode(
      int code) const;

  // As StatusInfoService.GetGrpcStatusCode. The pointer lives as long as
  // the snapshot.
  absl::StatusOr<const v1::GrpcStatusCode*> GetGrpcStatusCode(int code) const;

  // As StatusInfoService.TranslateStatus.
  absl::StatusOr<v1::TranslateStatusResponse> TranslateStatus(
      const v1::TranslateStatusRequest& request) const;

  // Over a catalog built already; Create is the way from a listing.
  explicit CatalogSnapshot(core::Catalog catalog)
      : catalog_(std::move(catalog)) {}

 private:
  const core::Catalog catalog_;
};

}  // namespace statusinfo::client

#endif  // STATUSINFO_CLIENT_LIB_CATALOG_SNAPSHOT_H_
