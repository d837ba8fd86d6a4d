// The lookup methods' answers, serialized once at start-up.
//
// GetStatusCode, BatchGetStatusCodes, GetGrpcStatusCode and
// SearchStatusCodes answer with catalog entries, which never change after
// start-up. Serializing each entry
// once and answering with a reference to its bytes saves, per call, copying
// the entry into a response message (a dozen strings and repeated fields)
// and serializing it again: the raw handlers of status_info_service.cc send
// these slices as they are (gRPC takes a reference, no copy). The bytes are
// exactly what serializing the entry gives, so the wire does not change
// (tests/server/raw_lookup_test.cc).
//
// Example:
//
//   SerializedCatalog serialized(catalog);
//   if (const grpc::Slice* entry = serialized.Find(404)) {
//     grpc::ByteBuffer response(entry, 1);
//   }
#ifndef STATUSINFO_SERVICE_SERVER_SERIALIZED_CATALOG_H_
#define STATUSINFO_SERVICE_SERVER_SERIALIZED_CATALOG_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/slice.h"
#include "service/core/catalog.h"
#include "service/core/search.h"

namespace statusinfo::server {

class SerializedCatalog {
 public:
  // `catalog` is read here only.
  explicit SerializedCatalog(const core::Catalog& catalog);

  // The serialized v1::StatusCode of `code`; nullptr when the catalog has no
  // entry for it.
  const grpc::Slice* Find(int64_t code) const {
    return core::IsValidStatusCode(code) && entries_[Index(code)].size() != 0
               ? &entries_[Index(code)]
               : nullptr;
  }

  // The same entry as one element of BatchGetStatusCodesResponse's
  // status_codes (field 1): tag, length, then the entry. A batch response
  // is these elements one after the other, which is how protobuf serializes
  // a message with only that repeated field set.
  const grpc::Slice* FindBatchElement(int64_t code) const {
    return core::IsValidStatusCode(code) &&
                   batch_elements_[Index(code)].size() != 0
               ? &batch_elements_[Index(code)]
               : nullptr;
  }

  // Appends to `slices` the serialized SearchStatusCodesResponse holding
  // `hits` in order, byte for byte what protobuf would write: per hit, the
  // results element's tag and length and the hit's score, in one small
  // slice allocated for all hits, around a reference to the entry's batch
  // element (the same bytes, since ScoredStatusCode.status_code is field 1
  // too). False, with nothing appended, when a hit's entry is not in the
  // catalog this was built from.
  bool AppendSearchResults(absl::Span<const core::SearchHit> hits,
                           std::vector<grpc::Slice>& slices) const;

  // The serialized v1::GrpcStatusCode of `code`; nullptr when none.
  const grpc::Slice* FindGrpc(int64_t code) const {
    return code >= core::kMinGrpcCode && code <= core::kMaxGrpcCode &&
                   grpc_entries_[code].size() != 0
               ? &grpc_entries_[code]
               : nullptr;
  }

 private:
  static size_t Index(int64_t code) {
    return static_cast<size_t>(code - core::kMinStatusCode);
  }

  static constexpr size_t kCodes =
      core::kMaxStatusCode - core::kMinStatusCode + 1;
  std::array<grpc::Slice, kCodes> entries_;
  std::array<grpc::Slice, kCodes> batch_elements_;
  std::array<grpc::Slice, core::kMaxGrpcCode + 1> grpc_entries_;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_SERIALIZED_CATALOG_H_
