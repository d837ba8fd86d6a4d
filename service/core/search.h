// Search over the catalog by phrase, former phrase, keyword and number
// prefix, tolerant of case and small typos.
//
// The index is built once from a Catalog and then only read, so one index
// serves every thread.
//
// Example:
//
//   SearchIndex index(catalog);
//   v1::SearchStatusCodesRequest request;
//   request.set_query("not fuond");
//   absl::StatusOr<v1::SearchStatusCodesResponse> r = index.Search(request);
//   // r->results(0).status_code().code() == 404
#ifndef STATUSINFO_SERVICE_CORE_SEARCH_H_
#define STATUSINFO_SERVICE_CORE_SEARCH_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "service/core/catalog.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::core {

// The longest query accepted, in bytes.
inline constexpr int kMaxQueryBytes = 256;
// Results returned when page_size is 0, and the most ever returned.
inline constexpr int kDefaultSearchResults = 10;
inline constexpr int kMaxSearchResults = 100;

class SearchIndex {
 public:
  // `catalog` must outlive the index.
  explicit SearchIndex(const Catalog& catalog);

  // INVALID_ARGUMENT for an empty or over-long query or a negative page size.
  absl::StatusOr<statusinfo::v1::SearchStatusCodesResponse> Search(
      const statusinfo::v1::SearchStatusCodesRequest& request) const;

 private:
  const Catalog* catalog_;
};

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_SEARCH_H_
