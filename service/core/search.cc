// Placeholder until search lands (issue 3).
#include "service/core/search.h"

namespace statusinfo::core {

SearchIndex::SearchIndex(const Catalog& catalog) : catalog_(&catalog) {}

absl::StatusOr<v1::SearchStatusCodesResponse> SearchIndex::Search(
    const v1::SearchStatusCodesRequest&) const {
  return absl::UnimplementedError("SearchStatusCodes is not implemented yet");
}

}  // namespace statusinfo::core
