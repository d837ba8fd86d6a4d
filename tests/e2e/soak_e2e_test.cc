// Soak and slow-reader tests of the server binary, watching its resident
// memory (VmRSS in /proc/<pid>/status).
//
// The soak runs mixed RPCs from 8 threads for STATUSINFO_SOAK_SECONDS
// (default 20, for CI; set it higher locally) and requires zero unexpected
// errors and flat memory once warmed up.
//
// The slow reader opens StreamValidateResponses streams that write batches
// as fast as they can and never read: the server's reactor reads the next
// message only after its answer is written, so HTTP/2 flow control must stop
// the writers and the server's memory must stay bounded: to about one batch
// a stream, since the server keeps its flow-control windows small. With a
// small --memory_quota_bytes, gRPC ends such streams itself.
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"
#include "tests/e2e/server_process.h"

namespace statusinfo::testing {
namespace {

// VmRSS of `pid` in KiB; -1 when it cannot be read.
long RssKib(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    std::vector<std::string> parts =
        absl::StrSplit(line, ' ', absl::SkipWhitespace());
    long kib = -1;
    if (parts.size() >= 2 && absl::SimpleAtoi(parts[1], &kib)) return kib;
  }
  return -1;
}

// A channel with a connection of its own.
std::shared_ptr<grpc::Channel> Connect(const ServerProcess& server) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(server.target(),
                                   grpc::InsecureChannelCredentials(), args);
}

std::unique_ptr<grpc::ClientContext> Context(int seconds = 10) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(seconds));
  return context;
}

v1::ValidateResponseRequest Head(int code, const std::string& method) {
  v1::ValidateResponseRequest head;
  head.set_request_method(method);
  head.set_status_code(code);
  head.set_has_content(code != 204 && code != 304);
  v1::HttpHeader* header = head.add_headers();
  header->set_name("Content-Type");
  header->set_value("text/html; charset=utf-8");
  if (code == 405) {
    // Missing Allow: a finding, so the answers carry findings too.
    header = head.add_headers();
    header->set_name("Content-Length");
    header->set_value("12");
  }
  return head;
}

int SoakSeconds() {
  const char* env = getenv("STATUSINFO_SOAK_SECONDS");
  int seconds = 20;
  if (env != nullptr && !absl::SimpleAtoi(env, &seconds)) seconds = 20;
  return std::max(seconds, 3);
}

constexpr int kSoakThreads = 8;
constexpr const char* kOps[] = {
    "GetStatusCode",      "BatchGetStatusCodes", "ListStatusCodes",
    "ValidateStatusCode", "ValidateStatusLine",  "ValidateResponse",
    "SearchStatusCodes",  "TranslateStatus",     "StreamValidateResponses"};
constexpr int kNumOps = sizeof(kOps) / sizeof(kOps[0]);

