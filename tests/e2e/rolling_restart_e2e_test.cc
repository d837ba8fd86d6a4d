// Rolling restarts of a fleet, with the binaries as processes: three servers
// on 127.0.0.1, 127.0.0.2 and 127.0.0.3, and clients configured the way the
// client library documents for a fleet (round_robin over an ipv4: list, the
// retry policy for UNAVAILABLE), some with client-side health checking and
// some without, in C++ and in Python (tests/e2e/fleet_load_client.py), all
// calling without pause. Each server in turn is sent SIGTERM, waited for and
// started again on the same address, three rounds over the fleet: no call
// may fail. Then one server is killed with SIGKILL: only calls in flight on
// it may fail, and only for clients without retries.
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/lib/channel.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"
#include "tests/e2e/server_process.h"

namespace statusinfo::testing {
namespace {

constexpr int kServers = 3;
constexpr int kRounds = 3;
constexpr char kDrainDelay[] = "--drain_delay=1s";
// Far above anything the test waits for: a shutdown that waited for it
// would fail the test by its exit time, not pass slowly.
constexpr char kShutdownTimeout[] = "--shutdown_timeout=60s";

std::string Peer(const std::string& host, int port) {
  return absl::StrCat("ipv4:", host, ":", port);
}

// Threads calling GetStatusCode(404) in a loop over one channel each, built
// by the client library from `options`; OK calls are counted by the server
// that answered (the call's peer), failures kept with their code.
class Callers {
 public:
  Callers(const client::ClientOptions& options, int threads) {
    for (int i = 0; i < threads; ++i) {
      auto channel = client::CreateClientChannel(options);
      EXPECT_TRUE(channel.ok()) << channel.status();
      if (!channel.ok()) continue;
      threads_.emplace_back([this, c = *std::move(channel)] { Run(c); });
    }
  }
  ~Callers() { Stop(); }

  // Waits until the server at `peer` has answered `n` more calls than now.
  bool AwaitCallsTo(const std::string& peer, int64_t n,
                    absl::Duration timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    const int64_t target = by_peer_[peer] + n;
    return cv_.wait_for(lock, absl::ToChronoSeconds(timeout),
                        [&] { return by_peer_[peer] >= target; });
  }
  // Waits until `n` more calls than now have succeeded, on any server.
  bool AwaitCalls(int64_t n, absl::Duration timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    const int64_t target = total_ + n;
    return cv_.wait_for(lock, absl::ToChronoSeconds(timeout),
                        [&] { return total_ >= target; });
  }
  void Stop() {
    stop_ = true;
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  std::map<std::string, int64_t> by_peer() {
    std::lock_guard<std::mutex> lock(mu_);
    return by_peer_;
  }
  int64_t total() {
    std::lock_guard<std::mutex> lock(mu_);
    return total_;
  }
  std::vector<std::string> failures() {
    std::lock_guard<std::mutex> lock(mu_);
    return failures_;
  }

 private:
  void Run(const std::shared_ptr<grpc::Channel>& channel) {
    auto stub = v1::StatusInfoService::NewStub(channel);
    v1::GetStatusCodeRequest request;
    request.set_code(404);
    // A bound on the test's length, should Stop() never come.
    const absl::Time give_up = absl::Now() + absl::Minutes(3);
    while (!stop_ && absl::Now() < give_up) {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(10));
      v1::StatusCode response;
      const grpc::Status status =
          stub->GetStatusCode(&context, request, &response);
      std::lock_guard<std::mutex> lock(mu_);
      if (status.ok() && response.reason_phrase() == "Not Found") {
        ++by_peer_[context.peer()];
        ++total_;
        cv_.notify_all();
      } else {
        failures_.push_back(absl::StrCat(status.error_code(), " ",
                                         status.error_message(), " ",
                                         response.reason_phrase()));
      }
    }
  }

  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, int64_t> by_peer_;
  int64_t total_ = 0;
  std::vector<std::string> failures_;
  std::vector<std::thread> threads_;
};

// The Python client as a process (fleet_load_client.py).
class PythonCallers {
 public:
  PythonCallers(const std::string& target, const std::string& service_config,
                int threads)
      : process_({PYTHON3, FLEET_LOAD_CLIENT, PYTHON_STUBS, target,
                  service_config, absl::StrCat(threads)}) {
    started_ = process_.WaitForLine("started", absl::Seconds(30)).has_value();
  }
  bool started() const { return started_; }

  // Stops the load; the summary line, parsed (nullopt if there was none).
  std::optional<google::protobuf::Struct> Stop() {
    process_.Signal(SIGTERM);
    std::optional<std::string> line =
        process_.WaitForLine("summary ", absl::Seconds(30));
    process_.Wait(absl::Seconds(30));
    if (!line.has_value()) return std::nullopt;
    return ParseJsonLine(line->substr(line->find('{')));
  }
  const std::string& stderr_seen() const { return process_.stderr_seen(); }

