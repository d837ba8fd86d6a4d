#include "service/server/grpc_status.h"

#include <string>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "service/core/errors.h"
#include "service/server/logging.h"

namespace statusinfo::server {
namespace {

TEST(GrpcStatusTest, OkStaysOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

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
  grpc::Status status = ToGrpcStatus(core::InvalidArgument(
      "codes[2]", "must be between 100 and 599", v1::CODE_OUT_OF_RANGE));
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

TEST(GrpcStatusTest, ServerErrorsCarryAnErrorInfo) {
  grpc::Status status =
      ServerError(absl::StatusCode::kUnavailable, "the server is shutting down",
                  v1::SHUTTING_DOWN);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "SHUTTING_DOWN");
  EXPECT_EQ(info.domain(), "statusinfo.v1");
}

TEST(GrpcStatusTest, ServerSideFailuresAreLoggedClientErrorsAreNot) {
  std::vector<std::string> lines;
  SetLogSinkForTesting(
      [&](absl::string_view line) { lines.emplace_back(line); });
  (void)ToGrpcStatus(absl::InvalidArgumentError("bad input"));
  (void)ToGrpcStatus(absl::NotFoundError("no such code"));
  EXPECT_TRUE(lines.empty());
  (void)ToGrpcStatus(absl::InternalError("catalog entry 299 is corrupt"));
  SetLogSinkForTesting(nullptr);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("\"event\":\"rpc_failed\""), std::string::npos);
  EXPECT_NE(lines[0].find("catalog entry 299 is corrupt"), std::string::npos);
}

}  // namespace
}  // namespace statusinfo::server
