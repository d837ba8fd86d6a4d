#include "service/core/internal/references.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace statusinfo::core {

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

statusinfo::v1::Reference ReferenceFromCitation(absl::string_view citation) {
  constexpr absl::string_view kSection = ", Section ";
  statusinfo::v1::Reference reference;
  const std::size_t at = citation.find(kSection);
  reference.set_document(std::string{citation.substr(0, at)});
  if (at != absl::string_view::npos) {
    reference.set_section(std::string{citation.substr(at + kSection.size())});
  }
  reference.set_uri(RfcUri(reference.document(), reference.section()));
  return reference;
}

}  // namespace statusinfo::core
