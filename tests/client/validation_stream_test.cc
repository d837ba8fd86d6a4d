// Tests of ValidationStream: results in order with several batches in
// flight against the real server, and each way the stream can end early
// (the caller's error, a server that breaks the one-result-per-response
// contract, a server that never answers, no server).
#include "client/lib/validation_stream.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "client/lib/status_info_client.h"
#include "gmock/gmock.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "tests/server/test_server.h"

namespace statusinfo::client {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

// A batch of `count` responses: status codes from `first` on.
v1::StreamValidateResponsesRequest Batch(int first, int count) {
  v1::StreamValidateResponsesRequest batch;
  for (int i = 0; i < count; ++i) {
    v1::ValidateResponseRequest* response = batch.add_responses();
    response->set_status_code(first + i);
    response->mutable_request()->set_method("GET");
  }
  return batch;
}

std::unique_ptr<StatusInfoClient> Connect(int port, absl::Duration timeout) {
  ClientOptions options;
  options.target = absl::StrCat("127.0.0.1:", port);
  options.timeout = timeout;
  absl::StatusOr<std::unique_ptr<StatusInfoClient>> client =
      StatusInfoClient::Create(options);
  EXPECT_TRUE(client.ok()) << client.status();
  return client.ok() ? *std::move(client) : nullptr;
}

class ValidationStreamTest : public testing::ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (HasFatalFailure()) return;
    client_ = Connect(server_->port(), absl::Seconds(10));
  }
  void TearDown() override {
    client_.reset();
    ServerTest::TearDown();
  }
  std::unique_ptr<StatusInfoClient> client_;
};

TEST_F(ValidationStreamTest, AnswersEveryBatchInOrder) {
  // The oracle: each response validated alone.
  std::vector<std::string> expected;
  std::vector<std::string> streamed;
  std::unique_ptr<ValidationStream> stream = client_->OpenValidationStream(
      /*max_in_flight=*/3, [&](v1::StreamValidateResponsesResponse& answer) {
        for (const v1::ValidateResponseResponse& result : answer.results()) {
          streamed.push_back(result.SerializeAsString());
        }
        return absl::OkStatus();
      });
  for (int first = 100; first < 600; first += 25) {
    const v1::StreamValidateResponsesRequest batch = Batch(first, 25);
    for (const v1::ValidateResponseRequest& one : batch.responses()) {
      absl::StatusOr<v1::ValidateResponseResponse> alone =
          client_->ValidateResponse(one);
      ASSERT_TRUE(alone.ok()) << alone.status();
      expected.push_back(alone->SerializeAsString());
    }
    ASSERT_TRUE(stream->Send(batch).ok());
  }
  ASSERT_TRUE(stream->Finish().ok());
  EXPECT_THAT(streamed, ElementsAreArray(expected));
}

TEST_F(ValidationStreamTest, TheCallersErrorEndsTheStream) {
  int answers = 0;
  std::unique_ptr<ValidationStream> stream = client_->OpenValidationStream(
      1, [&](v1::StreamValidateResponsesResponse&) {
        ++answers;
        return absl::CancelledError("output closed");
      });
  absl::Status sent = stream->Send(Batch(200, 5));
  for (int i = 0; i < 10 && sent.ok(); ++i) sent = stream->Send(Batch(200, 5));
  EXPECT_EQ(sent, absl::CancelledError("output closed"));
  EXPECT_EQ(stream->Finish(), absl::CancelledError("output closed"));
  EXPECT_EQ(answers, 1);
}

TEST_F(ValidationStreamTest, TheServersRefusalIsTheOutcome) {
  std::unique_ptr<ValidationStream> stream = client_->OpenValidationStream(
      2, [](v1::StreamValidateResponsesResponse&) { return absl::OkStatus(); });
  v1::StreamValidateResponsesRequest too_big = Batch(200, 1001);
  stream->Send(too_big).IgnoreError();  // Finish() says why
  absl::Status finished = stream->Finish();
  EXPECT_EQ(finished.code(), absl::StatusCode::kInvalidArgument) << finished;
  EXPECT_THAT(finished.message(), HasSubstr("responses"));
}

TEST(ValidationStreamNoServerTest, AnUnreachableServerIsUnavailable) {
  // Port 0 cannot be connected to.
  std::unique_ptr<StatusInfoClient> client = Connect(0, absl::Seconds(5));
  ASSERT_NE(client, nullptr);
  std::unique_ptr<ValidationStream> stream = client->OpenValidationStream(
      2, [](v1::StreamValidateResponsesResponse&) { return absl::OkStatus(); });
  stream->Send(Batch(200, 3)).IgnoreError();
  EXPECT_EQ(stream->Finish().code(), absl::StatusCode::kUnavailable);
}

// A StreamValidateResponses that reads every batch and answers none (and
// keeps the call open until released), or answers each with no results.
class BadStreamService final : public v1::StatusInfoService::Service {
 public:
  explicit BadStreamService(bool answer_empty) : answer_empty_(answer_empty) {}

  grpc::Status StreamValidateResponses(
      grpc::ServerContext* /*context*/,
      grpc::ServerReaderWriter<v1::StreamValidateResponsesResponse,
                               v1::StreamValidateResponsesRequest>* stream)
      override {
    v1::StreamValidateResponsesRequest request;
    // Read returns false once the client half-closes or cancels.
    while (stream->Read(&request)) {
      if (answer_empty_) stream->Write(v1::StreamValidateResponsesResponse());
    }
    if (!answer_empty_) release_.WaitForNotification();
    return grpc::Status::OK;
  }

  void Release() { release_.Notify(); }

 private:
  const bool answer_empty_;
  absl::Notification release_;
};

absl::Status RunAgainst(BadStreamService& service) {
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  std::unique_ptr<StatusInfoClient> client =
      Connect(port, absl::Milliseconds(300));
  std::unique_ptr<ValidationStream> stream = client->OpenValidationStream(
      1, [](v1::StreamValidateResponsesResponse&) { return absl::OkStatus(); });
  stream->Send(Batch(200, 3)).IgnoreError();
  absl::Status status = stream->Finish();
  stream.reset();
  service.Release();
  server->Shutdown();
  return status;
}

TEST(ValidationStreamBadServerTest, NoAnswerWithinTheTimeoutIsADeadline) {
  BadStreamService silent(/*answer_empty=*/false);
  const absl::Status status = RunAgainst(silent);
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  EXPECT_THAT(status.message(), HasSubstr("no answer from the server"));
}

TEST(ValidationStreamBadServerTest, AWrongResultCountIsInternal) {
  BadStreamService empty(/*answer_empty=*/true);
  const absl::Status status = RunAgainst(empty);
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  EXPECT_THAT(status.message(), HasSubstr("different number of results"));
}

}  // namespace
}  // namespace statusinfo::client
