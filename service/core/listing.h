// Paged listing of catalog entries (AIP-132, AIP-158).
//
// Page tokens are opaque to clients. They encode where the next page starts
// and a fingerprint of the filters, so a token used with other filters is
// rejected instead of silently giving a wrong page.
//
// Example:
//
//   v1::ListStatusCodesRequest request;
//   request.set_status_class(v1::STATUS_CLASS_CLIENT_ERROR);
//   request.set_page_size(10);
//   absl::StatusOr<v1::ListStatusCodesResponse> page =
//       ListStatusCodes(catalog, request);
//   // page->status_codes(0).code() == 400; pass page->next_page_token() on.
#ifndef STATUSINFO_SERVICE_CORE_LISTING_H_
#define STATUSINFO_SERVICE_CORE_LISTING_H_

#include "absl/status/statusor.h"
#include "service/core/catalog.h"
#include "service/core/limits.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::core {

absl::StatusOr<statusinfo::v1::ListStatusCodesResponse> ListStatusCodes(
    const Catalog& catalog,
    const statusinfo::v1::ListStatusCodesRequest& request);

absl::StatusOr<statusinfo::v1::ListGrpcStatusCodesResponse> ListGrpcStatusCodes(
    const Catalog& catalog,
    const statusinfo::v1::ListGrpcStatusCodesRequest& request);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_LISTING_H_
