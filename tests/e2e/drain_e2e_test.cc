// The graceful drain, with the binary as a process: SIGTERM under load
// loses no call, and a second signal ends the drain sooner.
#include <stdlib.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"
#include "tests/e2e/server_process.h"

namespace statusinfo::testing {
namespace {

using ::grpc::health::v1::HealthCheckResponse;
using ::testing::HasSubstr;

// On shutdown the server sends GOAWAY and a PING, and closes a connection
// once the client acks it. A synchronous client with no call in flight
// reads its socket only on gRPC's backup poll, every 5 s by default, which
// would add up to 5 s to every shutdown here (never to one with a real,
// polling client). gRPC reads this when it initialises, after static
// initialisation.
const bool kFastBackupPoll =
    setenv("GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS", "100", 1) == 0;

std::shared_ptr<grpc::Channel> Connect(const ServerProcess& server) {
  return grpc::CreateChannel(server.target(),
                             grpc::InsecureChannelCredentials());
}

// One call of the load: when it started and how it ended.
struct CallRecord {
  absl::Time start;
  grpc::StatusCode code;
};

// Client threads calling GetStatusCode in a loop, each on its own channel,
// until a call fails (the server has gone) or Stop().
class Load {
 public:
  Load(const ServerProcess& server, int threads) {
    for (int i = 0; i < threads; ++i) {
      threads_.emplace_back(
          [this, channel = Connect(server)] { Run(channel); });
    }
  }
  ~Load() { Join(); }

