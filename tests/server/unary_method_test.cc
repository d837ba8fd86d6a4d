// Unary(): a function of the parsed request served through any transport's
// UnaryCall, here a fake one that holds the request as a message and keeps
// what the method answers.
#include "service/server/unary_method.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::server {
namespace {

// A transport that reads its request from `request` (or fails to, with
// `read_error`) and keeps the answer.
class FakeCall final : public UnaryCall {
 public:
  explicit FakeCall(v1::GetStatusCodeRequest request)
      : request_(std::move(request)) {}

  absl::Status ReadRequest(google::protobuf::Message& request) override {
    if (!read_error.ok()) return read_error;
    request.CopyFrom(request_);
    return absl::OkStatus();
  }
  void Reply(const google::protobuf::Message& response) override {
    ++answers;
    bytes = response.SerializeAsString();
    type = response.GetDescriptor();
  }
  void ReplySerialized(absl::Span<const grpc::Slice> response,
                       const google::protobuf::Descriptor& t) override {
    ++answers;
    bytes.clear();
    for (const grpc::Slice& slice : response) {
      bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
    type = &t;
  }
  void Fail(const absl::Status& e) override {
    ++answers;
    error = e;
  }

  absl::Status read_error;
  int answers = 0;
  std::string bytes;
  const google::protobuf::Descriptor* type = nullptr;
  absl::Status error;

 private:
  const v1::GetStatusCodeRequest request_;
};

v1::GetStatusCodeRequest Request(int code) {
  v1::GetStatusCodeRequest request;
  request.set_code(code);
  return request;
}

UnaryMethod Echo() {
  return Unary("GetStatusCode", [](const v1::GetStatusCodeRequest& r) {
    v1::StatusCode entry;
    entry.set_code(r.code());
    return entry;
  });
}

TEST(UnaryMethodTest, TakesItsTypesFromTheFunction) {
  const UnaryMethod method = Echo();
  EXPECT_EQ(method.name, "GetStatusCode");
  EXPECT_EQ(method.request_type, v1::GetStatusCodeRequest::descriptor());
  EXPECT_EQ(method.response_type, v1::StatusCode::descriptor());
}

TEST(UnaryMethodTest, RepliesWithTheMessageOnce) {
  FakeCall call(Request(418));
  Echo().serve(call);
  EXPECT_EQ(call.answers, 1);
  v1::StatusCode entry;
  ASSERT_TRUE(entry.ParseFromString(call.bytes));
  EXPECT_EQ(entry.code(), 418);
  EXPECT_EQ(call.type, v1::StatusCode::descriptor());
}

TEST(UnaryMethodTest, RepliesWithSerializedSlicesAsTheirMessageType) {
  v1::StatusCode entry;
  entry.set_code(404);
  entry.set_reason_phrase("Not Found");
  const std::string bytes = entry.SerializeAsString();
  const UnaryMethod method =
      Unary("GetStatusCode", [&bytes](const v1::GetStatusCodeRequest&) {
        // Two slices that together are the message.
        return absl::StatusOr<Serialized<v1::StatusCode>>(
            Serialized<v1::StatusCode>{
                {grpc::Slice(bytes.data(), 3),
                 grpc::Slice(bytes.data() + 3, bytes.size() - 3)}});
      });
  EXPECT_EQ(method.response_type, v1::StatusCode::descriptor());
  FakeCall call(Request(404));
  method.serve(call);
  EXPECT_EQ(call.answers, 1);
  EXPECT_EQ(call.bytes, bytes);
  EXPECT_EQ(call.type, v1::StatusCode::descriptor());
}

TEST(UnaryMethodTest, AnErrorOfTheFunctionFailsTheCall) {
  const UnaryMethod method = Unary(
      "GetStatusCode",
      [](const v1::GetStatusCodeRequest& r) -> absl::StatusOr<v1::StatusCode> {
        return absl::NotFoundError(absl::StrCat("code: ", r.code()));
      });
  FakeCall call(Request(299));
  method.serve(call);
  EXPECT_EQ(call.answers, 1);
  EXPECT_EQ(call.error, absl::NotFoundError("code: 299"));
}

TEST(UnaryMethodTest, ARequestThatDoesNotParseFailsTheCallUnanswered) {
  bool called = false;
  const UnaryMethod method =
      Unary("GetStatusCode", [&called](const v1::GetStatusCodeRequest&) {
        called = true;
        return v1::StatusCode();
      });
  FakeCall call(Request(200));
  call.read_error = absl::InvalidArgumentError("request: not wire format");
  method.serve(call);
  EXPECT_FALSE(called);
  EXPECT_EQ(call.answers, 1);
  EXPECT_EQ(call.error, call.read_error);
}

}  // namespace
}  // namespace statusinfo::server
