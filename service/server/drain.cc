#include "service/server/drain.h"

#include <pthread.h>

#include <atomic>
#include <cerrno>
#include <ctime>
#include <thread>

#include "service/server/logging.h"

namespace statusinfo::server {
namespace {

const char* SignalName(int signal_number) {
  switch (signal_number) {
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    default:
      return "signal";
  }
}

// Waits up to `timeout` for one of `signals`; returns it, or 0 when none
// came in time.
int WaitForSignal(const sigset_t& signals, absl::Duration timeout) {
  if (timeout == absl::InfiniteDuration()) {
    int signal_number = 0;
    while (sigwait(&signals, &signal_number) != 0) {
    }
    return signal_number;
  }
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return 0;
    const timespec wait = absl::ToTimespec(left);
    const int signal_number = sigtimedwait(&signals, nullptr, &wait);
    if (signal_number > 0) return signal_number;
    if (errno != EINTR) return 0;  // EAGAIN: the time is up
  }
}

// While the main thread waits in StatusInfoServer::Shutdown, waits for one
// more signal and cancels the calls in flight when it comes. Destroying it
// wakes and joins the thread (with a signal to that thread alone, which its
// sigtimedwait takes), so the server outlives every use.
class ShutdownWatcher {
 public:
  ShutdownWatcher(StatusInfoServer& server, const sigset_t& signals,
                  absl::Duration timeout)
      : server_(server),
        signals_(signals),
        timeout_(timeout),
        thread_([this] { Watch(); }) {}

  ~ShutdownWatcher() {
    done_.store(true);
    // Not a kill: SIGTERM is blocked in that thread, so it stays pending
    // there until its sigtimedwait takes it and sees done_.
    // NOLINTNEXTLINE(bugprone-bad-signal-to-kill-thread)
    pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
  }

 private:
  void Watch() {
    const int signal_number = WaitForSignal(signals_, timeout_);
    if (signal_number == 0 || done_.load()) return;
    LogEvent(LogLevel::kWarning, "calls_cancelled")
        .Add("signal", SignalName(signal_number));
    server_.CancelAllCalls();
  }

  StatusInfoServer& server_;
  const sigset_t signals_;
  const absl::Duration timeout_;
  std::atomic<bool> done_{false};
  std::thread thread_;  // last: it starts once the rest is set
};

}  // namespace

sigset_t BlockShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int ServeUntilSignalled(StatusInfoServer& server, const sigset_t& signals,
                        const ServerConfig& config) {
  const int first = WaitForSignal(signals, absl::InfiniteDuration());
  const absl::Time start = absl::Now();
  // NOT_SERVING first, so that health checks see it for the whole delay.
  server.SetServing(false);
  LogEvent(LogLevel::kInfo, "draining")
      .Add("signal", SignalName(first))
      .Add("drain_delay", config.drain_delay)
      .Add("shutdown_timeout", config.shutdown_timeout);
  if (const int second = WaitForSignal(signals, config.drain_delay)) {
    LogEvent(LogLevel::kWarning, "drain_cut_short")
        .Add("signal", SignalName(second));
  }
  LogEvent(LogLevel::kInfo, "shutting_down")
      .Add("shutdown_timeout", config.shutdown_timeout);
  {
    ShutdownWatcher watcher(server, signals, config.shutdown_timeout);
    server.Shutdown(config.shutdown_timeout);
  }
  LogEvent(LogLevel::kInfo, "stopped")
      .Add("drain_seconds", absl::ToDoubleSeconds(absl::Now() - start));
  return 0;
}

}  // namespace statusinfo::server
