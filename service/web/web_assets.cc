#include "service/web/web_assets.h"

namespace statusinfo::web {

// AllAssets() is generated from assets/ at build time
// (cmake/embed_web_assets.cmake). The table has a handful of entries, so a
// scan is as fast as any index, and comparing whole paths byte for byte means
// that no spelling of a path ("/assets/../x", "%2e%2e", "//assets/app.js")
// reaches anything but the file registered under exactly that path.
const Asset* FindAsset(absl::string_view path) {
  for (const Asset& asset : AllAssets()) {
    if (asset.path == path) return &asset;
  }
  return nullptr;
}

}  // namespace statusinfo::web
