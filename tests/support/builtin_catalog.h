// The built-in catalog, loaded once per test binary, for the tests that
// validate against it.
//
// Example:
//
//   ValidateResponse(BuiltinCatalog(), request);
#ifndef STATUSINFO_TESTS_SUPPORT_BUILTIN_CATALOG_H_
#define STATUSINFO_TESTS_SUPPORT_BUILTIN_CATALOG_H_

#include "service/core/catalog.h"

namespace statusinfo::testing {

// The catalog LoadCatalog("") builds, made on first use and never
// destroyed.
const core::Catalog& BuiltinCatalog();

}  // namespace statusinfo::testing

#endif  // STATUSINFO_TESTS_SUPPORT_BUILTIN_CATALOG_H_
