// The lookup methods' answers, serialized once at start-up.
//
// GetStatusCode, BatchGetStatusCodes, GetGrpcStatusCode and
// SearchStatusCodes answer with catalog entries, which never change after
// start-up. Serializing each entry once and answering with a reference to
// its bytes saves, per call, copying the entry into a response message (a
// dozen strings and repeated fields) and serializing it again: the server
// sends these slices as they are (gRPC takes a reference, no copy). The
// bytes are exactly what serializing the typed response gives, so the wire
// does not change (tests/server/raw_lookup_test.cc); errors are the core's.
//
// Example:
//
//   SerializedCatalog serialized(catalog);
//   absl::StatusOr<Serialized<v1::StatusCode>> entry =
//       serialized.GetStatusCode(404);
//   if (entry.ok()) grpc::ByteBuffer response(entry->slices.data(), 1);
#ifndef STATUSINFO_SERVICE_SERVER_SERIALIZED_CATALOG_H_
#define STATUSINFO_SERVICE_SERVER_SERIALIZED_CATALOG_H_

#include <array>
#include <cstddef>
#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "grpcpp/support/slice.h"
#include "service/core/catalog.h"
#include "service/core/search.h"
#include "service/server/unary_method.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::server {

class SerializedCatalog {
 public:
  // `catalog` must outlive this: its errors are asked of it.
  explicit SerializedCatalog(const core::Catalog& catalog);

  // The entry of `code`, or the core's error (core::GetStatusCode).
  absl::StatusOr<Serialized<v1::StatusCode>> GetStatusCode(int64_t code) const;

  // The entries of `codes` in order as a BatchGetStatusCodesResponse, or
  // the core's error (core::BatchGetStatusCodes).
  absl::StatusOr<Serialized<v1::BatchGetStatusCodesResponse>>
  BatchGetStatusCodes(absl::Span<const int32_t> codes) const;

  // The gRPC code's entry, or the core's error (core::GetGrpcStatusCode).
  absl::StatusOr<Serialized<v1::GrpcStatusCode>> GetGrpcStatusCode(
      int64_t code) const;

  // The page of entries matching `request`, in the order and with the
  // scores of core::SearchIndex, or its error.
  absl::StatusOr<Serialized<v1::SearchStatusCodesResponse>> SearchStatusCodes(
      const v1::SearchStatusCodesRequest& request) const;

 private:
  static size_t Index(int64_t code) {
    return static_cast<size_t>(code - core::kMinStatusCode);
  }
  // The entry of `code` as one element of a repeated StatusCode field
  // numbered 1 (tag, length, entry); nullptr when the catalog has none.
  const grpc::Slice* FindElement(int64_t code) const {
    return core::IsValidStatusCode(code) && elements_[Index(code)].size() != 0
               ? &elements_[Index(code)]
               : nullptr;
  }

  static constexpr size_t kCodes =
      core::kMaxStatusCode - core::kMinStatusCode + 1;
  const core::Catalog& catalog_;
  const core::SearchIndex search_index_;
  std::array<grpc::Slice, kCodes> entries_;
  std::array<grpc::Slice, kCodes> elements_;
  std::array<grpc::Slice, core::kMaxGrpcCode + 1> grpc_entries_;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_SERIALIZED_CATALOG_H_
