#include "service/core/catalog_enrichment.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "service/core/catalog.h"
#include "service/core/response_rules.h"
#include "service/core/translation.h"

namespace statusinfo::core {
namespace {

void FillUri(v1::Reference& reference) {
  if (!reference.uri().empty()) return;
  reference.set_uri(RfcUri(reference.document(), reference.section()));
}

}  // namespace

std::string RfcUri(absl::string_view document, absl::string_view section) {
  if (!absl::ConsumePrefix(&document, "RFC ")) return "";
  int number = 0;
  if (!absl::SimpleAtoi(document, &number) || number <= 0) return "";
  std::string uri = absl::StrCat("https://www.rfc-editor.org/rfc/rfc", number);
  if (!section.empty()) {
    // Appendix sections ("A.2") use the "appendix-" anchor.
    const bool appendix = absl::ascii_isalpha(section.front());
    absl::StrAppend(&uri, appendix ? "#appendix-" : "#section-", section);
  }
  return uri;
}

void EnrichCatalog(v1::StatusCatalog& data) {
  for (v1::StatusCode& entry : *data.mutable_status_codes()) {
    entry.set_status_class(ClassOf(entry.code()));
    entry.set_content_forbidden(ContentForbidden(entry.code()));
    entry.set_grpc_code(GrpcCodeReceivedForHttp(entry.code()));
    entry.clear_header_requirements();
    for (v1::HeaderRequirement& requirement :
         HeaderRequirementsFor(entry.code())) {
      *entry.add_header_requirements() = std::move(requirement);
    }
    for (v1::Reference& reference : *entry.mutable_references()) {
      FillUri(reference);
    }
    if (entry.has_origin()) {
      FillUri(*entry.mutable_origin()->mutable_reference());
    }
  }
  for (v1::GrpcStatusCode& entry : *data.mutable_grpc_status_codes()) {
    for (v1::Reference& reference : *entry.mutable_references()) {
      FillUri(reference);
    }
  }
}

}  // namespace statusinfo::core
