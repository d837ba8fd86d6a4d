#include "tests/support/rules_doc.h"

#include "tests/support/files.h"

#ifndef STATUSINFO_RULES_MD
#error "STATUSINFO_RULES_MD must name docs/rules.md"
#endif

namespace statusinfo::testing {

std::string ReadRulesMd() { return ReadFile(STATUSINFO_RULES_MD); }

std::string SeverityName(v1::Severity severity) {
  switch (severity) {
    case v1::SEVERITY_ERROR:
      return "ERROR";
    case v1::SEVERITY_WARNING:
      return "WARNING";
    case v1::SEVERITY_INFO:
      return "INFO";
    default:
      return "UNSPECIFIED";
  }
}

}  // namespace statusinfo::testing
