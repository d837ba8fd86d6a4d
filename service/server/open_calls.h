// The calls of a service that stay open until something ends them: health
// watches, server reflection streams. Clients keep such calls open for as
// long as they run, so each would hold the server's shutdown (call_tracker.h)
// until its deadline; the service ends them all when the shutdown begins,
// and every one that opens afterwards at once.
//
// `Call` is a callback reactor owned by gRPC, with `void End(const
// grpc::Status&)` that finishes it (once, whatever the number of calls:
// CallEnd below keeps that count); it calls Remove() in its OnDone, before
// it is deleted.
//
// Lock order: a lock of the service's own, then this one's, then the
// call's. A call never takes this lock while holding its own.
//
// Example:
//
//   OpenCalls<Watcher> watchers_;
//   ... Watch():   auto* w = new Watcher(...); watchers_.Add(w); return w;
//   ... OnDone():  watchers_.Remove(this); delete this;
//   ... Shutdown:  watchers_.Shutdown();  // before grpc::Server::Shutdown
#ifndef STATUSINFO_SERVICE_SERVER_OPEN_CALLS_H_
#define STATUSINFO_SERVICE_SERVER_OPEN_CALLS_H_

#include <optional>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/support/status.h"
#include "service/server/grpc_status.h"

namespace statusinfo::server {

// When one open call ends: at once, or after the write in flight, so that
// what the client was being sent (a health status, a reflection answer)
// still arrives. Not synchronized: the call keeps it under its own lock.
//
//   void End(const grpc::Status& status) {  // from any thread
//     absl::MutexLock lock(&mu_);
//     if (auto now = end_.End(status)) Finish(*now);
//   }
//   ... end_.StartWrite(); StartWrite(&message_);
//   ... OnWriteDone: end_.WriteDone();
//                    if (auto later = end_.TakeFinish()) Finish(*later);
class CallEnd {
 public:
  // The call is to end with `status`: returns it when the call is to
  // finish now; nothing when it has ended already (the first status wins)
  // or a write is in flight (then TakeFinish() returns it).
  std::optional<grpc::Status> End(grpc::Status status) {
    if (ended_) return std::nullopt;
    ended_ = true;
    if (!writing_) return status;
    after_write_ = std::move(status);
    return std::nullopt;
  }
  bool ended() const { return ended_; }

  void StartWrite() { writing_ = true; }
  void WriteDone() { writing_ = false; }
  bool writing() const { return writing_; }
  // The status End() kept for after the write, once.
  std::optional<grpc::Status> TakeFinish() {
    return std::exchange(after_write_, std::nullopt);
  }

 private:
  bool ended_ = false;
  bool writing_ = false;
  std::optional<grpc::Status> after_write_;
};

template <typename Call>
class OpenCalls {
 public:
  OpenCalls() = default;
  // Waits until gRPC has finished every call: stop the server first.
  ~OpenCalls() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](absl::flat_hash_set<Call*>* calls) { return calls->empty(); },
        &calls_));
  }

  OpenCalls(const OpenCalls&) = delete;
  OpenCalls& operator=(const OpenCalls&) = delete;

  // Keeps `call` until Remove(); ends it at once after Shutdown().
  void Add(Call* call) {
    absl::MutexLock lock(&mu_);
    calls_.insert(call);
    if (shut_down_) call->End(ShuttingDown());
  }

  void Remove(Call* call) {
    absl::MutexLock lock(&mu_);
    calls_.erase(call);
  }

  // Calls `f(call)` for every call kept, under this lock.
  template <typename F>
  void ForEach(F f) {
    absl::MutexLock lock(&mu_);
    for (Call* call : calls_) f(call);
  }

  // Ends every call with UNAVAILABLE, reason SHUTTING_DOWN, and each one
  // added from now on.
  void Shutdown() {
    absl::MutexLock lock(&mu_);
    if (shut_down_) return;
    shut_down_ = true;
    const grpc::Status status = ShuttingDown();
    for (Call* call : calls_) call->End(status);
  }

 private:
  static grpc::Status ShuttingDown() {
    return ServerError(absl::StatusCode::kUnavailable,
                       "the server is shutting down", v1::SHUTTING_DOWN);
  }

  absl::Mutex mu_;
  // Owned by gRPC: each removes itself in OnDone, before it is deleted.
  absl::flat_hash_set<Call*> calls_ ABSL_GUARDED_BY(mu_);
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_OPEN_CALLS_H_
