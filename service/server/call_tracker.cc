#include "service/server/call_tracker.h"

#include "grpcpp/generic/async_generic_service.h"

namespace statusinfo::server {

grpc::CallbackServerContext* CallTracker::NewCallbackServerContext() {
  Started();
  return new grpc::CallbackServerContext();
}

grpc::GenericCallbackServerContext*
CallTracker::NewGenericCallbackServerContext() {
  Started();
  return new grpc::GenericCallbackServerContext();
}

// gRPC releases a generic context through either overload (its bidi handler
// holds it as a CallbackServerContext); the destructor is virtual.
void CallTracker::Release(grpc::CallbackServerContext* context) {
  delete context;
  Done();
}

void CallTracker::Release(grpc::GenericCallbackServerContext* context) {
  delete context;
  Done();
}

void CallTracker::Started() { in_flight_.fetch_add(1); }

void CallTracker::Done() {
  // The waiter sets awaited_ before it reads the count, under mu_: either it
  // sees this decrement, or this sees awaited_ and signals after it waits.
  if (in_flight_.fetch_sub(1) == 1 && awaited_.load()) {
    absl::MutexLock lock(&mu_);
    none_left_.SignalAll();
  }
}

bool CallTracker::AwaitNone(absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  awaited_.store(true);
  while (in_flight_.load() > 0) {
    if (none_left_.WaitWithDeadline(&mu_, deadline)) break;  // timed out
  }
  awaited_.store(false);
  return in_flight_.load() == 0;
}

}  // namespace statusinfo::server
