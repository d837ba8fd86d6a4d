#include "client/lib/catalog_snapshot.h"

#include <utility>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "client/lib/errors.h"
#include "service/core/code_validation.h"
#include "service/core/errors.h"
#include "service/core/lookup.h"
#include "service/core/translation.h"

namespace statusinfo::client {
namespace {

// A core error as a call would return it: the server sends the core's
// error as a google.rpc.Status (service/server/grpc_status.h), and
// FromGrpcStatus keeps its code and message and stores those bytes as the
// kRpcStatusTypeUrl payload.
absl::Status AsCallError(const absl::Status& core_error) {
  absl::Status error(core_error.code(), core_error.message());
  error.SetPayload(
      kRpcStatusTypeUrl,
      absl::Cord(core::ToRpcStatus(core_error).SerializeAsString()));
  return error;
}

// `result` with its error, if any, as a call would return it.
template <typename T>
absl::StatusOr<T> AsCallResult(absl::StatusOr<T> result) {
  if (!result.ok()) return AsCallError(result.status());
  return result;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const CatalogSnapshot>> CatalogSnapshot::Create(
    v1::StatusCatalog listed) {
  absl::StatusOr<core::Catalog> catalog =
      core::Catalog::Create(std::move(listed));
  if (!catalog.ok()) {
    return absl::DataLossError(
        absl::StrCat("the server's catalog listing is not a valid catalog: ",
                     catalog.status().message()));
  }
  return std::make_shared<const CatalogSnapshot>(*std::move(catalog));
}

absl::StatusOr<const v1::StatusCode*> CatalogSnapshot::GetStatusCode(
    int code) const {
  return AsCallResult(core::GetStatusCode(catalog_, code));
}

absl::StatusOr<v1::BatchGetStatusCodesResponse>
CatalogSnapshot::BatchGetStatusCodes(absl::Span<const int> codes) const {
  absl::StatusOr<std::vector<const v1::StatusCode*>> entries =
      core::BatchGetStatusCodes(catalog_, codes);
  if (!entries.ok()) return AsCallError(entries.status());
  v1::BatchGetStatusCodesResponse response;
  response.mutable_status_codes()->Reserve(static_cast<int>(entries->size()));
  for (const v1::StatusCode* entry : *entries) {
    *response.add_status_codes() = *entry;
  }
  return response;
}

absl::StatusOr<v1::ValidateStatusCodeResponse>
CatalogSnapshot::ValidateStatusCode(int code) const {
  return core::ValidateStatusCode(catalog_, code);
}

absl::StatusOr<const v1::GrpcStatusCode*> CatalogSnapshot::GetGrpcStatusCode(
    int code) const {
  return AsCallResult(core::GetGrpcStatusCode(catalog_, code));
}

absl::StatusOr<v1::TranslateStatusResponse> CatalogSnapshot::TranslateStatus(
    const v1::TranslateStatusRequest& request) const {
  return AsCallResult(core::TranslateStatus(catalog_, request));
}

}  // namespace statusinfo::client
