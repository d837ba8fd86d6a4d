// The files of the web page (service/web/assets/), embedded in the binary
// at build time, for the HTTP listener to serve at "/" and "/assets/...".
//
// Example:
//
//   const statusinfo::web::Asset* asset = statusinfo::web::FindAsset(path);
//   if (asset == nullptr) return NotFound();
//   Reply(200, asset->content_type, asset->body);
#ifndef STATUSINFO_SERVICE_WEB_WEB_ASSETS_H_
#define STATUSINFO_SERVICE_WEB_WEB_ASSETS_H_

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace statusinfo::web {

// One embedded file. The views point into static storage.
struct Asset {
  absl::string_view path;          // as requested, e.g. "/assets/app.js"
  absl::string_view content_type;  // e.g. "text/javascript; charset=utf-8"
  absl::string_view body;
};

// The asset served at `path` (an URL path without query; "/" is the page
// itself), or nullptr when there is none. Only exact, known paths match, so
// no request can reach a file that was not embedded.
const Asset* FindAsset(absl::string_view path);

// Every embedded asset, in a fixed order (for tests and listings).
absl::Span<const Asset> AllAssets();

}  // namespace statusinfo::web

#endif  // STATUSINFO_SERVICE_WEB_WEB_ASSETS_H_
