#include "client/lib/errors.h"

#include <string>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace statusinfo::client {
namespace {

// A gRPC error as the server sends it: a google.rpc.Status whose details
// hold an ErrorInfo with `reason` in `domain`.
grpc::Status ServerError(const std::string& reason,
                         const std::string& domain = "statusinfo.v1") {
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain(domain);
  google::rpc::Status details;
  details.set_code(grpc::StatusCode::INVALID_ARGUMENT);
  details.set_message("code: must be between 100 and 599, got 42");
  details.add_details()->PackFrom(info);
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, details.message(),
                      details.SerializeAsString());
}

TEST(ErrorsTest, ReasonOfParsesTheServersReason) {
  const absl::Status status =
      FromGrpcStatus(ServerError(v1::ErrorReason_Name(v1::CODE_OUT_OF_RANGE)));
  EXPECT_EQ(ReasonOf(status), v1::CODE_OUT_OF_RANGE);
  EXPECT_NE(DescribeError(status).find("[reason: CODE_OUT_OF_RANGE]"),
            std::string::npos);
}

TEST(ErrorsTest, ReasonOfIsUnspecifiedWithoutAKnownReason) {
  EXPECT_EQ(ReasonOf(absl::InvalidArgumentError("no details")),
            v1::ERROR_REASON_UNSPECIFIED);
  EXPECT_EQ(ReasonOf(FromGrpcStatus(ServerError("NOT_A_REASON"))),
            v1::ERROR_REASON_UNSPECIFIED);
  EXPECT_EQ(ReasonOf(FromGrpcStatus(
                ServerError("CODE_OUT_OF_RANGE", "googleapis.com"))),
            v1::ERROR_REASON_UNSPECIFIED);
}

}  // namespace
}  // namespace statusinfo::client
