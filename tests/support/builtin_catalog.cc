#include "tests/support/builtin_catalog.h"

#include "service/core/catalog_loader.h"

namespace statusinfo::testing {

const core::Catalog& BuiltinCatalog() {
  // The built-in data is compiled in and checked by catalog_data_test.
  static const core::Catalog* const catalog =
      new core::Catalog(*core::LoadCatalog(""));
  return *catalog;
}

}  // namespace statusinfo::testing
