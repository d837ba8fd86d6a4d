#include "tests/support/files.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace statusinfo::testing {

TempDir::TempDir() {
  std::string name = ::testing::TempDir() + "statusinfo_XXXXXX";
  if (mkdtemp(name.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed under " << ::testing::TempDir();
    return;
  }
  path_ = std::move(name);
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code error;
  std::filesystem::remove_all(path_, error);
  if (error) ADD_FAILURE() << "cannot remove " << path_ << ": " << error;
}

std::string TempDir::Path(absl::string_view name) const {
  return absl::StrCat(path_, "/", name);
}

std::string TempDir::Write(absl::string_view name,
                           absl::string_view contents) const {
  const std::string file = Path(name);
  std::ofstream out(file, std::ios::binary);
  out << contents;
  out.close();
  if (!out) ADD_FAILURE() << "cannot write " << file;
  return file;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace statusinfo::testing
