// Links to the documents the catalog and the rules cite. On their own so
// that the rule table and the catalog enrichment both use them without
// depending on each other.
//
// Example:
//
//   RfcUri("RFC 9110", "15.5.2");
//   // "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2"
//   ReferenceFromCitation("RFC 9110, Section 15.5.2").section();  // "15.5.2"
#ifndef STATUSINFO_SERVICE_CORE_INTERNAL_REFERENCES_H_
#define STATUSINFO_SERVICE_CORE_INTERNAL_REFERENCES_H_

#include <string>

#include "absl/strings/string_view.h"
#include "statusinfo/v1/status_code.pb.h"

namespace statusinfo::core {

// The rfc-editor.org address of an RFC section, e.g. for ("RFC 9110",
// "15.5.2"). Empty when `document` is not of the form "RFC <number>".
std::string RfcUri(absl::string_view document, absl::string_view section);

// "RFC 9110, Section 15.5.2" -> document "RFC 9110", section "15.5.2", and
// the RfcUri of the two.
statusinfo::v1::Reference ReferenceFromCitation(absl::string_view citation);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_INTERNAL_REFERENCES_H_
