// The lookup methods' answers, serialized once at start-up.
//
// GetStatusCode, BatchGetStatusCodes and GetGrpcStatusCode answer with
// catalog entries, which never change after start-up. Serializing each entry
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

#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/slice.h"
#include "service/core/catalog.h"

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
