// Kill and restart: the server binary is killed with SIGKILL (no drain, no
// GOAWAY: connections just die) and started again on the same port, while
// clients built the way services build them (StatusInfoClient with
// wait_for_ready and the retry policy) call in a loop. Every call must
// complete successfully: a call in flight at the kill fails with UNAVAILABLE
// and is retried, and calls made while nothing listens wait for the
// restarted server instead of failing.
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/lib/status_info_client.h"
#include "gtest/gtest.h"
#include "tests/e2e/server_process.h"

namespace statusinfo::testing {
namespace {

// See drain_e2e_test.cc: without it an idle synchronous client notices a
// dead connection only on gRPC's 5 s backup poll.
const bool kFastBackupPoll =
    setenv("GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS", "100", 1) == 0;

constexpr int kClientThreads = 4;
constexpr int kRestarts = 3;

// Client threads calling in a loop until Stop(); every result is kept.
class Callers {
 public:
  explicit Callers(const std::string& target) {
    for (int i = 0; i < kClientThreads; ++i) {
      client::ClientOptions options;
      options.target = target;
      options.wait_for_ready = true;
      // Generous: covers a kill, a restart and a reconnection backoff.
      options.timeout = absl::Seconds(30);
      auto created = client::StatusInfoClient::Create(options);
      EXPECT_TRUE(created.ok()) << created.status();
      if (!created.ok()) continue;
      threads_.emplace_back(
          [this, c = std::shared_ptr<client::StatusInfoClient>(
                     *std::move(created))] { Run(*c); });
    }
  }
  ~Callers() { Stop(); }

  // Waits until `n` more calls than now have succeeded.
  bool AwaitMoreSuccesses(int n, absl::Duration timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    const int target = successes_ + n;
    return cv_.wait_for(lock, absl::ToChronoSeconds(timeout),
                        [&] { return successes_ >= target; });
  }
  void Stop() {
    stop_ = true;
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  int successes() {
    std::lock_guard<std::mutex> lock(mu_);
    return successes_;
  }
  std::vector<std::string> failures() {
    std::lock_guard<std::mutex> lock(mu_);
    return failures_;
  }
  absl::Duration slowest() {
    std::lock_guard<std::mutex> lock(mu_);
    return slowest_;
  }

 private:
  void Run(client::StatusInfoClient& client) {
    // A bound on the test's length, should Stop() never come.
    const absl::Time give_up = absl::Now() + absl::Minutes(3);
    for (int i = 0; !stop_ && absl::Now() < give_up; ++i) {
      const absl::Time start = absl::Now();
      std::string failure;
      if (i % 2 == 0) {
        absl::StatusOr<v1::StatusCode> entry = client.GetStatusCode(404);
        if (!entry.ok()) {
          failure = client::DescribeError(entry.status());
        } else if (entry->reason_phrase() != "Not Found") {
          failure = "GetStatusCode(404): " + entry->reason_phrase();
        }
      } else {
        absl::StatusOr<v1::ValidateStatusLineResponse> line =
            client.ValidateStatusLine("HTTP/1.1 200 OK");
        if (!line.ok()) {
          failure = client::DescribeError(line.status());
        } else if (!line->valid()) {
          failure = "ValidateStatusLine: not valid";
        }
      }
      const absl::Duration took = absl::Now() - start;
      std::lock_guard<std::mutex> lock(mu_);
      slowest_ = std::max(slowest_, took);
      if (failure.empty()) {
        ++successes_;
        cv_.notify_all();
      } else {
        failures_.push_back(failure);
      }
    }
  }

  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  int successes_ = 0;
  std::vector<std::string> failures_;
  absl::Duration slowest_;
  std::vector<std::thread> threads_;
};

void KillNow(ServerProcess& server) {
  server.process().Signal(SIGKILL);
  ASSERT_TRUE(server.process().Wait(absl::Seconds(10)).has_value());
}

enum class Outcome { kDone, kPortTaken };

// One run: a server on a free port, callers, kRestarts kill-and-restarts on
// that port. kPortTaken when a restart could not bind the port (another
// process took it after the kill); the caller starts over on a new port.
Outcome RunScenario() {
  auto server = std::make_unique<ServerProcess>();
  EXPECT_GT(server->port(), 0) << server->process().stderr_seen();
  if (server->port() == 0) return Outcome::kDone;
  const int port = server->port();
  const std::string address = absl::StrCat("127.0.0.1:", port);
  Callers callers(address);
  EXPECT_TRUE(callers.AwaitMoreSuccesses(200, absl::Seconds(30)));

  absl::Duration longest_restart;
  for (int i = 0; i < kRestarts; ++i) {
    KillNow(*server);
    const absl::Time killed = absl::Now();
    server = std::make_unique<ServerProcess>(
        std::vector<std::string>{absl::StrCat("--address=", address)});
    if (server->port() != port) {
      std::cout << "restart could not bind " << address << ": "
                << server->process().stderr_seen() << "\n";
      callers.Stop();
      return Outcome::kPortTaken;
    }
    longest_restart = std::max(longest_restart, absl::Now() - killed);
    // The restarted server serves the callers before the next kill.
    EXPECT_TRUE(callers.AwaitMoreSuccesses(200, absl::Seconds(60)))
        << "restart " << i;
  }
  callers.Stop();
  const std::vector<std::string> failures = callers.failures();
  std::cout << "kill/restart: " << kRestarts << " SIGKILLs on port " << port
            << ", " << callers.successes() << " calls succeeded, "
            << failures.size() << " failed; slowest call "
            << absl::FormatDuration(callers.slowest())
            << ", longest kill-to-serving "
            << absl::FormatDuration(longest_restart) << "\n";
  EXPECT_TRUE(failures.empty())
      << failures.size() << " calls failed, first: " << failures.front();
  EXPECT_GE(callers.successes(), 200 * (kRestarts + 1));
  return Outcome::kDone;
}

TEST(KillRestartTest, EveryCallSucceedsAcrossSigkillAndRestartOnTheSamePort) {
  ASSERT_TRUE(kFastBackupPoll);
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (RunScenario() == Outcome::kDone) return;
  }
  FAIL() << "the port was taken after the kill three times in a row";
}

}  // namespace
}  // namespace statusinfo::testing
