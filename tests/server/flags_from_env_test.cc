#include "service/server/flags_from_env.h"

#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

ABSL_FLAG(int, env_test_limit, 5, "A flag for this test.");
ABSL_FLAG(std::string, env_test_name, "default", "A flag for this test.");

namespace statusinfo::server {
namespace {

using ::testing::HasSubstr;

TEST(FlagsFromEnvTest, VariableNameIsPrefixedUpperCase) {
  EXPECT_EQ(EnvVarForFlag("STATUSINFO_", "drain_delay"),
            "STATUSINFO_DRAIN_DELAY");
}

TEST(FlagsFromEnvTest, SetsFlagsDefinedInTheNamedFile) {
  setenv("T_ENV_TEST_LIMIT", "42", 1);
  setenv("T_ENV_TEST_NAME", "from-env", 1);
  ASSERT_TRUE(SetFlagsFromEnvironment("T_", "flags_from_env_test.cc").ok());
  EXPECT_EQ(absl::GetFlag(FLAGS_env_test_limit), 42);
  EXPECT_EQ(absl::GetFlag(FLAGS_env_test_name), "from-env");
  unsetenv("T_ENV_TEST_LIMIT");
  unsetenv("T_ENV_TEST_NAME");
}

TEST(FlagsFromEnvTest, IgnoresFlagsOfOtherFiles) {
  absl::SetFlag(&FLAGS_env_test_limit, 5);
  setenv("T_ENV_TEST_LIMIT", "7", 1);
  ASSERT_TRUE(SetFlagsFromEnvironment("T_", "some_other_file.cc").ok());
  EXPECT_EQ(absl::GetFlag(FLAGS_env_test_limit), 5);
  unsetenv("T_ENV_TEST_LIMIT");
}

TEST(FlagsFromEnvTest, BadValueNamesTheVariable) {
  setenv("T_ENV_TEST_LIMIT", "lots", 1);
  absl::Status status = SetFlagsFromEnvironment("T_", "flags_from_env_test.cc");
  unsetenv("T_ENV_TEST_LIMIT");
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("T_ENV_TEST_LIMIT=\"lots\""));
}

}  // namespace
}  // namespace statusinfo::server
