#include "service/core/lookup.h"

#include "absl/strings/str_cat.h"
#include "service/core/errors.h"

namespace statusinfo::core {

std::string UnassignedExplanation(int code) {
  const int class_digit = code / 100;
  return absl::StrCat(code, " is not an assigned status code; a recipient ",
                      "must treat an unrecognised ", class_digit, "xx code as ",
                      class_digit * 100, " (RFC 9110, Section 15)");
}

absl::StatusOr<const v1::StatusCode*> GetStatusCode(const Catalog& catalog,
                                                    int64_t code,
                                                    absl::string_view field) {
  if (const v1::StatusCode* entry = catalog.Find(code)) return entry;
  if (!IsValidStatusCode(code)) {
    return InvalidArgument(
        field,
        absl::StrCat("must be a three-digit HTTP status code between ",
                     kMinStatusCode, " and ", kMaxStatusCode, ", got ", code),
        v1::CODE_OUT_OF_RANGE);
  }
  return NotFound(UnassignedExplanation(static_cast<int>(code)),
                  v1::CODE_NOT_ASSIGNED);
}

absl::StatusOr<std::vector<const v1::StatusCode*>> BatchGetStatusCodes(
    const Catalog& catalog, absl::Span<const int32_t> codes) {
  if (codes.empty()) {
    return InvalidArgument("codes", "must list at least one code",
                           v1::BATCH_EMPTY);
  }
  if (codes.size() > kMaxBatchSize) {
    return InvalidArgument("codes",
                           absl::StrCat("may list at most ", kMaxBatchSize,
                                        " codes, got ", codes.size()),
                           v1::BATCH_TOO_LARGE);
  }
  std::vector<const v1::StatusCode*> entries;
  entries.reserve(codes.size());
  for (size_t i = 0; i < codes.size(); ++i) {
    // The common case first: no field name to build.
    if (const v1::StatusCode* found = catalog.Find(codes[i])) {
      entries.push_back(found);
      continue;
    }
    absl::StatusOr<const v1::StatusCode*> entry =
        GetStatusCode(catalog, codes[i], absl::StrCat("codes[", i, "]"));
    if (absl::IsNotFound(entry.status())) {
      // Name the position, as the range error does through its field.
      return NotFound(
          absl::StrCat("codes[", i, "]: ", entry.status().message()),
          v1::CODE_NOT_ASSIGNED);
    }
    if (!entry.ok()) return entry.status();
    entries.push_back(*entry);
  }
  return entries;
}

absl::StatusOr<const v1::GrpcStatusCode*> GetGrpcStatusCode(
    const Catalog& catalog, int64_t code) {
  if (const v1::GrpcStatusCode* entry = catalog.FindGrpc(code)) return entry;
  if (code < kMinGrpcCode || code > kMaxGrpcCode) {
    return InvalidArgument(
        "code",
        absl::StrCat("must be a gRPC status code between ", kMinGrpcCode,
                     " and ", kMaxGrpcCode, ", got ", code),
        v1::GRPC_CODE_OUT_OF_RANGE);
  }
  return NotFound(absl::StrCat("gRPC code ", code, " is not in the catalog"),
                  v1::GRPC_CODE_NOT_IN_CATALOG);
}

}  // namespace statusinfo::core
