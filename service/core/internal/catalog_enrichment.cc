#include "service/core/internal/catalog_enrichment.h"

#include <utility>

#include "service/core/catalog.h"
#include "service/core/internal/references.h"
#include "service/core/response_rules.h"
#include "service/core/translation.h"

namespace statusinfo::core {
namespace {

void FillUri(v1::Reference& reference) {
  if (!reference.uri().empty()) return;
  reference.set_uri(RfcUri(reference.document(), reference.section()));
}

}  // namespace

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

absl::StatusOr<Catalog> BuildCatalog(v1::StatusCatalog data) {
  // Enriching first is safe: it reads only the codes and the citations, and
  // Create still rejects whatever is wrong with the entries.
  EnrichCatalog(data);
  return Catalog::Create(std::move(data));
}

}  // namespace statusinfo::core
