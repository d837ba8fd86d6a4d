// The graceful drain on SIGTERM or SIGINT, for rolling updates behind
// Kubernetes endpoints (docs/operators.md has the sequence and timings):
//
//   1. health goes NOT_SERVING for "" and the service, at once;
//   2. the server keeps answering for drain_delay, while the endpoint
//      controller and the balancers take the pod out of rotation;
//   3. it stops accepting calls and gives those in flight up to
//      shutdown_timeout to finish, then cancels the rest;
//   4. the process exits 0.
//
// A second SIGTERM or SIGINT ends the drain sooner: during step 2 it skips
// the rest of the delay; during step 3 it cancels the calls in flight.
//
// Example (main):
//
//   const sigset_t signals = BlockShutdownSignals();  // before any thread
//   ... start the server ...
//   return ServeUntilSignalled(*server, signals, config);
#ifndef STATUSINFO_SERVICE_SERVER_DRAIN_H_
#define STATUSINFO_SERVICE_SERVER_DRAIN_H_

#include <csignal>

#include "absl/time/time.h"
#include "service/server/config.h"
#include "service/server/server.h"

namespace statusinfo::server {

// Blocks SIGTERM and SIGINT in the calling thread, and so in every thread it
// starts afterwards (gRPC's included), so that they reach only sigwait.
// Returns the set.
sigset_t BlockShutdownSignals();

// Waits for the first signal of `signals` (which must be blocked), then
// drains and stops `server` as above, logging each step. Returns the exit
// status: 0.
int ServeUntilSignalled(StatusInfoServer& server, const sigset_t& signals,
                        const ServerConfig& config);

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_DRAIN_H_
