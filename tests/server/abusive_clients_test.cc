// Abusive clients, in-process. Already covered in limits_test.cc and not
// repeated here: clients that ping too often get GOAWAY
// (LimitsTest.ClientsThatPingTooOftenGetGoaway) and a second stream waits
// when max_concurrent_streams is 1
// (LimitsTest.ConcurrentStreamsPerConnectionAreCapped). The slow reader of
// a stream, which needs the server's memory as a process, is in
// tests/e2e/soak_e2e_test.cc (AbusiveClientsTest).
//
// Here: a connection that opens far more streams than the default maximum
// of 100 and holds them open is held to 100 streams at a time, and the
// server keeps serving other connections meanwhile.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/client_callback.h"
#include "gtest/gtest.h"
#include "tests/server/test_server.h"

namespace statusinfo::testing {
namespace {

// Counts the streams that got an answer, and the ones that ended.
struct Tally {
  std::mutex mu;
  std::condition_variable cv;
  int answered = 0;
  int done = 0;
};

// A stream that sends one batch, reads its answer and then holds the
// stream open (no half-close) until cancelled.
class HeldStream
    : public grpc::ClientBidiReactor<v1::StreamValidateResponsesRequest,
                                     v1::StreamValidateResponsesResponse> {
 public:
  HeldStream(v1::StatusInfoService::Stub& stub, Tally& tally) : tally_(tally) {
    context_.set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(60));
    request_.add_responses()->set_status_code(200);
    stub.async()->StreamValidateResponses(&context_, this);
    StartWrite(&request_);
    StartRead(&response_);
    StartCall();
  }
  void Cancel() { context_.TryCancel(); }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    std::lock_guard<std::mutex> lock(tally_.mu);
    answered_ = true;
    ++tally_.answered;
    tally_.cv.notify_all();
  }
  void OnDone(const grpc::Status& status) override {
    std::lock_guard<std::mutex> lock(tally_.mu);
    status_ = status;
    ++tally_.done;
    tally_.cv.notify_all();
  }
  bool answered() {
    std::lock_guard<std::mutex> lock(tally_.mu);
    return answered_;
  }
  grpc::Status status() {
    std::lock_guard<std::mutex> lock(tally_.mu);
    return status_;
  }

 private:
  Tally& tally_;
  grpc::ClientContext context_;
  v1::StreamValidateResponsesRequest request_;
  v1::StreamValidateResponsesResponse response_;
  bool answered_ = false;
  grpc::Status status_;
};

class AbusiveClientsTest : public ServerTest {};

TEST_F(AbusiveClientsTest, StreamFloodIsHeldToTheConcurrentStreamLimit) {
  const int limit = server::ConnectionLimits().max_concurrent_streams;
  const int opened = limit + 50;
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto flood_channel =
      grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                grpc::InsecureChannelCredentials(), args);
  auto flood_stub = v1::StatusInfoService::NewStub(flood_channel);
  Tally tally;
  std::vector<std::unique_ptr<HeldStream>> streams;
  for (int i = 0; i < opened; ++i) {
    streams.push_back(std::make_unique<HeldStream>(*flood_stub, tally));
  }
  {
    std::unique_lock<std::mutex> lock(tally.mu);
    ASSERT_TRUE(tally.cv.wait_for(lock, std::chrono::seconds(20),
                                  [&] { return tally.answered >= limit; }));
    // No stream beyond the limit is served while the others are held: a
    // bounded wait for an event that must not happen.
    EXPECT_FALSE(tally.cv.wait_for(lock, std::chrono::milliseconds(500),
                                   [&] { return tally.answered > limit; }));
    EXPECT_EQ(tally.answered, limit);
  }
  // Another connection is served meanwhile.
  v1::GetStatusCodeRequest request;
  request.set_code(404);
  v1::StatusCode entry;
  grpc::Status status =
      stub_->GetStatusCode(ContextWithDeadline().get(), request, &entry);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(entry.reason_phrase(), "Not Found");

  // Releasing one held stream lets exactly one waiting stream in.
  for (auto& stream : streams) {
    if (stream->answered()) {
      stream->Cancel();
      break;
    }
  }
  {
    std::unique_lock<std::mutex> lock(tally.mu);
    EXPECT_TRUE(tally.cv.wait_for(lock, std::chrono::seconds(10),
                                  [&] { return tally.answered == limit + 1; }));
  }
  for (auto& stream : streams) stream->Cancel();
  {
    std::unique_lock<std::mutex> lock(tally.mu);
    ASSERT_TRUE(tally.cv.wait_for(lock, std::chrono::seconds(20),
                                  [&] { return tally.done == opened; }));
  }
  for (auto& stream : streams) {
    EXPECT_EQ(stream->status().error_code(), grpc::StatusCode::CANCELLED);
  }
  status = stub_->GetStatusCode(ContextWithDeadline().get(), request, &entry);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

}  // namespace
}  // namespace statusinfo::testing