 private:
  Subprocess process_;
  bool started_ = false;
};

double Sum(const google::protobuf::Struct& counts) {
  double sum = 0;
  for (const auto& [name, value] : counts.fields()) sum += value.number_value();
  return sum;
}

// Three servers, each on its own loopback address.
class Fleet {
 public:
  Fleet() {
    for (int i = 0; i < kServers; ++i) {
      hosts_.push_back(absl::StrCat("127.0.0.", i + 1));
      servers_.push_back(std::make_unique<ServerProcess>(
          std::vector<std::string>{absl::StrCat("--address=", hosts_[i], ":0"),
                                   kDrainDelay, kShutdownTimeout}));
      ports_.push_back(servers_[i]->port());
    }
  }

  bool up() const {
    return std::all_of(ports_.begin(), ports_.end(),
                       [](int port) { return port > 0; });
  }
  std::string peer(int i) const { return Peer(hosts_[i], ports_[i]); }
  std::string target() const {
    std::vector<std::string> addresses;
    for (int i = 0; i < kServers; ++i) {
      addresses.push_back(absl::StrCat(hosts_[i], ":", ports_[i]));
    }
    return absl::StrCat("ipv4:", absl::StrJoin(addresses, ","));
  }
  ServerProcess& server(int i) { return *servers_[i]; }

  // SIGTERM, the exit (its time returned), and a new server on the same
  // address; nullopt if either failed.
  std::optional<absl::Duration> Restart(int i) {
    const absl::Time signalled = absl::Now();
    servers_[i]->process().Signal(SIGTERM);
    const std::optional<int> exit_code =
        servers_[i]->process().Wait(absl::Seconds(30));
    const absl::Duration took = absl::Now() - signalled;
    EXPECT_EQ(exit_code, 0) << servers_[i]->process().stderr_seen();
    if (exit_code != 0) return std::nullopt;
    servers_[i] = std::make_unique<ServerProcess>(std::vector<std::string>{
        absl::StrCat("--address=", hosts_[i], ":", ports_[i]), kDrainDelay,
        kShutdownTimeout});
    EXPECT_EQ(servers_[i]->port(), ports_[i])
        << servers_[i]->process().stderr_seen();
    if (servers_[i]->port() != ports_[i]) return std::nullopt;
    return took;
  }

