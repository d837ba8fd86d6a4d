// bench_loadgen: the load generator for what h2load cannot drive, built on
// the client library (StatusInfoClient).
//
//   bench_loadgen check --target=H:P
//   --method=get|get_not_found|batch|validate|search|stream [--calls=3]
//       A few calls through the client; exits 1 unless each has grpc-status
//       0 (NOT_FOUND for get_not_found). Run before each h2load scenario,
//       since h2load cannot read trailers.
//   bench_loadgen validate --target=H:P --mode=unary|stream --inflight=N
//       --seconds=S [--batch=100]
//       Closed loop: N threads, each with one call (unary ValidateResponse)
//       or one stream message of --batch responses (StreamValidateResponses)
//       in flight. Prints one JSON object: validations per second and more.
//   bench_loadgen startup --port=P -- <server command...>
//       Starts the server and prints the milliseconds from the fork to the
//       first health Check that answers SERVING, then stops it (SIGTERM).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/scenarios.h"
#include "client/lib/status_info_client.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051", "Server address.");
ABSL_FLAG(std::string, method, "get", "check: which scenario's call.");
ABSL_FLAG(int, calls, 3, "check: how many calls.");
ABSL_FLAG(std::string, mode, "unary", "validate: unary or stream.");
ABSL_FLAG(int, inflight, 8, "validate: calls (or stream messages) in flight.");
ABSL_FLAG(double, seconds, 3, "validate: how long to measure.");
ABSL_FLAG(double, warmup_seconds, 0.5, "validate: load before measuring.");
ABSL_FLAG(int, batch, statusinfo::bench::kStreamBatch,
          "validate: responses per stream message.");
ABSL_FLAG(int, port, 0, "startup: the port the server listens on.");