// One call of operation `op` (an index into kOps); "" when it answered
// as expected, else what went wrong.
std::string CallOnce(v1::StatusInfoService::Stub& stub, int op, int i) {
  static const int kCodes[] = {200, 201, 204, 301, 304, 400,
                               404, 405, 429, 500, 503};
  const int code = kCodes[i % (sizeof(kCodes) / sizeof(kCodes[0]))];
  grpc::Status status;
  std::string wrong;
  switch (op) {
    case 0: {
      v1::GetStatusCodeRequest request;
      request.set_code(code);
      v1::StatusCode response;
      status = stub.GetStatusCode(Context().get(), request, &response);
      if (status.ok() && response.code() != code) wrong = "wrong entry";
      break;
    }
    case 1: {
      v1::BatchGetStatusCodesRequest request;
      for (int c : kCodes) request.add_codes(c);
      v1::BatchGetStatusCodesResponse response;
      status = stub.BatchGetStatusCodes(Context().get(), request, &response);
      if (status.ok() && response.status_codes_size() != request.codes_size()) {
        wrong = "wrong batch size";
      }
      break;
    }
    case 2: {
      v1::ListStatusCodesRequest request;
      request.set_page_size(i % 3 == 0 ? 1000 : 20);
      request.set_include_unofficial(i % 2 == 0);
      v1::ListStatusCodesResponse response;
      status = stub.ListStatusCodes(Context().get(), request, &response);
      if (status.ok() && response.status_codes_size() == 0) wrong = "empty";
      break;
    }
    case 3: {
      v1::ValidateStatusCodeRequest request;
      request.set_code(i % 700 - 50);
      v1::ValidateStatusCodeResponse response;
      status = stub.ValidateStatusCode(Context().get(), request, &response);
      if (status.ok() && response.code() != request.code()) wrong = "echo";
      break;
    }
    case 4: {
      v1::ValidateStatusLineRequest request;
      request.set_status_line(i % 2 == 0 ? "HTTP/1.1 404 Not Found"
                                         : "HTTP/1.0  999 Weird\r\n");
      v1::ValidateStatusLineResponse response;
      status = stub.ValidateStatusLine(Context().get(), request, &response);
      if (status.ok() && response.valid() != (i % 2 == 0)) wrong = "verdict";
      break;
    }
    case 5: {
      v1::ValidateResponseResponse response;
      status = stub.ValidateResponse(
          Context().get(), Head(code, i % 2 == 0 ? "GET" : "HEAD"), &response);
      break;
    }
    case 6: {
      static const char* kQueries[] = {
          "not found",         "teapot",  "5", "gateway",
          "too many requests", "redirect"};
      v1::SearchStatusCodesRequest request;
      request.set_query(kQueries[i % 6]);
      v1::SearchStatusCodesResponse response;
      status = stub.SearchStatusCodes(Context().get(), request, &response);
      if (status.ok() && response.results_size() == 0) wrong = "no results";
      break;
    }
    case 7: {
      v1::TranslateStatusRequest request;
      if (i % 2 == 0) {
        request.set_http_status_code(code);
      } else {
        request.set_grpc_code(i % 17);
      }
      v1::TranslateStatusResponse response;
      status = stub.TranslateStatus(Context().get(), request, &response);
      if (status.ok() && response.translations_size() == 0) wrong = "none";
      break;
    }
    default: {
      auto context = Context();
      auto stream = stub.StreamValidateResponses(context.get());
      v1::StreamValidateResponsesRequest batch;
      for (int k = 0; k < 50; ++k)
        *batch.add_responses() = Head(kCodes[k % 11], "GET");
      v1::StreamValidateResponsesResponse results;
      for (int round = 0; round < 3 && wrong.empty(); ++round) {
        if (!stream->Write(batch) || !stream->Read(&results)) {
          wrong = "stream ended early";
        } else if (results.results_size() != batch.responses_size()) {
          wrong = "wrong results count";
        }
      }
      stream->WritesDone();
      status = stream->Finish();
      break;
    }
  }
  if (!status.ok()) {
    return absl::StrCat(kOps[op], ": ", status.error_code(), " ",
                        status.error_message());
  }
  return wrong.empty() ? "" : absl::StrCat(kOps[op], ": ", wrong);
}

