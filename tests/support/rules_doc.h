// What the tests of docs/rules.md share: the document and the names it gives
// severities.
//
// Example:
//
//   const std::string markdown = ReadRulesMd();
//   ASSERT_FALSE(markdown.empty());
//   EXPECT_EQ(SeverityName(v1::SEVERITY_ERROR), "ERROR");
#ifndef STATUSINFO_TESTS_SUPPORT_RULES_DOC_H_
#define STATUSINFO_TESTS_SUPPORT_RULES_DOC_H_

#include <string>

#include "statusinfo/v1/conformance.pb.h"

namespace statusinfo::testing {

// docs/rules.md of this source tree ("" when it cannot be read).
std::string ReadRulesMd();

// How docs/rules.md writes `severity`: ERROR, WARNING, INFO (UNSPECIFIED
// for anything else).
std::string SeverityName(v1::Severity severity);

}  // namespace statusinfo::testing

#endif  // STATUSINFO_TESTS_SUPPORT_RULES_DOC_H_
