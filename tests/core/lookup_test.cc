#include "service/core/lookup.h"

#include <cstdint>
#include <vector>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/core/errors.h"

namespace statusinfo::core {
namespace {

using ::testing::HasSubstr;

class LookupTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { catalog_ = new Catalog(*LoadCatalog("")); }
  static const Catalog& catalog() { return *catalog_; }

 private:
  static const Catalog* catalog_;
};

const Catalog* LookupTest::catalog_ = nullptr;

google::rpc::BadRequest BadRequestOf(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  auto payload = status.GetPayload(kBadRequestTypeUrl);
  if (payload.has_value()) bad_request.ParseFromString(std::string(*payload));
  return bad_request;
}

TEST_F(LookupTest, ReturnsTheRegistryPhrase) {
  auto entry = GetStatusCode(catalog(), 413);
  ASSERT_TRUE(entry.ok()) << entry.status();
  EXPECT_EQ((*entry)->reason_phrase(), "Content Too Large");
}

TEST_F(LookupTest, OutOfRangeIsInvalidArgumentNamingFieldAndRange) {
  for (int64_t code : {int64_t{42}, int64_t{0}, int64_t{-1}, int64_t{99},
                       int64_t{600}, int64_t{INT32_MIN}, int64_t{INT32_MAX}}) {
    auto entry = GetStatusCode(catalog(), code);
    ASSERT_EQ(entry.status().code(), absl::StatusCode::kInvalidArgument)
        << code;
    EXPECT_THAT(entry.status().message(), HasSubstr("code: "));
    EXPECT_THAT(entry.status().message(), HasSubstr("between 100 and 599"));
    EXPECT_EQ(ErrorReason(entry.status()), "CODE_OUT_OF_RANGE");
    google::rpc::BadRequest bad_request = BadRequestOf(entry.status());
    ASSERT_EQ(bad_request.field_violations_size(), 1);
    EXPECT_EQ(bad_request.field_violations(0).field(), "code");
  }
}

TEST_F(LookupTest, UnassignedIsNotFoundSayingHowItsClassIsTreated) {
  auto entry = GetStatusCode(catalog(), 299);
  ASSERT_EQ(entry.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(entry.status().message(), HasSubstr("as 200"));
  EXPECT_THAT(entry.status().message(), HasSubstr("RFC 9110, Section 15"));
  EXPECT_EQ(ErrorReason(entry.status()), "CODE_NOT_ASSIGNED");
}

TEST_F(LookupTest, BatchKeepsRequestOrderAndRepeats) {
  const std::vector<int32_t> codes = {503, 200, 503, 418};
  auto entries = BatchGetStatusCodes(catalog(), codes);
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 4u);
  for (size_t i = 0; i < codes.size(); ++i) {
    EXPECT_EQ((*entries)[i]->code(), codes[i]);
  }
}

TEST_F(LookupTest, BatchIsAllOrNothingAndNamesTheIndex) {
  auto out_of_range =
      BatchGetStatusCodes(catalog(), std::vector<int32_t>{200, 42});
  ASSERT_EQ(out_of_range.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(BadRequestOf(out_of_range.status()).field_violations(0).field(),
            "codes[1]");
  auto unassigned = BatchGetStatusCodes(catalog(), std::vector<int32_t>{299});
  ASSERT_EQ(unassigned.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(unassigned.status().message(), HasSubstr("codes[0]: 299"));
}

TEST_F(LookupTest, BatchLimits) {
  EXPECT_EQ(BatchGetStatusCodes(catalog(), {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::vector<int32_t> at_limit(kMaxBatchSize, 200);
  EXPECT_TRUE(BatchGetStatusCodes(catalog(), at_limit).ok());
  std::vector<int32_t> over_limit(kMaxBatchSize + 1, 200);
  auto too_many = BatchGetStatusCodes(catalog(), over_limit);
  ASSERT_EQ(too_many.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(too_many.status().message(), HasSubstr("at most 100"));
  EXPECT_EQ(ErrorReason(too_many.status()), "BATCH_TOO_LARGE");
}

TEST_F(LookupTest, GrpcCodes) {
  auto entry = GetGrpcStatusCode(catalog(), 14);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ((*entry)->name(), "UNAVAILABLE");
  EXPECT_EQ(GetGrpcStatusCode(catalog(), 17).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetGrpcStatusCode(catalog(), -1).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace statusinfo::core