TEST(SoakTest, MixedRpcsAtHighConcurrencyFailNothingAndKeepMemoryFlat) {
  const absl::Duration duration = absl::Seconds(SoakSeconds());
  ServerProcess server;
  ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
  const pid_t pid = server.process().pid();

  // Every channel connects before the clock starts: the soak is about
  // calls on established connections. (Once, in a CI run, one channel's
  // first connection attempt failed, "failed to connect to all addresses;
  // ... No such file or directory", and its thread's calls failed fast for
  // the second of reconnect backoff; not reproduced in 12 runs since.)
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int t = 0; t < kSoakThreads; ++t) {
    channels.push_back(Connect(server));
    ASSERT_TRUE(channels.back()->WaitForConnected(
        std::chrono::system_clock::now() + std::chrono::seconds(30)))
        << "channel " << t << " did not connect\n"
        << server.process().stderr_seen();
  }
  const long rss_start = RssKib(pid);

  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::map<std::string, long> counts;
  std::vector<std::string> errors;
  const absl::Time start = absl::Now();
  const absl::Time end = start + duration;

  std::vector<std::thread> threads;
  for (int t = 0; t < kSoakThreads; ++t) {
    threads.emplace_back([&, t, channel = channels[t]] {
      auto stub = v1::StatusInfoService::NewStub(channel);
      std::vector<long> mine(kNumOps);
      std::vector<std::string> my_errors;
      for (int i = t; absl::Now() < end; ++i) {
        const int op = i % kNumOps;
        std::string error = CallOnce(*stub, op, i / kNumOps);
        ++mine[op];
        if (!error.empty() && my_errors.size() < 20) my_errors.push_back(error);
      }
      std::lock_guard<std::mutex> lock(mu);
      for (int op = 0; op < kNumOps; ++op) counts[kOps[op]] += mine[op];
      errors.insert(errors.end(), my_errors.begin(), my_errors.end());
    });
  }
  // Memory samples every 250 ms until the load ends.
  std::vector<std::pair<absl::Duration, long>> samples;
  std::thread sampler([&] {
    std::unique_lock<std::mutex> lock(mu);
    while (!cv.wait_for(lock, std::chrono::milliseconds(250),
                        [&] { return done; })) {
      samples.emplace_back(absl::Now() - start, RssKib(pid));
    }
  });
  for (std::thread& t : threads) t.join();
  // Closed before the SIGTERM below: an idle connection still open at
  // shutdown holds the server until --shutdown_timeout (noticed here, see
  // docs/reliability.md).
  channels.clear();
  {
    std::lock_guard<std::mutex> lock(mu);
    done = true;
    cv.notify_all();
  }
  sampler.join();

  long total = 0;
  std::string per_op;
  for (const auto& [name, n] : counts) {
    total += n;
    absl::StrAppend(&per_op, " ", name, "=", n);
  }
  // Warm-up: the first 10% (at least 1 s), while allocator arenas, the
  // threads' caches and gRPC's pools fill. The rest is split in thirds and
  // the peaks of the first and last thirds compared.
  const absl::Duration warm_up = std::max(absl::Seconds(1), duration / 10);
  std::vector<long> steady;
  for (const auto& [at, kib] : samples) {
    if (at >= warm_up && kib > 0) steady.push_back(kib);
  }
  ASSERT_GE(steady.size(), 6u);
  const size_t third = steady.size() / 3;
  const long first_peak =
      *std::max_element(steady.begin(), steady.begin() + third);
  const long last_peak = *std::max_element(steady.end() - third, steady.end());
  const double growth = 100.0 * (last_peak - first_peak) / first_peak;
  std::cout << "soak: " << absl::FormatDuration(duration) << ", "
            << kSoakThreads << " threads, " << total << " requests (" << per_op
            << "), " << errors.size() << " errors\n"
            << "soak: RSS at start " << rss_start << " KiB, peak of first "
            << "third after warm-up " << first_peak << " KiB, peak of last "
            << "third " << last_peak << " KiB (" << growth << "%), "
            << steady.size() << " samples\n";
  EXPECT_TRUE(errors.empty())
      << errors.size() << " errors, first: " << errors.front()
      << "\nserver's log:\n"
      << server.process().stderr_seen();
  EXPECT_GT(total, 1000);
  // A leak of 100 bytes a request at the ~10^4 requests/s this run makes
  // grows RSS by ~1 MB/s: 10+ MB between the thirds of a 20 s run, far past
  // the bound. The bound is 10% of the first third's peak, but at least
  // 4 MiB: the server is only ~21 MiB, and gRPC's executor starting more
  // threads under load (each with its own stack and malloc arena) moves it
  // by 1-3 MiB in runs without a leak (observed: +1.1% to +9.8% at 20 s).
  EXPECT_LE(last_peak - first_peak, std::max(first_peak / 10, 4096L));
  server.process().Signal(SIGTERM);
  EXPECT_EQ(server.process().Wait(absl::Seconds(30)), 0);
}

