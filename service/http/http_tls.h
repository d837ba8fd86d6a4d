// TLS for the HTTP listener from the gRPC server's certificate flags
// (service/server/tls.h): the same files, read once at start-up, set on the
// OpenSSL context civetweb creates (its init_ssl callback), so that both
// listeners present one certificate and, with --tls_client_ca_file, both
// require and verify client certificates.
//
// Example (in civetweb's init_ssl callback):
//
//   absl::Status s = ConfigureSslContext(files, ssl_ctx);
//   return s.ok() ? 1 : -1;  // 1: the callback set the certificate up
#ifndef STATUSINFO_SERVICE_HTTP_HTTP_TLS_H_
#define STATUSINFO_SERVICE_HTTP_HTTP_TLS_H_

#include "absl/status/status.h"
#include "service/server/tls.h"

namespace statusinfo::http {

// Sets `ssl_ctx` (an OpenSSL SSL_CTX*) to present files.cert_chain with
// files.private_key and, when files.client_ca is set, to require a client
// certificate signed by one of its CAs. INVALID_ARGUMENT naming the flag
// when a PEM block does not load or the key does not match.
absl::Status ConfigureSslContext(const server::TlsFiles& files, void* ssl_ctx);

}  // namespace statusinfo::http

#endif  // STATUSINFO_SERVICE_HTTP_HTTP_TLS_H_
