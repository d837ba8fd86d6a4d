// Where catalogs come from: the built-in data compiled into the binary, and
// text-format files an organisation adds with --catalog_file.
//
// Example:
//
//   absl::StatusOr<Catalog> catalog =
//   LoadCatalog(absl::GetFlag(FLAGS_catalog_file)); if (!catalog.ok()) {
//     // e.g. "extra.textproto:12:5: Unknown field ..."; stop start-up.
//   }
#ifndef STATUSINFO_SERVICE_CORE_CATALOG_LOADER_H_
#define STATUSINFO_SERVICE_CORE_CATALOG_LOADER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/core/catalog.h"
#include "statusinfo/v1/catalog.pb.h"

namespace statusinfo::core {

// The catalog data compiled into the binary (service/data/*.textproto).
// Aborts if the embedded bytes do not parse, which the build rules out.
statusinfo::v1::StatusCatalog BuiltinCatalogData();

// Parses a text-format StatusCatalog. Errors read
// "<source_name>:<line>:<column>: <problem>".
absl::StatusOr<statusinfo::v1::StatusCatalog> ParseCatalogText(
    absl::string_view text, absl::string_view source_name);

// Reads and parses a text-format StatusCatalog file.
absl::StatusOr<statusinfo::v1::StatusCatalog> ReadCatalogFile(
    const std::string& path);

// Merges `extra` over `base`: an entry in `extra` replaces the entry of
// `base` with the same code; new codes are added. The version becomes
// "<base>+<extra>" when `extra` names one.
void MergeCatalog(const statusinfo::v1::StatusCatalog& extra,
                  statusinfo::v1::StatusCatalog& base);

// The built-in catalog, with the file at `extra_path` merged over it when
// the path is not empty. Errors name the file and what is wrong.
absl::StatusOr<Catalog> LoadCatalog(const std::string& extra_path);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_CATALOG_LOADER_H_
