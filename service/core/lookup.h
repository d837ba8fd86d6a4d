// Lookup of HTTP and gRPC status codes by number, with the errors the API
// documents (AIP-131, AIP-231).
//
// Example:
//
//   absl::StatusOr<const v1::StatusCode*> entry = GetStatusCode(catalog, 404);
//   // entry.ok() && (*entry)->reason_phrase() == "Not Found"
//   GetStatusCode(catalog, 42);   // INVALID_ARGUMENT, reason CODE_OUT_OF_RANGE
//   GetStatusCode(catalog, 299);  // NOT_FOUND, reason CODE_NOT_ASSIGNED
#ifndef STATUSINFO_SERVICE_CORE_LOOKUP_H_
#define STATUSINFO_SERVICE_CORE_LOOKUP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "service/core/catalog.h"
#include "service/core/limits.h"

namespace statusinfo::core {

// The entry for `code`. INVALID_ARGUMENT naming `field` when the code is not
// within 100-599; NOT_FOUND, saying how its class treats it, when the catalog
// has no entry.
absl::StatusOr<const v1::StatusCode*> GetStatusCode(
    const Catalog& catalog, int64_t code, absl::string_view field = "code");

// The entries for `codes`, in order; all or nothing. The failing code is
// named as "codes[<index>]".
absl::StatusOr<std::vector<const v1::StatusCode*>> BatchGetStatusCodes(
    const Catalog& catalog, absl::Span<const int32_t> codes);

// The entry for a gRPC code; INVALID_ARGUMENT outside 0-16.
absl::StatusOr<const v1::GrpcStatusCode*> GetGrpcStatusCode(
    const Catalog& catalog, int64_t code);

// "How a recipient treats it" for a valid code that is not in the catalog,
// e.g. "299 is not assigned; a recipient treats an unrecognised 2xx code as
// 200 (RFC 9110, Section 15)".
std::string UnassignedExplanation(int code);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_LOOKUP_H_
