#include "service/core/code_validation.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "service/core/lookup.h"

namespace statusinfo::core {
namespace {

std::string Verdict(const v1::StatusCode& entry) {
  const std::string name =
      absl::StrCat(entry.code(), " ", entry.reason_phrase());
  switch (entry.registry_status()) {
    case v1::REGISTRY_STATUS_REGISTERED:
      return absl::StrCat(name, " is registered with IANA");
    case v1::REGISTRY_STATUS_TEMPORARY:
      return absl::StrCat(name, " is a temporary IANA registration");
    case v1::REGISTRY_STATUS_DEPRECATED:
      return absl::StrCat(name,
                          " is registered but deprecated; do not send it");
    case v1::REGISTRY_STATUS_UNUSED:
      return absl::StrCat(entry.code(),
                          " is reserved in the IANA registry as (Unused); do "
                          "not send it");
    case v1::REGISTRY_STATUS_UNOFFICIAL:
      return absl::StrCat(
          name, " is not registered but is used by ", entry.origin().vendor(),
          "; other recipients treat it as ", entry.code() / 100 * 100);
    default:
      return absl::StrCat(name, " is in the catalog");
  }
}

}  // namespace

v1::ValidateStatusCodeResponse ValidateStatusCode(const Catalog& catalog,
                                                  int64_t code) {
  v1::ValidateStatusCodeResponse response;
  response.set_code(static_cast<int32_t>(code));
  if (!IsValidStatusCode(code)) {
    response.set_valid(false);
    response.set_explanation(absl::StrCat(
        code,
        " is not a valid HTTP status code: it must have three digits, "
        "from 100 to 599 (RFC 9110, Section 15)"));
    return response;
  }
  const int valid_code = static_cast<int>(code);
  response.set_valid(true);
  response.set_status_class(ClassOf(valid_code));
  const v1::StatusCode* entry = catalog.Find(valid_code);
  if (entry == nullptr) {
    response.set_treat_as_code(valid_code / 100 * 100);
    response.set_explanation(UnassignedExplanation(valid_code));
    return response;
  }
  response.set_assigned(true);
  response.set_registry_status(entry->registry_status());
  // Registered codes are understood as themselves; an unofficial one means
  // something only to its vendor's clients, so others fall back to x00.
  response.set_treat_as_code(entry->registry_status() ==
                                     v1::REGISTRY_STATUS_UNOFFICIAL
                                 ? valid_code / 100 * 100
                                 : valid_code);
  *response.mutable_status_code() = *entry;
  response.set_explanation(Verdict(*entry));
  return response;
}

}  // namespace statusinfo::core