// A batch of 1000 response heads (112 KB serialized), each answered with
// findings.
v1::StreamValidateResponsesRequest BigBatch() {
  v1::StreamValidateResponsesRequest batch;
  for (int i = 0; i < 1000; ++i) {
    v1::ValidateResponseRequest head = Head(i % 2 == 0 ? 405 : 200, "GET");
    v1::HttpHeader* header = head.add_headers();
    header->set_name("X-Padding");
    header->set_value(std::string(32, 'p'));
    *batch.add_responses() = std::move(head);
  }
  return batch;
}

// StreamValidateResponses streams that write `batch` as fast as they can
// and never read, each on a connection of its own.
class NeverReadingWriters {
 public:
  NeverReadingWriters(const ServerProcess& server, int streams,
                      const v1::StreamValidateResponsesRequest& batch) {
    for (int s = 0; s < streams; ++s) {
      auto writer = std::make_unique<Writer>();
      writer->stub = v1::StatusInfoService::NewStub(Connect(server));
      writer->context = Context(60);  // bounds the test should cancel fail
      writer->stream =
          writer->stub->StreamValidateResponses(writer->context.get());
      Writer* w = writer.get();
      w->thread = std::thread([this, w, &batch] {
        while (w->stream->Write(batch)) ++w->writes;
        std::lock_guard<std::mutex> lock(mu_);
        ++stopped_;
        cv_.notify_all();
      });
      writers_.push_back(std::move(writer));
    }
  }
  ~NeverReadingWriters() { Finish(); }

  long writes() const {
    long n = 0;
    for (const auto& w : writers_) n += w->writes;
    return n;
  }

  // Waits until `deadline`, or until a writer's Write failed (the server
  // ended its stream) when `until_one_stops`. True if one did.
  bool WaitUntil(absl::Time deadline, bool until_one_stops) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_until(lock, absl::ToChronoTime(deadline),
                          [&] { return until_one_stops && stopped_ > 0; });
  }

  // Cancels the streams still open; the status of each stream.
  std::vector<grpc::StatusCode> Finish() {
    std::vector<grpc::StatusCode> codes;
    for (const auto& w : writers_) w->context->TryCancel();
    for (const auto& w : writers_) {
      w->thread.join();
      codes.push_back(w->stream->Finish().error_code());
    }
    writers_.clear();
    return codes;
  }

 private:
  struct Writer {
    std::unique_ptr<v1::StatusInfoService::Stub> stub;
    std::unique_ptr<grpc::ClientContext> context;
    std::unique_ptr<
        grpc::ClientReaderWriter<v1::StreamValidateResponsesRequest,
                                 v1::StreamValidateResponsesResponse>>
        stream;
    std::atomic<long> writes{0};
    std::thread thread;
  };
  std::vector<std::unique_ptr<Writer>> writers_;
  std::mutex mu_;
  std::condition_variable cv_;
  int stopped_ = 0;
};

// The server answers a plain call.
void ExpectServes(const ServerProcess& server) {
  auto stub = v1::StatusInfoService::NewStub(Connect(server));
  v1::GetStatusCodeRequest request;
  request.set_code(404);
  v1::StatusCode entry;
  grpc::Status status = stub->GetStatusCode(Context().get(), request, &entry);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(entry.reason_phrase(), "Not Found");
}

