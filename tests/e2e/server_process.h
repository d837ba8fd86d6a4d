// The statusinfo-server binary as a child process, started on free ports,
// with what its start-up log line says.
//
// Example:
//
//   ServerProcess server({"--metrics_address=127.0.0.1:0"});
//   ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
//   auto channel = grpc::CreateChannel(server.target(), ...);
//   server.process().Signal(SIGTERM);
//   EXPECT_EQ(server.process().Wait(absl::Seconds(10)), 0);
#ifndef STATUSINFO_TESTS_E2E_SERVER_PROCESS_H_
#define STATUSINFO_TESTS_E2E_SERVER_PROCESS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "google/protobuf/struct.pb.h"
#include "tests/e2e/subprocess.h"

namespace statusinfo::testing {

// A JSON log line as a google.protobuf.Struct; nullopt when it is not JSON.
std::optional<google::protobuf::Struct> ParseJsonLine(const std::string& line);

class ServerProcess {
 public:
  // Runs the server with --address=127.0.0.1:0 and --drain_delay=0s (so
  // that tests not about the drain stop at once), then `extra_args`, which
  // win over both; waits for the "serving" line.
  explicit ServerProcess(const std::vector<std::string>& extra_args = {},
                         const std::vector<std::string>& extra_env = {});

  // 0 when the server did not report serving.
  int port() const { return port_; }
  int metrics_port() const { return metrics_port_; }
  std::string target() const;
  // The start-up line, parsed ({} when there was none).
  const google::protobuf::Struct& serving() const { return serving_; }
  Subprocess& process() { return *process_; }

 private:
  std::unique_ptr<Subprocess> process_;
  google::protobuf::Struct serving_;
  int port_ = 0;
  int metrics_port_ = 0;
};

}  // namespace statusinfo::testing

#endif  // STATUSINFO_TESTS_E2E_SERVER_PROCESS_H_