 private:
  std::vector<std::string> hosts_;
  std::vector<int> ports_;
  std::vector<std::unique_ptr<ServerProcess>> servers_;
};

client::ClientOptions FleetOptions(const std::string& target, bool health,
                                   int max_attempts) {
  client::ClientOptions options;
  options.target = target;
  options.health_check = health;
  options.max_attempts = max_attempts;
  return options;
}

// In a steady phase no server may take under 20% of the calls.
void ExpectSpread(Callers& callers, const Fleet& fleet) {
  const std::map<std::string, int64_t> before = callers.by_peer();
  ASSERT_TRUE(callers.AwaitCalls(3000, absl::Seconds(30)));
  std::map<std::string, int64_t> after = callers.by_peer();
  int64_t total = 0;
  for (auto& [peer, count] : after) {
    auto it = before.find(peer);
    count -= it == before.end() ? 0 : it->second;
    total += count;
  }
  for (int i = 0; i < kServers; ++i) {
    EXPECT_GE(after[fleet.peer(i)] * 5, total)
        << fleet.peer(i) << " took " << after[fleet.peer(i)] << " of " << total
        << " calls";
  }
}

TEST(RollingRestartTest, NoCallFailsAcrossRestartsAndKillLosesOnlyInFlight) {
  Fleet fleet;
  ASSERT_TRUE(fleet.up()) << fleet.server(0).process().stderr_seen();
  const std::string target = fleet.target();
  const absl::Time start = absl::Now();
  Callers checked(FleetOptions(target, /*health=*/true, 4), 2);
  Callers unchecked(FleetOptions(target, /*health=*/false, 4), 2);
  PythonCallers py_checked(
      target, client::ServiceConfigJson(FleetOptions(target, true, 4)), 2);
  PythonCallers py_unchecked(
      target, client::ServiceConfigJson(FleetOptions(target, false, 4)), 2);
  ASSERT_TRUE(py_checked.started()) << py_checked.stderr_seen();
  ASSERT_TRUE(py_unchecked.started()) << py_unchecked.stderr_seen();
  for (int i = 0; i < kServers; ++i) {
    ASSERT_TRUE(checked.AwaitCallsTo(fleet.peer(i), 100, absl::Seconds(30)));
    ASSERT_TRUE(unchecked.AwaitCallsTo(fleet.peer(i), 100, absl::Seconds(30)));
  }
  ExpectSpread(checked, fleet);
  ExpectSpread(unchecked, fleet);

  absl::Duration slowest_exit;
  for (int round = 0; round < kRounds; ++round) {
    for (int i = 0; i < kServers; ++i) {
      std::optional<absl::Duration> exit_took = fleet.Restart(i);
      ASSERT_TRUE(exit_took.has_value())
          << "round " << round << " server " << i;
      slowest_exit = std::max(slowest_exit, *exit_took);
      // The restarted server takes calls again before the next goes down.
      EXPECT_TRUE(checked.AwaitCallsTo(fleet.peer(i), 100, absl::Seconds(30)))
          << "round " << round << " server " << i;
      EXPECT_TRUE(unchecked.AwaitCallsTo(fleet.peer(i), 100, absl::Seconds(30)))
          << "round " << round << " server " << i;
    }
  }

  // SIGKILL: no drain, no GOAWAY. Clients without retries lose the calls in
  // flight on that server, and at most one more per thread: the call picked
  // for the dead connection after the reset reached one call but before the
  // round_robin picker dropped that address ("Broken pipe"; seen under
  // ASan: 2 resets and 2 broken pipes from 2 threads). The others lose none.
  constexpr int kNoRetryThreads = 2;
  constexpr int kMaxLostPerThread = 2;
  Callers no_retry(FleetOptions(target, /*health=*/false, 1), kNoRetryThreads);
  ASSERT_TRUE(no_retry.AwaitCallsTo(fleet.peer(0), 100, absl::Seconds(30)));
  fleet.server(0).process().Signal(SIGKILL);
  ASSERT_TRUE(fleet.server(0).process().Wait(absl::Seconds(10)).has_value());
  EXPECT_TRUE(no_retry.AwaitCalls(2000, absl::Seconds(30)));
  EXPECT_TRUE(checked.AwaitCalls(2000, absl::Seconds(30)));

  no_retry.Stop();
  checked.Stop();
  unchecked.Stop();
  const std::optional<google::protobuf::Struct> py_checked_summary =
      py_checked.Stop();
  const std::optional<google::protobuf::Struct> py_unchecked_summary =
      py_unchecked.Stop();
  const absl::Duration took = absl::Now() - start;
  ASSERT_TRUE(py_checked_summary.has_value()) << py_checked.stderr_seen();
  ASSERT_TRUE(py_unchecked_summary.has_value()) << py_unchecked.stderr_seen();

  const auto& py_checked_fields = py_checked_summary->fields();
  const auto& py_unchecked_fields = py_unchecked_summary->fields();
  const double py_calls = py_checked_fields.at("ok").number_value() +
                          py_unchecked_fields.at("ok").number_value();
  const int64_t cpp_calls =
      checked.total() + unchecked.total() + no_retry.total();
  std::cout << "rolling restart: " << kRounds * kServers
            << " SIGTERM restarts, slowest exit "
            << absl::FormatDuration(slowest_exit) << "; " << cpp_calls
            << " C++ and " << py_calls << " Python calls in "
            << absl::FormatDuration(took) << " ("
            << static_cast<int>((cpp_calls + py_calls) /
                                absl::ToDoubleSeconds(took))
            << " calls/s); failed: C++ health-checked "
            << checked.failures().size() << ", C++ unchecked "
            << unchecked.failures().size() << ", Python health-checked "
            << Sum(py_checked_fields.at("failed").struct_value())
            << ", Python unchecked "
            << Sum(py_unchecked_fields.at("failed").struct_value())
            << ", C++ without retries at the SIGKILL "
            << no_retry.failures().size() << "\n";

  EXPECT_GT(py_checked_fields.at("ok").number_value(), 0);
  EXPECT_GT(py_unchecked_fields.at("ok").number_value(), 0);
  // Every shutdown ended long before its 60 s timeout.
  EXPECT_LT(slowest_exit, absl::Seconds(10));
  EXPECT_EQ(checked.failures(), std::vector<std::string>{});
  EXPECT_EQ(unchecked.failures(), std::vector<std::string>{});
  EXPECT_EQ(Sum(py_checked_fields.at("failed").struct_value()), 0)
      << py_checked_summary->DebugString();
  EXPECT_EQ(Sum(py_unchecked_fields.at("failed").struct_value()), 0)
      << py_unchecked_summary->DebugString();
  EXPECT_LE(no_retry.failures().size(), kNoRetryThreads * kMaxLostPerThread)
      << absl::StrJoin(no_retry.failures(), "\n");
  for (const std::string& failure : no_retry.failures()) {
    EXPECT_EQ(failure.substr(0, 3), "14 ") << failure;  // UNAVAILABLE
  }
}

}  // namespace
}  // namespace statusinfo::testing
