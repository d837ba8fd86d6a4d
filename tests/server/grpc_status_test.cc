#include "service/server/grpc_status.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "service/core/errors.h"

namespace statusinfo::server {
namespace {

TEST(GrpcStatusTest, OkStaysOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok()); }

TEST(GrpcStatusTest, CodeAndMessageCarryOver) {
  grpc::Status status = ToGrpcStatus(absl::NotFoundError("gone"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "gone");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), 5);
  EXPECT_EQ(details.details_size(), 0);
}

TEST(GrpcStatusTest, PayloadsBecomeDetails) {
  grpc::Status status = ToGrpcStatus(
      core::InvalidArgument("codes[2]", "must be between 100 and 599", "CODE_OUT_OF_RANGE"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "codes[2]: must be between 100 and 599");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), 3);
  EXPECT_EQ(details.message(), status.error_message());
  google::rpc::BadRequest bad_request;
  google::rpc::ErrorInfo info;
  bool saw_bad_request = false;
  bool saw_info = false;
  for (const auto& any : details.details()) {
    if (any.UnpackTo(&bad_request)) saw_bad_request = true;
    if (any.UnpackTo(&info)) saw_info = true;
  }
  ASSERT_TRUE(saw_bad_request);
  ASSERT_TRUE(saw_info);
  EXPECT_EQ(bad_request.field_violations(0).field(), "codes[2]");
  EXPECT_EQ(info.reason(), "CODE_OUT_OF_RANGE");
  EXPECT_EQ(info.domain(), "statusinfo.v1");
}

TEST(GrpcStatusTest, EveryCanonicalCodeMapsToTheSameNumber) {
  for (int code = 1; code <= 16; ++code) {
    absl::Status status(static_cast<absl::StatusCode>(code), "x");
    EXPECT_EQ(static_cast<int>(ToGrpcStatus(status).error_code()), code);
  }
}

}  // namespace
}  // namespace statusinfo::server
