// The embedded web page: every file of service/web/assets is served at its
// path with its content type and exact bytes, and nothing else is served.
#include "service/web/web_assets.h"

#include <dirent.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/files.h"

namespace statusinfo::web {
namespace {

// The files in the assets directory, read from the source tree: the test
// notices a file that was added there but not embedded.
std::vector<std::string> AssetFileNames() {
  std::vector<std::string> names;
  DIR* dir = opendir(STATUSINFO_WEB_ASSET_DIR);
  if (dir == nullptr) return names;
  while (const dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(dir);
  return names;
}

// What a browser needs for each kind of file, written out independently of
// the build script that assigns them.
std::string ExpectedContentType(const std::string& name) {
  static const auto* const kTypes = new std::map<std::string, std::string>{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
  };
  for (const auto& [extension, type] : *kTypes) {
    if (absl::EndsWith(name, extension)) return type;
  }
  return "";
}

TEST(WebAssetsTest, EveryFileIsServedWithItsTypeAndBytes) {
  const std::vector<std::string> names = AssetFileNames();
  ASSERT_GE(names.size(), 3u) << "no assets in " << STATUSINFO_WEB_ASSET_DIR;
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    const std::string path =
        name == "index.html" ? "/" : absl::StrCat("/assets/", name);
    const Asset* asset = FindAsset(path);
    ASSERT_NE(asset, nullptr) << path << " is not embedded";
    EXPECT_EQ(asset->path, path);
    EXPECT_EQ(asset->content_type, ExpectedContentType(name));
    EXPECT_EQ(asset->body, testing::ReadFile(absl::StrCat(
                               STATUSINFO_WEB_ASSET_DIR, "/", name)));
  }
  EXPECT_EQ(AllAssets().size(), names.size()) << "an asset with no file";
}

// The page asks for its other files by absolute path: each of them is
// embedded (no 404 on load), and each embedded file is used.
TEST(WebAssetsTest, ThePageLinksExactlyTheEmbeddedFiles) {
  const Asset* page = FindAsset("/");
  ASSERT_NE(page, nullptr);
  std::vector<std::string> linked;
  for (absl::string_view rest = page->body;;) {
    const size_t start = rest.find("\"/assets/");
    if (start == absl::string_view::npos) break;
    rest.remove_prefix(start + 1);
    const size_t end = rest.find('"');
    linked.emplace_back(rest.substr(0, end));
    EXPECT_NE(FindAsset(linked.back()), nullptr) << linked.back();
  }
  for (const Asset& asset : AllAssets()) {
    if (asset.path == "/") continue;
    EXPECT_EQ(std::count(linked.begin(), linked.end(), asset.path), 1)
        << asset.path;
  }
}

TEST(WebAssetsTest, OnlyExactPathsMatch) {
  for (absl::string_view path :
       {"", "/index.html", "/assets", "/assets/", "/assets/app.js/",
        "/assets/app.js?x=1", "/assets/app.js#x", "/ASSETS/app.js",
        "/assets/App.js", "//assets/app.js", "/./assets/app.js",
        "assets/app.js", "/assets/app.js ", " /", "/assets/app",
        "/assets/app.js.map", "/favicon.ico", "/v1/statusCodes/404"}) {
    EXPECT_EQ(FindAsset(path), nullptr) << "'" << path << "'";
  }
}

TEST(WebAssetsTest, TraversalIsNotFound) {
  for (absl::string_view path :
       {"/../", "/..", "/assets/../x", "/assets/../index.html",
        "/assets/../../etc/passwd", "/assets/%2e%2e/app.js",
        "/assets/%2E%2E%2Fapp.js", "/assets/..%2fapp.js",
        "/%2e%2e/assets/app.js", "/assets/app%2ejs", "/assets%2fapp.js",
        "/assets/..\\app.js", "/assets/.%2e/web_assets.cc", "/assets/app.js%00",
        "/../service/web/assets/app.js"}) {
    EXPECT_EQ(FindAsset(path), nullptr) << "'" << path << "'";
  }
  // A NUL inside the path does not end the comparison early.
  const std::string with_nul("/assets/app.js\0.txt", 19);
  EXPECT_EQ(FindAsset(with_nul), nullptr);
}

}  // namespace
}  // namespace statusinfo::web