  // Waits until `n` calls have succeeded.
  bool AwaitSuccesses(int n, absl::Duration timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, absl::ToChronoSeconds(timeout),
                        [&] { return successes_ >= n; });
  }
  void Join() {
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  std::vector<CallRecord> records() {
    std::lock_guard<std::mutex> lock(mu_);
    return records_;
  }

 private:
  void Run(const std::shared_ptr<grpc::Channel>& channel) {
    auto stub = v1::StatusInfoService::NewStub(channel);
    // A bound on the test's length, should the server never go away.
    const absl::Time give_up = absl::Now() + absl::Seconds(60);
    while (absl::Now() < give_up) {
      v1::GetStatusCodeRequest request;
      request.set_code(200);
      v1::StatusCode response;
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(10));
      const absl::Time start = absl::Now();
      grpc::Status status = stub->GetStatusCode(&context, request, &response);
      std::lock_guard<std::mutex> lock(mu_);
      records_.push_back({start, status.error_code()});
      if (!status.ok()) return;
      ++successes_;
      cv_.notify_all();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  int successes_ = 0;
  std::vector<CallRecord> records_;
  std::vector<std::thread> threads_;
};

// Health.Watch(""): the server pushes each status change.
class HealthWatch {
 public:
  explicit HealthWatch(const ServerProcess& server)
      : stub_(grpc::health::v1::Health::NewStub(Connect(server))) {
    context_.set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(60));
    reader_ = stub_->Watch(&context_, grpc::health::v1::HealthCheckRequest());
  }
  ~HealthWatch() {
    context_.TryCancel();
    (void)reader_->Finish();
  }

  // The next status the server reports; UNKNOWN when the stream ended.
  HealthCheckResponse::ServingStatus Next() {
    HealthCheckResponse response;
    return reader_->Read(&response) ? response.status()
                                    : HealthCheckResponse::UNKNOWN;
  }

 private:
  std::unique_ptr<grpc::health::v1::Health::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<HealthCheckResponse>> reader_;
};

TEST(DrainTest, SigtermUnderLoadFailsNoCallStartedBeforeNotServing) {
  const absl::Duration drain_delay = absl::Seconds(1);
  const absl::Duration shutdown_timeout = absl::Seconds(5);
  ServerProcess server({"--drain_delay=1s", "--shutdown_timeout=5s"});
  ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
  auto watch = std::make_unique<HealthWatch>(server);
  ASSERT_EQ(watch->Next(), HealthCheckResponse::SERVING);
  Load load(server, 4);
  ASSERT_TRUE(load.AwaitSuccesses(200, absl::Seconds(20)));

  const absl::Time signalled = absl::Now();
  server.process().Signal(SIGTERM);
  ASSERT_EQ(watch->Next(), HealthCheckResponse::NOT_SERVING);
  const absl::Time not_serving = absl::Now();
  // The Watch is a call in flight too; ending it lets the shutdown finish.
  watch.reset();

  std::optional<int> exit_code =
      server.process().Wait(drain_delay + shutdown_timeout + absl::Seconds(5));
  const absl::Duration took = absl::Now() - signalled;
  load.Join();
  EXPECT_EQ(exit_code, 0) << server.process().stderr_seen();
  EXPECT_LE(took, drain_delay + shutdown_timeout + absl::Seconds(2));
  // The server kept answering for the drain delay.
  EXPECT_GE(took, drain_delay);

  int before = 0, after_ok = 0;
  for (const CallRecord& call : load.records()) {
    if (call.start < not_serving) {
      ++before;
      EXPECT_EQ(call.code, grpc::StatusCode::OK)
          << "call started " << (not_serving - call.start)
          << " before NOT_SERVING failed";
    } else if (call.code == grpc::StatusCode::OK) {
      ++after_ok;
    }
  }
  EXPECT_GE(before, 200);
  EXPECT_GT(after_ok, 0) << "no call was answered during the drain delay";
  EXPECT_THAT(server.process().stderr_seen(),
              HasSubstr("\"event\":\"stopped\""));
}

TEST(DrainTest, OpenHealthWatchSeesNotServingAndDoesNotHoldTheShutdown) {
  ServerProcess server({"--drain_delay=0s", "--shutdown_timeout=30s"});
  ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
  HealthWatch watch(server);
  ASSERT_EQ(watch.Next(), HealthCheckResponse::SERVING);
  const absl::Time start = absl::Now();
  server.process().Signal(SIGTERM);
  EXPECT_EQ(watch.Next(), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(watch.Next(), HealthCheckResponse::UNKNOWN);  // the call ended
  EXPECT_EQ(server.process().Wait(absl::Seconds(40)), 0);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST(DrainTest, SecondSignalCutsTheDrainDelayShort) {
  ServerProcess server({"--drain_delay=60s", "--shutdown_timeout=5s"});
  ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
  const absl::Time start = absl::Now();
  server.process().Signal(SIGTERM);
  ASSERT_TRUE(server.process()
                  .WaitForLine("\"event\":\"draining\"", absl::Seconds(10))
                  .has_value());
  server.process().Signal(SIGINT);
  EXPECT_EQ(server.process().Wait(absl::Seconds(20)), 0);
  EXPECT_LT(absl::Now() - start, absl::Seconds(20));
  EXPECT_THAT(server.process().stderr_seen(),
              HasSubstr("\"event\":\"drain_cut_short\",\"signal\":\"SIGINT\""));
}

// One StreamValidateResponses exchange on an open stream.
bool Exchange(
    grpc::ClientReaderWriter<v1::StreamValidateResponsesRequest,
                             v1::StreamValidateResponsesResponse>& stream) {
  v1::StreamValidateResponsesRequest batch;
  batch.add_responses()->set_status_code(200);
  v1::StreamValidateResponsesResponse results;
  return stream.Write(batch) && stream.Read(&results) &&
         results.results_size() == 1;
}

TEST(DrainTest, CallsInFlightFinishDuringTheShutdown) {
  ServerProcess server({"--shutdown_timeout=30s"});
  ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
  auto stub = v1::StatusInfoService::NewStub(Connect(server));
  grpc::ClientContext context;
  auto stream = stub->StreamValidateResponses(&context);
  ASSERT_TRUE(Exchange(*stream));
  const absl::Time start = absl::Now();
  server.process().Signal(SIGTERM);
  ASSERT_TRUE(server.process()
                  .WaitForLine("\"event\":\"shutting_down\"", absl::Seconds(10))
                  .has_value());
  // The server no longer takes calls but serves this one to its end.
  EXPECT_TRUE(Exchange(*stream));
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(server.process().Wait(absl::Seconds(20)), 0);
  EXPECT_LT(absl::Now() - start, absl::Seconds(20));
}

TEST(DrainTest, ShutdownTimeoutBoundsCallsInFlight) {
  ServerProcess server({"--shutdown_timeout=1s"});
  ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
  auto stub = v1::StatusInfoService::NewStub(Connect(server));
  grpc::ClientContext context;
  auto stream = stub->StreamValidateResponses(&context);
  ASSERT_TRUE(Exchange(*stream));
  const absl::Time start = absl::Now();
  server.process().Signal(SIGTERM);
  EXPECT_EQ(server.process().Wait(absl::Seconds(10)), 0);
  const absl::Duration took = absl::Now() - start;
  EXPECT_GE(took, absl::Milliseconds(900)) << "did not wait for the call";
  EXPECT_LE(took, absl::Seconds(4));
  EXPECT_FALSE(stream->Finish().ok());
}

TEST(DrainTest, SecondSignalDuringShutdownCancelsCallsInFlight) {
  ServerProcess server({"--shutdown_timeout=60s"});
  ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
  auto stub = v1::StatusInfoService::NewStub(Connect(server));
  grpc::ClientContext context;
  auto stream = stub->StreamValidateResponses(&context);
  ASSERT_TRUE(Exchange(*stream));
  const absl::Time start = absl::Now();
  server.process().Signal(SIGTERM);
  ASSERT_TRUE(server.process()
                  .WaitForLine("\"event\":\"shutting_down\"", absl::Seconds(10))
                  .has_value());
  server.process().Signal(SIGTERM);
  EXPECT_EQ(server.process().Wait(absl::Seconds(20)), 0);
  EXPECT_LT(absl::Now() - start, absl::Seconds(20));
  EXPECT_FALSE(stream->Finish().ok());
  EXPECT_THAT(server.process().stderr_seen(),
              HasSubstr("\"event\":\"calls_cancelled\""));
}

}  // namespace
}  // namespace statusinfo::testing
