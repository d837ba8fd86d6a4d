#include "service/core/code_validation.h"

#include <cstdint>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"

namespace statusinfo::core {
namespace {

using ::testing::HasSubstr;

class CodeValidationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { catalog_ = new Catalog(*LoadCatalog("")); }
  static const Catalog& catalog() { return *catalog_; }

 private:
  static const Catalog* catalog_;
};

const Catalog* CodeValidationTest::catalog_ = nullptr;

TEST_F(CodeValidationTest, Registered) {
  auto r = ValidateStatusCode(catalog(), 200);
  EXPECT_TRUE(r.valid());
  EXPECT_TRUE(r.assigned());
  EXPECT_EQ(r.registry_status(), v1::REGISTRY_STATUS_REGISTERED);
  EXPECT_EQ(r.treat_as_code(), 200);
  EXPECT_EQ(r.status_code().reason_phrase(), "OK");
}

TEST_F(CodeValidationTest, UnusedCodes) {
  for (int code : {306, 418}) {
    auto r = ValidateStatusCode(catalog(), code);
    EXPECT_TRUE(r.valid());
    EXPECT_TRUE(r.assigned());
    EXPECT_EQ(r.registry_status(), v1::REGISTRY_STATUS_UNUSED) << code;
    EXPECT_THAT(r.explanation(), HasSubstr("(Unused)"));
  }
}

TEST_F(CodeValidationTest, DeprecatedCode) {
  auto r = ValidateStatusCode(catalog(), 305);
  EXPECT_TRUE(r.valid());
  EXPECT_EQ(r.registry_status(), v1::REGISTRY_STATUS_DEPRECATED);
  EXPECT_THAT(r.explanation(), HasSubstr("deprecated"));
}

TEST_F(CodeValidationTest, UnofficialCodeNamesItsOrigin) {
  auto r = ValidateStatusCode(catalog(), 499);
  EXPECT_TRUE(r.valid());
  EXPECT_TRUE(r.assigned());
  EXPECT_EQ(r.registry_status(), v1::REGISTRY_STATUS_UNOFFICIAL);
  EXPECT_EQ(r.status_code().origin().vendor(), "nginx");
  EXPECT_THAT(r.explanation(), HasSubstr("nginx"));
  EXPECT_EQ(r.treat_as_code(), 400);
}

TEST_F(CodeValidationTest, UnassignedIsTreatedAsX00) {
  auto r = ValidateStatusCode(catalog(), 299);
  EXPECT_TRUE(r.valid());
  EXPECT_FALSE(r.assigned());
  EXPECT_EQ(r.status_class(), v1::STATUS_CLASS_SUCCESSFUL);
  EXPECT_EQ(r.registry_status(), v1::REGISTRY_STATUS_UNSPECIFIED);
  EXPECT_EQ(r.treat_as_code(), 200);
  EXPECT_FALSE(r.has_status_code());
}

TEST_F(CodeValidationTest, OutOfRangeIsAnAnswerNotAnError) {
  for (int64_t code : {int64_t{600}, int64_t{99}, int64_t{0}, int64_t{-5},
                       int64_t{42}, int64_t{INT32_MIN}, int64_t{INT32_MAX}}) {
    auto r = ValidateStatusCode(catalog(), code);
    EXPECT_FALSE(r.valid()) << code;
    EXPECT_FALSE(r.assigned());
    EXPECT_EQ(r.status_class(), v1::STATUS_CLASS_UNSPECIFIED);
    EXPECT_EQ(r.treat_as_code(), 0);
    EXPECT_EQ(r.code(), static_cast<int32_t>(code));
    EXPECT_THAT(r.explanation(), HasSubstr("100 to 599"));
  }
}

}  // namespace
}  // namespace statusinfo::core
