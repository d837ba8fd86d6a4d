#include "service/http/http_server.h"

#include <string>

#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "tests/http/http_test_server.h"

namespace statusinfo::testing {
namespace {

using ::google::protobuf::util::JsonStringToMessage;
using ::google::protobuf::util::MessageDifferencer;

using HttpServerBasicsTest = HttpServerTest;

TEST_F(HttpServerBasicsTest, GetStatusCodeAnswersWhatGrpcAnswers) {
  const HttpResponse http = Get("/v1/statusCodes/404");
  ASSERT_EQ(http.status, 200) << http.head << http.body;
  EXPECT_EQ(http.Header("Content-Type"), "application/json");
  v1::StatusCode from_http;
  ASSERT_TRUE(JsonStringToMessage(http.body, &from_http).ok()) << http.body;

  v1::GetStatusCodeRequest request;
  request.set_code(404);
  v1::StatusCode from_grpc;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->GetStatusCode(&context, request, &from_grpc).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(from_http, from_grpc))
      << from_http.DebugString() << "\nvs\n"
      << from_grpc.DebugString();
}

TEST_F(HttpServerBasicsTest, UnknownPathIsNotFoundJson) {
  const HttpResponse http = Get("/v1/nothing/here");
  EXPECT_EQ(http.status, 404);
  google::rpc::Status status;
  ASSERT_TRUE(JsonStringToMessage(http.body, &status).ok()) << http.body;
  EXPECT_EQ(status.code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(status.message().find("/v1/nothing/here"), std::string::npos);
}

}  // namespace
}  // namespace statusinfo::testing
