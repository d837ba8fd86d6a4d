// The catalog: an immutable, indexed set of HTTP and gRPC status-code entries.
//
// A Catalog is built once at start-up from a statusinfo.v1.StatusCatalog
// message (see catalog_loader.h for where that comes from) and then only
// read, so it is safe to share between threads without locking. Lookups by
// code are O(1) array reads that allocate nothing.
//
// Example:
//
//   absl::StatusOr<Catalog> catalog = Catalog::Create(std::move(data));
//   if (!catalog.ok()) return catalog.status();
//   if (const v1::StatusCode* entry = catalog->Find(404)) {
//     std::cout << entry->reason_phrase();  // "Not Found"
//   }
#ifndef STATUSINFO_SERVICE_CORE_CATALOG_H_
#define STATUSINFO_SERVICE_CORE_CATALOG_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "google/rpc/code.pb.h"
#include "statusinfo/v1/catalog.pb.h"

namespace statusinfo::core {

namespace v1 = ::statusinfo::v1;

// The range of valid HTTP status codes: three digits, first digit 1 to 5
// (RFC 9110, Section 15).
inline constexpr int kMinStatusCode = 100;
inline constexpr int kMaxStatusCode = 599;
// The range of gRPC status codes (google.rpc.Code).
inline constexpr int kMinGrpcCode = google::rpc::Code_MIN;
inline constexpr int kMaxGrpcCode = google::rpc::Code_MAX;

// Returns true when `code` is a valid HTTP status code (100 to 599).
constexpr bool IsValidStatusCode(int64_t code) {
  return code >= kMinStatusCode && code <= kMaxStatusCode;
}

// Returns the class of a valid code (its first digit), or
// STATUS_CLASS_UNSPECIFIED for an invalid one.
v1::StatusClass ClassOf(int code);

class Catalog {
 public:
  // Checks `data` (codes in range and unique, phrases present, gRPC codes 0
  // to 16 and unique) and indexes it as given. Errors name the offending
  // entry. The served catalog also has the fields the service derives
  // (class, reference links, header requirements, gRPC mapping, content
  // rules): BuildCatalog (internal/catalog_enrichment.h, which LoadCatalog
  // uses) fills them in first.
  // Entries a server has already enriched, such as those a client lists
  // (client/lib/catalog_cache.h), go straight to Create: they are kept
  // exactly as served, so that answers computed from them match the
  // server's even when its release derives fields differently.
  static absl::StatusOr<Catalog> Create(v1::StatusCatalog data);

  Catalog(Catalog&&) = default;
  Catalog& operator=(Catalog&&) = default;

  // The entry for an HTTP status code, or nullptr when there is none
  // (including every code outside 100-599).
  const v1::StatusCode* Find(int64_t code) const {
    return IsValidStatusCode(code) ? by_code_[code - kMinStatusCode] : nullptr;
  }

  // The entry for a gRPC status code, or nullptr when outside 0-16.
  const v1::GrpcStatusCode* FindGrpc(int64_t code) const {
    return code >= kMinGrpcCode && code <= kMaxGrpcCode ? grpc_by_code_[code]
                                                        : nullptr;
  }

  // Every HTTP entry, in ascending code order.
  absl::Span<const v1::StatusCode* const> entries() const { return sorted_; }

  // Every gRPC entry, in ascending code order.
  absl::Span<const v1::GrpcStatusCode* const> grpc_entries() const {
    return grpc_sorted_;
  }

  const std::string& version() const { return data_->version(); }

  // What the API reports as catalog_version: version(), "@", and a
  // fingerprint (64-bit FNV-1a, hex) of every entry in code order, so that
  // any change to the served content changes it. Computed once, here.
  const std::string& catalog_version() const { return catalog_version_; }

 private:
  explicit Catalog(std::unique_ptr<v1::StatusCatalog> data);

  // Owned behind a pointer so that the entries' addresses survive moves.
  std::unique_ptr<v1::StatusCatalog> data_;
  std::array<const v1::StatusCode*, kMaxStatusCode - kMinStatusCode + 1>
      by_code_{};
  std::vector<const v1::StatusCode*> sorted_;
  std::array<const v1::GrpcStatusCode*, kMaxGrpcCode + 1> grpc_by_code_{};
  std::vector<const v1::GrpcStatusCode*> grpc_sorted_;
  std::string catalog_version_;
};

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_CATALOG_H_
