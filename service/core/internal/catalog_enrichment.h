// Fills in the catalog fields that the service derives from its own tables,
// so that each fact has one source: the class from the code, reference links
// from RFC numbers, header requirements and content rules from the
// conformance rule table, and the gRPC mapping from the translation table.
//
// It sits above both the Catalog and the rule table (which judges responses
// against a Catalog), so that neither depends on the other's module.
//
// Example:
//
//   absl::StatusOr<Catalog> catalog = BuildCatalog(BuiltinCatalogData());
//   // catalog->Find(401)->header_requirements(0).field_name() ==
//   // "WWW-Authenticate"
#ifndef STATUSINFO_SERVICE_CORE_INTERNAL_CATALOG_ENRICHMENT_H_
#define STATUSINFO_SERVICE_CORE_INTERNAL_CATALOG_ENRICHMENT_H_

#include "absl/status/statusor.h"
#include "service/core/catalog.h"
#include "statusinfo/v1/catalog.pb.h"

namespace statusinfo::core {

// Overwrites the derived fields of every entry in `data`. Values a data file
// sets for them are replaced: the tables win.
void EnrichCatalog(statusinfo::v1::StatusCatalog& data);

// The served form of `data`: enriched, then checked and indexed by
// Catalog::Create (whose errors it returns).
absl::StatusOr<Catalog> BuildCatalog(statusinfo::v1::StatusCatalog data);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_INTERNAL_CATALOG_ENRICHMENT_H_
