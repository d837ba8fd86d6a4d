// How a StatusInfoClient reaches the service.
//
// Example:
//
//   ClientOptions options;
//   options.target = "statusinfo.internal:443";
//   options.tls = true;
//   options.ca_file = "/etc/statusinfo/ca.pem";
//   options.timeout = absl::Milliseconds(500);
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

  // How many times a call that fails with UNAVAILABLE is tried in all
  // (gRPC's retry policy, gRFC A6); 1 turns retries off. gRPC caps the value
  // at 5.
  int max_attempts = 4;

  // The opt-in catalog cache: with catalog_cache.enabled, lookups answer
  // from a copy of the catalog, refreshed in the background (catalog_cache.h
  // says how stale it may be).
  CatalogCacheOptions catalog_cache;
};

}  // namespace statusinfo::client

#endif  // STATUSINFO_CLIENT_LIB_CLIENT_OPTIONS_H_
