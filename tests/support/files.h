// Files for tests: a directory of the test's own, removed at the end, and
// reading a file whole.
//
// Example:
//
//   TempDir dir;
//   const std::string path = dir.Write("bad.textproto", "status_codes {");
//   EXPECT_FALSE(core::ReadCatalogFile(path).ok());
//   // dir and everything in it are gone when `dir` goes out of scope.
#ifndef STATUSINFO_TESTS_SUPPORT_FILES_H_
#define STATUSINFO_TESTS_SUPPORT_FILES_H_

#include <string>

#include "absl/strings/string_view.h"

namespace statusinfo::testing {

// A new, empty directory under the test temp folder (::testing::TempDir(),
// which follows TEST_TMPDIR and TMPDIR), made by mkdtemp, so that tests run
// in parallel never share a file name. Removed with everything in it when
// the TempDir is destroyed. A directory that cannot be made fails the test
// and leaves path() empty.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

  // path()/name.
  std::string Path(absl::string_view name) const;

  // Writes `contents` to path()/name and returns that path; a file that
  // cannot be written fails the test.
  std::string Write(absl::string_view name, absl::string_view contents) const;

 private:
  std::string path_;
};

// The contents of `path` ("" when it cannot be read).
std::string ReadFile(const std::string& path);

}  // namespace statusinfo::testing

#endif  // STATUSINFO_TESTS_SUPPORT_FILES_H_