namespace statusinfo::bench {
namespace {

using client::StatusInfoClient;
using Clock = std::chrono::steady_clock;

std::unique_ptr<StatusInfoClient> NewClient(absl::Duration timeout) {
  client::ClientOptions options;
  options.target = absl::GetFlag(FLAGS_target);
  options.timeout = timeout;
  options.max_attempts = 1;
  auto c = StatusInfoClient::Create(options);
  if (!c.ok()) {
    std::cerr << "bench_loadgen: " << c.status() << "\n";
    std::exit(2);
  }
  return *std::move(c);
}

int Check() {
  auto c = NewClient(absl::Seconds(5));
  const std::string method = absl::GetFlag(FLAGS_method);
  for (int i = 0; i < absl::GetFlag(FLAGS_calls); ++i) {
    absl::Status status;
    std::string what;
    if (method == "get") {
      auto r = c->GetStatusCode(kLookupCode);
      status = r.status();
      if (r.ok() && r->code() != kLookupCode)
        status = absl::InternalError("wrong entry");
    } else if (method == "get_not_found") {
      auto r = c->GetStatusCode(299);
      status = absl::IsNotFound(r.status())
                   ? absl::OkStatus()
                   : absl::InternalError(absl::StrCat(
                         "expected NOT_FOUND, got ", r.status().ToString()));
    } else if (method == "batch") {
      const auto request = BatchRequest();
      std::vector<int> codes(request.codes().begin(), request.codes().end());
      auto r = c->BatchGetStatusCodes(codes);
      status = r.status();
      if (r.ok() && r->status_codes_size() != kBatchCodes)
        status = absl::InternalError("wrong count");
    } else if (method == "validate") {
      status = c->ValidateResponse(ValidateRequest()).status();
    } else if (method == "search") {
      auto r = c->SearchStatusCodes(SearchRequest().query());
      status = r.status();
      if (r.ok() && r->results_size() == 0)
        status = absl::InternalError("no results");
    } else if (method == "stream") {
      const auto request = StreamRequest();
      std::vector<v1::ValidateResponseRequest> all(request.responses().begin(),
                                                   request.responses().end());
      auto r = c->ValidateResponses(all, kStreamBatch);
      status = r.status();
      if (r.ok() && r->size() != all.size())
        status = absl::InternalError("wrong count");
    } else {
      std::cerr << "bench_loadgen check: unknown --method=" << method << "\n";
      return 2;
    }
    if (!status.ok()) {
      std::cerr << "bench_loadgen check " << method << " on "
                << absl::GetFlag(FLAGS_target) << ": " << status << "\n";
      return 1;
    }
  }
  return 0;
}

int Validate() {
  const bool stream = absl::GetFlag(FLAGS_mode) == "stream";
  const int inflight = absl::GetFlag(FLAGS_inflight);
  const int batch = absl::GetFlag(FLAGS_batch);
  // Stream calls carry many messages: a long deadline covers the stream.
  auto c = NewClient(absl::Seconds(120));
  // The stream sends `batch` per message, each call 10 messages.
  std::vector<v1::ValidateResponseRequest> inputs;
  const auto stream_request = StreamRequest();
  for (int i = 0; i < batch * 10; ++i) {
    inputs.push_back(
        stream_request.responses(i % stream_request.responses_size()));
  }
  const v1::ValidateResponseRequest one = ValidateRequest();

  std::atomic<bool> measuring{false}, stop{false};
  std::atomic<long> validations{0}, exchanges{0}, errors{0};
  std::vector<std::vector<double>> latencies(inflight);
  std::vector<std::thread> threads;
  for (int t = 0; t < inflight; ++t) {
    threads.emplace_back([&, t] {
      while (!stop.load(std::memory_order_relaxed)) {
        const auto start = Clock::now();
        long done = 0;
        if (stream) {
          auto r = c->ValidateResponses(inputs, batch);
          if (r.ok() && r->size() == inputs.size()) done = r->size();
        } else {
          auto r = c->ValidateResponse(one);
          if (r.ok()) done = 1;
        }
        const double us =
            std::chrono::duration<double, std::micro>(Clock::now() - start)
                .count();
        if (!measuring.load(std::memory_order_relaxed)) continue;
        if (done == 0) {
          errors.fetch_add(1);
          continue;
        }
        validations.fetch_add(done);
        // Per message: a stream call is 10 exchanges of one message each.
        const long n = stream ? 10 : 1;
        exchanges.fetch_add(n);
        latencies[t].push_back(us / n);
      }
    });
  }
  absl::SleepFor(absl::Seconds(absl::GetFlag(FLAGS_warmup_seconds)));
  measuring = true;
  const auto start = Clock::now();
  absl::SleepFor(absl::Seconds(absl::GetFlag(FLAGS_seconds)));
  measuring = false;
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  stop = true;
  for (auto& th : threads) th.join();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0
                       : all[std::min(all.size() - 1,
                                      static_cast<size_t>(p * all.size()))];
  };
  std::cout << absl::StrFormat(
      "{\"mode\": \"%s\", \"inflight\": %d, \"batch\": %d, \"validations\": "
      "%d, "
      "\"messages\": %d, \"errors\": %d, \"seconds\": %.3f, "
      "\"validations_per_second\": %.1f, \"message_p50_us\": %.1f, "
      "\"message_p99_us\": %.1f}\n",
      stream ? "stream" : "unary", inflight, stream ? batch : 1,
      validations.load(), exchanges.load(), errors.load(), seconds,
      validations.load() / seconds, pct(0.5), pct(0.99));
  return errors.load() == 0 && validations.load() > 0 ? 0 : 1;
}

bool PortOpen(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool open =
      connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return open;
}

int Startup(const std::vector<char*>& command) {
  const int port = absl::GetFlag(FLAGS_port);
  if (command.empty() || port == 0) {
    std::cerr << "usage: bench_loadgen startup --port=P -- <command...>\n";
    return 2;
  }
  std::vector<char*> argv = command;
  argv.push_back(nullptr);
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    // The server's own output would mix with ours.
    const int null_fd = open("/dev/null", O_WRONLY);
    dup2(null_fd, STDOUT_FILENO);
    dup2(null_fd, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  auto elapsed_ms = [&] {
    return std::chrono::duration<double, std::milli>(Clock::now() - start)
        .count();
  };
  int rc = 1;
  double serving_ms = -1;
  // Poll the port, then health, until SERVING (at most 10 s).
  while (elapsed_ms() < 10000 && !PortOpen(port)) usleep(200);
  if (elapsed_ms() < 10000) {
    client::ClientOptions options;
    options.target = absl::StrCat("127.0.0.1:", port);
    options.timeout = absl::Seconds(5);
    options.wait_for_ready = true;
    options.max_attempts = 1;
    auto c = StatusInfoClient::Create(options);
    while (c.ok() && elapsed_ms() < 10000) {
      auto s = (*c)->Check("");
      if (s.ok() && *s == grpc::health::v1::HealthCheckResponse::SERVING) {
        serving_ms = elapsed_ms();
        rc = 0;
        break;
      }
      usleep(200);
    }
  }
  kill(pid, SIGTERM);
  int status = 0;
  // The server drains (statusinfo waits --drain_delay): do not wait long.
  for (int i = 0; i < 200 && waitpid(pid, &status, WNOHANG) == 0; ++i)
    usleep(10000);
  if (waitpid(pid, &status, WNOHANG) == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  std::cout << absl::StrFormat("{\"serving_ms\": %.2f}\n", serving_ms);
  return rc;
}

}  // namespace
}  // namespace statusinfo::bench

int main(int argc, char** argv) {
  // Everything after "--" is the startup command, untouched by flag parsing.
  std::vector<char*> command;
  int own = argc;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--") {
      own = i;
      command.assign(argv + i + 1, argv + argc);
      break;
    }
  }
  std::vector<char*> args = absl::ParseCommandLine(own, argv);
  const std::string sub = args.size() > 1 ? args[1] : "";
  if (sub == "check") return statusinfo::bench::Check();
  if (sub == "validate") return statusinfo::bench::Validate();
  if (sub == "startup") return statusinfo::bench::Startup(command);
  std::cerr << "usage: bench_loadgen check|validate|startup [flags]\n";
  return 2;
}