TEST(AbusiveClientsTest, StreamWriterThatNeverReadsCannotGrowServerMemory) {
  ServerProcess server;
  ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
  const pid_t pid = server.process().pid();
  const v1::StreamValidateResponsesRequest batch = BigBatch();
  const size_t batch_bytes = batch.ByteSizeLong();

  // Warm up with well-behaved streams, so the baseline includes the
  // memory one batch at a time legitimately needs.
  constexpr int kStreams = 4;
  for (int s = 0; s < kStreams; ++s) {
    auto stub = v1::StatusInfoService::NewStub(Connect(server));
    auto context = Context(30);
    auto stream = stub->StreamValidateResponses(context.get());
    v1::StreamValidateResponsesResponse results;
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(stream->Write(batch));
      ASSERT_TRUE(stream->Read(&results));
    }
    stream->WritesDone();
    ASSERT_TRUE(stream->Finish().ok());
  }
  const long baseline = RssKib(pid);

  NeverReadingWriters writers(server, kStreams, batch);
  // Watch for 4 s: memory, and whether the writers are held back.
  long peak = baseline;
  long writes_at_half = 0;
  const absl::Time start = absl::Now();
  for (int tick = 1; tick <= 20; ++tick) {
    writers.WaitUntil(start + tick * absl::Milliseconds(200), false);
    peak = std::max(peak, RssKib(pid));
    if (tick == 10) writes_at_half = writers.writes();
  }
  const long writes_at_end = writers.writes();
  for (grpc::StatusCode code : writers.Finish()) {
    EXPECT_EQ(code, grpc::StatusCode::CANCELLED);
  }

  ExpectServes(server);
  const long after = RssKib(pid);

  const long growth_kib = peak - baseline;
  std::cout << "slow reader: " << kStreams << " streams, batch " << batch_bytes
            << " bytes; writes accepted " << writes_at_half << " after 2 s, "
            << writes_at_end << " after 4 s ("
            << writes_at_end * batch_bytes / 1024 << " KiB sent); server RSS "
            << "baseline " << baseline << " KiB, peak " << peak << " KiB (+"
            << growth_kib << " KiB), after cancel " << after << " KiB\n";
  // Flow control held the writers: nothing more got through in the second
  // two seconds than a window's worth.
  EXPECT_LE(writes_at_end - writes_at_half, kStreams * 2);
  // Per stream the server holds one request and its answer (about 0.5 MB
  // each parsed, the answer 0.25 MB serialized in the transport) plus what
  // the client sent before the HTTP/2 window closed: 64 KiB and the rest of
  // the message being read, since the server turns BDP probing off
  // (server.cc). Measured for the 4 streams: +4.2 to +6.0 MiB, +9.0 to
  // +10.7 under ASan (quarantine, redzones). With BDP probing on, the
  // windows grew to several MiB: +25 to +32 MiB (7-13 MiB a stream), which
  // this fails.
  EXPECT_LT(growth_kib, kStreams * 5 * 1024);
}

// With a quota smaller than what never-read streams make gRPC hold, the
// server ends some of them itself; with the default quota, in the same
// time, it ends none (the quota is what did it). It serves afterwards.
TEST(AbusiveClientsTest, MemoryQuotaEndsStreamsThatHoldTooMuch) {
  const v1::StreamValidateResponsesRequest batch = BigBatch();
  // gRPC holds about 150 KB of received bytes a stream (the 64 KiB window
  // and the message being read): 16 streams hold about twice the 1 MiB quota.
  constexpr int kStreams = 16;
  for (const bool small_quota : {false, true}) {
    SCOPED_TRACE(small_quota ? "1 MiB quota" : "default quota");
    ServerProcess server(small_quota
                             ? std::vector<std::string>{"--memory_quota_bytes="
                                                        "1048576"}
                             : std::vector<std::string>{});
    ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
    const absl::Time start = absl::Now();
    NeverReadingWriters writers(server, kStreams, batch);
    const bool one_stopped = writers.WaitUntil(start + absl::Seconds(5), true);
    const absl::Duration waited = absl::Now() - start;
    int ended_by_server = 0;
    for (grpc::StatusCode code : writers.Finish()) {
      // RESOURCE_EXHAUSTED: the stream was reset (ENHANCE_YOUR_CALM);
      // UNAVAILABLE: its connection was closed (GOAWAY).
      if (code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
          code == grpc::StatusCode::UNAVAILABLE) {
        ++ended_by_server;
      } else {
        EXPECT_EQ(code, grpc::StatusCode::CANCELLED);
      }
    }
    std::cout << (small_quota ? "1 MiB" : "default")
              << " quota: " << ended_by_server << " of " << kStreams
              << " never-read streams ended by the server, first after "
              << absl::FormatDuration(waited) << "\n";
    EXPECT_EQ(one_stopped, small_quota);
    if (small_quota) {
      EXPECT_GE(ended_by_server, 1);
    } else {
      EXPECT_EQ(ended_by_server, 0);
    }
    ExpectServes(server);
  }
}

}  // namespace
}  // namespace statusinfo::testing
