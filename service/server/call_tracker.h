// Counts the server's callback calls in flight, so that a shutdown can close
// the connections as soon as the last call has ended instead of waiting for
// idle clients (docs/operators.md, "Drain").
//
// gRPC 1.51's graceful shutdown sends GOAWAY and a PING on every connection
// and closes one only once its client acks that PING. A client with no call
// in flight reads its socket only on gRPC's backup poll (every 5 s for C++)
// or not at all, so an idle connection held the shutdown for seconds, and
// the whole shutdown timeout when it carried an idle stream. gRPC offers no
// per-connection close, but it tells a context allocator when each callback
// call starts and after it is done (OnDone): this allocator counts them, and
// the server closes every connection (grpc_server_cancel_all_calls) once
// the count reaches zero. It costs a call one allocation of its context
// (gRPC otherwise builds it in place) and two atomic operations.
//
// Every service is a callback service, so every call is counted. The calls
// that stay open for good, health watches and server reflection streams
// (buf curl and grpcurl keep one open for the whole command), are ended by
// their services when the shutdown begins.
//
// Example:
//
//   auto tracker = std::make_unique<CallTracker>();
//   CallTracker& calls = *tracker;
//   builder.SetContextAllocator(std::move(tracker));  // the server owns it
//   ... server->Shutdown() begins (GOAWAY) ...
//   calls.AwaitNone(deadline);  // true: no call left
#ifndef STATUSINFO_SERVICE_SERVER_CALL_TRACKER_H_
#define STATUSINFO_SERVICE_SERVER_CALL_TRACKER_H_

#include <atomic>
#include <cstdint>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"

namespace statusinfo::server {

class CallTracker final : public grpc::ContextAllocator {
 public:
  grpc::CallbackServerContext* NewCallbackServerContext() override;
  grpc::GenericCallbackServerContext* NewGenericCallbackServerContext()
      override;
  void Release(grpc::CallbackServerContext* context) override;
  void Release(grpc::GenericCallbackServerContext* context) override;

  // Calls started and not yet done.
  int64_t in_flight() const { return in_flight_.load(); }

  // Waits until no call is in flight or `deadline` passes; true when none
  // is. New calls may start afterwards unless the server is shutting down.
  bool AwaitNone(absl::Time deadline);

 private:
  void Started();
  void Done();

  std::atomic<int64_t> in_flight_{0};
  // Set while AwaitNone waits, so that Done takes the lock only then.
  std::atomic<bool> awaited_{false};
  absl::Mutex mu_;
  absl::CondVar none_left_;
};

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_CALL_TRACKER_H_
