// Fills in the catalog fields that the service derives from its own tables,
// so that each fact has one source: the class from the code, reference links
// from RFC numbers, header requirements and content rules from the
// conformance rule table, and the gRPC mapping from the translation table.
#ifndef STATUSINFO_SERVICE_CORE_CATALOG_ENRICHMENT_H_
#define STATUSINFO_SERVICE_CORE_CATALOG_ENRICHMENT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "statusinfo/v1/catalog.pb.h"

namespace statusinfo::core {

// Overwrites the derived fields of every entry in `data`. Values a data file
// sets for them are replaced: the tables win.
void EnrichCatalog(statusinfo::v1::StatusCatalog& data);

// The rfc-editor.org address of an RFC section, e.g. for ("RFC 9110",
// "15.5.2"). Empty when `document` is not of the form "RFC <number>".
std::string RfcUri(absl::string_view document, absl::string_view section);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_CATALOG_ENRICHMENT_H_
