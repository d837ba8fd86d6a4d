// How a StatusInfoClient reaches the service.
//
// Example, one server over TLS:
//
//   ClientOptions options;
//   options.target = "statusinfo.internal:443";
//   options.tls = true;
//   options.ca_file = "/etc/statusinfo/ca.pem";
//   options.timeout = absl::Milliseconds(500);
//
// Example, a fleet (the replicas behind a Kubernetes headless Service): the
// defaults already do what a fleet needs. A dns:/// target gets round_robin
// (every call to the next ready replica), client-side health checking (a
// replica that drains, NOT_SERVING for its --drain_delay, gets no new call),
// the retry policy (a call a stopping replica refuses, UNAVAILABLE, goes to
// another one) and keepalive within the server's enforcement. Rolling
// restarts then lose no call (tests/e2e/rolling_restart_e2e_test.cc).
//
//   ClientOptions options;
//   options.target =
//       "dns:///statusinfo-headless.statusinfo.svc.cluster.local:50051";
//   options.wait_for_ready = true;  // ride out a moment with no replica up
//   // Several addresses without DNS work the same way:
//   //   options.target = "ipv4:10.0.0.1:50051,10.0.0.2:50051";
#ifndef STATUSINFO_CLIENT_LIB_CLIENT_OPTIONS_H_
#define STATUSINFO_CLIENT_LIB_CLIENT_OPTIONS_H_

#include <string>

#include "absl/time/time.h"
#include "client/lib/catalog_cache_options.h"

namespace statusinfo::client {

struct ClientOptions {
  // A gRPC target: "host:port", "dns:///host:port", "unix:/path"...
  std::string target = "127.0.0.1:50051";

  // The deadline of every call, counted from its start; it covers all retry
  // attempts and, for ValidateResponses, the whole stream. A call without a
  // deadline could wait forever on a server that hangs.
  absl::Duration timeout = absl::Seconds(2);

  // False (the default): a call fails fast with UNAVAILABLE while the server
  // cannot be reached. True: it waits for a connection until the deadline.
  bool wait_for_ready = false;

  // Use TLS. The files below are read only when it is set; setting one of
  // them without `tls` is an error rather than a silent plaintext channel.
  bool tls = false;
  // PEM root certificates to verify the server with; empty: the system's.
  std::string ca_file;
  // PEM client certificate chain and private key, for mutual TLS; both or
  // neither.
  std::string cert_file;
  std::string key_file;

  // How many times a call that fails with UNAVAILABLE (or CANCELLED by a
  // server that is shutting down) is tried in all
  // (gRPC's retry policy, gRFC A6); 1 turns retries off. gRPC caps the value
  // at 5.
  int max_attempts = 4;

  // How calls spread over the addresses the target resolves to:
  // "round_robin" (each call to the next ready server; a connection to
  // every one), "pick_first" (one connection, to the first that answers),
  // or empty, the default: round_robin for a target that names a fleet (a
  // "dns:" target, or an "ipv4:"/"ipv6:" list of several addresses) and
  // pick_first otherwise.
  std::string load_balancing_policy;

  // Client-side health checking (healthCheckConfig in the service config):
  // round_robin watches grpc.health.v1.Health of
  // statusinfo.v1.StatusInfoService on every server and sends calls only to
  // those SERVING, so that a draining server stops getting calls during its
  // drain delay, before it stops taking them. pick_first ignores it (with
  // one server there is nowhere else to go).
  bool health_check = true;

  // Keepalive pings, sent only while calls are in flight, find a dead
  // connection (a server gone without closing it) in keepalive_time +
  // keepalive_timeout instead of TCP's minutes. The server counts pings
  // closer than its --keepalive_min_ping_interval (5 min by default) as
  // strikes and closes the connection with GOAWAY too_many_pings after
  // --keepalive_max_ping_strikes: keep keepalive_time at or above it.
  // InfiniteDuration() turns pings off.
  absl::Duration keepalive_time = absl::Minutes(5);
  absl::Duration keepalive_timeout = absl::Seconds(20);

  // The opt-in catalog cache: with catalog_cache.enabled, lookups answer
  // from a copy of the catalog, refreshed in the background (catalog_cache.h
  // says how stale it may be).
  CatalogCacheOptions catalog_cache;
};

}  // namespace statusinfo::client

#endif  // STATUSINFO_CLIENT_LIB_CLIENT_OPTIONS_H_
