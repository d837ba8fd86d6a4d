#include "service/web/web_assets.h"

namespace statusinfo::web {

// The page's files are not written yet: no path has an asset.
const Asset* FindAsset(absl::string_view /*path*/) { return nullptr; }

}  // namespace statusinfo::web
