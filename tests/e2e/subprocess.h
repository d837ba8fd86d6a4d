// Running the project's binaries (and other people's clients) as real
// processes, for end-to-end tests. Waits are on pipes and process exits with
// deadlines, never sleeps.
#ifndef STATUSINFO_TESTS_E2E_SUBPROCESS_H_
#define STATUSINFO_TESTS_E2E_SUBPROCESS_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace statusinfo::testing {

// What a finished command printed and how it ended.
struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  std::string out;
  std::string err;
};

// Runs `argv` with `input` on its standard input and waits up to `timeout`.
// `extra_env` ("NAME=value") is added to the environment.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& input = "",
                         absl::Duration timeout = absl::Seconds(30),
                         const std::vector<std::string>& extra_env = {});

// A long-running child, such as the server, whose standard error is read
// line by line.
class Subprocess {
 public:
  explicit Subprocess(const std::vector<std::string>& argv,
                      const std::vector<std::string>& extra_env = {});
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // The next line of standard error containing `needle`, or nullopt on EOF
  // or after `timeout`. Lines read on the way are kept in stderr_seen().
  std::optional<std::string> WaitForLine(const std::string& needle,
                                         absl::Duration timeout);
  void Signal(int signal_number);
  // The exit status, or nullopt if still running after `timeout`.
  std::optional<int> Wait(absl::Duration timeout);
  const std::string& stderr_seen() const { return seen_; }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int err_fd_ = -1;
  std::string buffer_;
  std::string seen_;
  std::optional<int> exit_code_;
};

}  // namespace statusinfo::testing

#endif  // STATUSINFO_TESTS_E2E_SUBPROCESS_H_
