// TempDir: a directory of the test's own, gone with everything in it at the
// end.
#include "tests/support/files.h"

#include <sys/stat.h>

#include <string>

#include "gtest/gtest.h"

namespace statusinfo::testing {
namespace {

bool Exists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

TEST(TempDirTest, EachIsNewAndUnderTheTestTempFolder) {
  TempDir first;
  TempDir second;
  ASSERT_FALSE(first.path().empty());
  EXPECT_NE(first.path(), second.path());
  EXPECT_EQ(first.path().rfind(::testing::TempDir(), 0), 0u) << first.path();
  EXPECT_TRUE(Exists(first.path()));
}

TEST(TempDirTest, WriteThenReadFile) {
  TempDir dir;
  const std::string path = dir.Write("a.txt", std::string("x\0y", 3));
  EXPECT_EQ(path, dir.path() + "/a.txt");
  EXPECT_EQ(ReadFile(path), std::string("x\0y", 3));
  EXPECT_EQ(ReadFile(dir.Path("missing")), "");
}

TEST(TempDirTest, RemovedWithItsContents) {
  std::string path;
  {
    TempDir dir;
    path = dir.path();
    dir.Write("file", "contents");
    ASSERT_EQ(mkdir(dir.Path("sub").c_str(), 0700), 0);
    dir.Write("sub/file", "contents");
  }
  EXPECT_FALSE(Exists(path)) << path;
}

}  // namespace
}  // namespace statusinfo::testing
