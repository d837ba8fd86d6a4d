#include "tests/e2e/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/time/clock.h"

extern char** environ;

namespace statusinfo::testing {
namespace {

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const std::string& s : strings) {
    out.push_back(const_cast<char*>(s.c_str()));
  }
  out.push_back(nullptr);
  return out;
}

// Spawns argv with the given pipe ends as stdin/stdout/stderr (-1: inherit).
pid_t Spawn(const std::vector<std::string>& argv, int in, int out, int err,
            const std::vector<std::string>& extra_env) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (in >= 0) posix_spawn_file_actions_adddup2(&actions, in, 0);
  if (out >= 0) posix_spawn_file_actions_adddup2(&actions, out, 1);
  if (err >= 0) posix_spawn_file_actions_adddup2(&actions, err, 2);
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> c_argv = CStrings(argv);
  std::vector<char*> c_env = CStrings(env);
  pid_t pid = -1;
  if (posix_spawnp(&pid, c_argv[0], &actions, nullptr, c_argv.data(),
                   c_env.data()) != 0) {
    pid = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

int ExitCodeOf(int wait_status) {
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
}

// Reads what is available on `fd` into `sink`; false at EOF.
bool Drain(int fd, std::string& sink) {
  char buffer[4096];
  ssize_t n = read(fd, buffer, sizeof buffer);
  if (n > 0) sink.append(buffer, static_cast<size_t>(n));
  return n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR));
}

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& input, absl::Duration timeout,
                         const std::vector<std::string>& extra_env) {
  int in[2], out[2], err[2];
  CommandResult result;
  // O_CLOEXEC: the child must not inherit the write end of its own stdin
  // (or of its outputs), or it never sees the end of its input.
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 ||
      pipe2(err, O_CLOEXEC) != 0) {
    return result;
  }
  pid_t pid = Spawn(argv, in[0], out[1], err[1], extra_env);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (pid < 0) {
    result.err = "cannot start " + argv[0];
    close(in[1]);
    close(out[0]);
    close(err[0]);
    return result;
  }
  // Small inputs fit the pipe buffer; the tests send only those.
  (void)!write(in[1], input.data(), input.size());
  close(in[1]);
  const absl::Time deadline = absl::Now() + timeout;
  bool out_open = true, err_open = true;
  while ((out_open || err_open) && absl::Now() < deadline) {
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int ms =
        static_cast<int>(absl::ToInt64Milliseconds(deadline - absl::Now()));
    if (poll(fds, 2, ms > 0 ? ms : 0) <= 0) continue;
    if (out_open && (fds[0].revents & (POLLIN | POLLHUP))) {
      out_open = Drain(out[0], result.out);
    }
    if (err_open && (fds[1].revents & (POLLIN | POLLHUP))) {
      err_open = Drain(err[0], result.err);
    }
  }
  close(out[0]);
  close(err[0]);
  if (out_open || err_open) kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = (out_open || err_open) ? -1 : ExitCodeOf(status);
  return result;
}

Subprocess::Subprocess(const std::vector<std::string>& argv,
                       const std::vector<std::string>& extra_env) {
  int err[2];
  if (pipe2(err, O_CLOEXEC) != 0) return;
  pid_ = Spawn(argv, -1, -1, err[1], extra_env);
  close(err[1]);
  err_fd_ = err[0];
  fcntl(err_fd_, F_SETFL, O_NONBLOCK);
}

Subprocess::~Subprocess() {
  if (pid_ > 0 && !exit_code_.has_value()) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (err_fd_ >= 0) close(err_fd_);
}

std::optional<std::string> Subprocess::WaitForLine(const std::string& needle,
                                                   absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    size_t newline;
    while ((newline = buffer_.find('\n')) != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      seen_ += line + "\n";
      if (line.find(needle) != std::string::npos) return line;
    }
    const int64_t ms = absl::ToInt64Milliseconds(deadline - absl::Now());
    if (ms <= 0 || err_fd_ < 0) return std::nullopt;
    pollfd fd = {err_fd_, POLLIN, 0};
    if (poll(&fd, 1, static_cast<int>(ms)) <= 0) continue;
    if (!Drain(err_fd_, buffer_)) return std::nullopt;
  }
}

void Subprocess::Signal(int signal_number) {
  if (pid_ > 0) kill(pid_, signal_number);
}

std::optional<int> Subprocess::Wait(absl::Duration timeout) {
  if (exit_code_.has_value()) return exit_code_;
  // Closing of the stderr pipe marks the exit without polling waitpid.
  const absl::Time deadline = absl::Now() + timeout;
  std::string ignored;
  while (err_fd_ >= 0 && absl::Now() < deadline) {
    pollfd fd = {err_fd_, POLLIN, 0};
    int ms =
        static_cast<int>(absl::ToInt64Milliseconds(deadline - absl::Now()));
    if (poll(&fd, 1, ms > 0 ? ms : 0) > 0 && !Drain(err_fd_, seen_)) break;
  }
  int status = 0;
  if (waitpid(pid_, &status, absl::Now() < deadline ? 0 : WNOHANG) == pid_) {
    exit_code_ = ExitCodeOf(status);
  }
  return exit_code_;
}

}  // namespace statusinfo::testing
