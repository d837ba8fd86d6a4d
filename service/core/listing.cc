#include "service/core/listing.h"

#include <algorithm>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "service/core/errors.h"

namespace statusinfo::core {
namespace {

// A decoded page token: where to resume, and which filters it belongs to.
struct PageToken {
  int next_code = 0;
  std::string filters;
};

std::string EncodeToken(const PageToken& token) {
  return absl::WebSafeBase64Escape(
      absl::StrCat("v1|", token.filters, "|", token.next_code));
}

absl::StatusOr<PageToken> DecodeToken(absl::string_view encoded,
                                      absl::string_view filters) {
  auto invalid = [] {
    return InvalidArgument("page_token",
                           "is not a token returned by this method",
                           v1::INVALID_PAGE_TOKEN);
  };
  std::string raw;
  if (!absl::WebSafeBase64Unescape(encoded, &raw)) return invalid();
  std::vector<absl::string_view> parts = absl::StrSplit(raw, '|');
  PageToken token;
  if (parts.size() != 3 || parts[0] != "v1" ||
      !absl::SimpleAtoi(parts[2], &token.next_code)) {
    return invalid();
  }
  token.filters = std::string(parts[1]);
  if (token.filters != filters) {
    return InvalidArgument("page_token",
                           "was issued for other filters; the filters must "
                           "stay the same while paging",
                           v1::PAGE_TOKEN_FILTER_MISMATCH);
  }
  return token;
}

absl::StatusOr<int> EffectivePageSize(int requested, int default_size) {
  if (requested < 0) {
    return InvalidArgument(
        "page_size", absl::StrCat("must not be negative, got ", requested),
        v1::NEGATIVE_PAGE_SIZE);
  }
  if (requested == 0) return default_size;
  return std::min(requested, kMaxPageSize);
}

bool Matches(const v1::StatusCode& entry,
             const v1::ListStatusCodesRequest& request) {
  if (request.status_class() != v1::STATUS_CLASS_UNSPECIFIED &&
      entry.status_class() != request.status_class()) {
    return false;
  }
  return request.include_unofficial() ||
         entry.registry_status() != v1::REGISTRY_STATUS_UNOFFICIAL;
}

}  // namespace

absl::StatusOr<v1::ListStatusCodesResponse> ListStatusCodes(
    const Catalog& catalog, const v1::ListStatusCodesRequest& request) {
  absl::StatusOr<int> page_size =
      EffectivePageSize(request.page_size(), kDefaultPageSize);
  if (!page_size.ok()) return page_size.status();
  if (!v1::StatusClass_IsValid(request.status_class())) {
    return InvalidArgument(
        "status_class",
        absl::StrCat("is not a known class: ", request.status_class()),
        v1::UNKNOWN_STATUS_CLASS);
  }
  const std::string filters = absl::StrCat(
      request.status_class(), ".", request.include_unofficial() ? 1 : 0);
  int start = kMinStatusCode;
  if (!request.page_token().empty()) {
    absl::StatusOr<PageToken> token =
        DecodeToken(request.page_token(), filters);
    if (!token.ok()) return token.status();
    start = token->next_code;
  }
  v1::ListStatusCodesResponse response;
  int total = 0;
  for (const v1::StatusCode* entry : catalog.entries()) {
    if (!Matches(*entry, request)) continue;
    ++total;
    if (entry->code() < start) continue;
    if (response.status_codes_size() < *page_size) {
      *response.add_status_codes() = *entry;
    } else if (response.next_page_token().empty()) {
      response.set_next_page_token(EncodeToken({entry->code(), filters}));
    }
  }
  response.set_total_size(total);
  response.set_catalog_version(catalog.catalog_version());
  return response;
}

absl::StatusOr<v1::ListGrpcStatusCodesResponse> ListGrpcStatusCodes(
    const Catalog& catalog, const v1::ListGrpcStatusCodesRequest& request) {
  const int all = static_cast<int>(catalog.grpc_entries().size());
  absl::StatusOr<int> page_size =
      EffectivePageSize(request.page_size(), std::max(all, 1));
  if (!page_size.ok()) return page_size.status();
  int start = kMinGrpcCode;
  if (!request.page_token().empty()) {
    absl::StatusOr<PageToken> token = DecodeToken(request.page_token(), "grpc");
    if (!token.ok()) return token.status();
    start = token->next_code;
  }
  v1::ListGrpcStatusCodesResponse response;
  for (const v1::GrpcStatusCode* entry : catalog.grpc_entries()) {
    if (entry->code() < start) continue;
    if (response.grpc_status_codes_size() < *page_size) {
      *response.add_grpc_status_codes() = *entry;
    } else {
      response.set_next_page_token(EncodeToken({entry->code(), "grpc"}));
      break;
    }
  }
  response.set_catalog_version(catalog.catalog_version());
  return response;
}

}  // namespace statusinfo::core
