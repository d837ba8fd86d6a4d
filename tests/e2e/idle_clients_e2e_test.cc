// Idle clients do not hold the shutdown: with a C++ client library channel,
// a Python grpcio channel and a buf curl (whose reflection stream stays
// open while it waits for its request on standard input) all connected and
// idle, the server exits right after its drain delay, not after its
// shutdown timeout. gRPC alone would wait for each idle client to ack the
// GOAWAY's PING: 3.5 s with the C++ client (its 5 s backup poll), 3.9 s
// with Python and the whole shutdown timeout with buf curl, for a 1 s drain
// delay (service/server/call_tracker.h).
//
// Unlike drain_e2e_test.cc, this file leaves gRPC's backup poll interval at
// its default, as a real client has it.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/lib/status_info_client.h"
#include "gtest/gtest.h"
#include "tests/e2e/server_process.h"

namespace statusinfo::testing {
namespace {

// Connects, then waits until killed.
constexpr char kIdlePythonClient[] = R"(
import sys, threading, grpc
channel = grpc.insecure_channel(sys.argv[1])
grpc.channel_ready_future(channel).result(timeout=20)
print("connected", file=sys.stderr, flush=True)
threading.Event().wait()
)";

// A FIFO in a fresh temporary directory, removed at the end; the test
// holds its writing end so that a reader waits on it.
class Fifo {
 public:
  Fifo() {
    std::string pattern = ::testing::TempDir() + "idle_clients_XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) return;
    dir_ = pattern;
    path_ = dir_ + "/stdin";
    if (mkfifo(path_.c_str(), 0600) != 0) path_.clear();
  }
  ~Fifo() {
    if (writer_ >= 0) close(writer_);
    if (!path_.empty()) unlink(path_.c_str());
    if (!dir_.empty()) rmdir(dir_.c_str());
  }
  const std::string& path() const { return path_; }
  // Blocks until a reader has opened it.
  bool OpenForWriting() {
    writer_ = open(path_.c_str(), O_WRONLY);
    return writer_ >= 0;
  }

 private:
  std::string dir_;
  std::string path_;
  int writer_ = -1;
};

TEST(IdleClientsTest,
     ServerExitsRightAfterTheDrainDelayWithEveryKindConnected) {
  const absl::Duration drain_delay = absl::Seconds(1);
  ServerProcess server({"--drain_delay=1s", "--shutdown_timeout=60s"});
  ASSERT_GT(server.port(), 0) << server.process().stderr_seen();

  // The C++ client library: one call, then idle.
  client::ClientOptions options;
  options.target = server.target();
  auto cpp = client::StatusInfoClient::Create(options);
  ASSERT_TRUE(cpp.ok()) << cpp.status();
  ASSERT_TRUE((*cpp)->GetStatusCode(404).ok());

  Subprocess python({PYTHON3, "-c", kIdlePythonClient, server.target()});
  ASSERT_TRUE(python.WaitForLine("connected", absl::Seconds(30)).has_value())
      << python.stderr_seen();

  Fifo fifo;
  ASSERT_FALSE(fifo.path().empty());
  Subprocess buf(
      {"/bin/sh", "-c", "exec \"$0\" \"$@\" < \"$FIFO\"", BUF_BINARY, "curl",
       "-v", "--protocol", "grpc", "--http2-prior-knowledge", "-d", "@-",
       absl::StrCat("http://", server.target(),
                    "/statusinfo.v1.StatusInfoService/GetStatusCode")},
      {"FIFO=" + fifo.path()});
  ASSERT_TRUE(fifo.OpenForWriting());
  // Resolved through its reflection stream, which it keeps open.
  ASSERT_TRUE(buf.WaitForLine("resolved file \"statusinfo/v1/"
                              "status_info_service.proto\"",
                              absl::Seconds(30))
                  .has_value())
      << buf.stderr_seen();

  const absl::Time signalled = absl::Now();
  server.process().Signal(SIGTERM);
  const std::optional<int> exit_code = server.process().Wait(absl::Seconds(70));
  const absl::Duration took = absl::Now() - signalled;
  EXPECT_EQ(exit_code, 0) << server.process().stderr_seen();
  EXPECT_GE(took, drain_delay);
  // The target is drain delay + 0.5 s; the bound is generous for a loaded
  // machine and still far below what an idle client used to cost.
  EXPECT_LT(took, drain_delay + absl::Seconds(2));
}

}  // namespace
}  // namespace statusinfo::testing
