// Server credentials from the TLS settings: plaintext, TLS, or mutual TLS
// (client certificates required and verified against --tls_client_ca_file).
//
// The files are read once, at start-up; a certificate rotation needs a
// restart (a rolling one, with the drain sequence).
//
// Example:
//
//   absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
//       MakeServerCredentials(config.tls);
//   if (!credentials.ok()) return credentials.status();  // names the flag
//   builder.AddListeningPort(config.address, *credentials, &port);
#ifndef STATUSINFO_SERVICE_SERVER_TLS_H_
#define STATUSINFO_SERVICE_SERVER_TLS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/security/server_credentials.h"
#include "service/server/config.h"

namespace statusinfo::server {

// The PEM contents of the TLS files.
struct TlsFiles {
  std::string cert_chain;
  std::string private_key;
  std::string client_ca;  // empty: no client certificates asked for
};

// Reads and sanity-checks the files `tls` names. INVALID_ARGUMENT naming the
// flag, e.g. "--tls_key_file: cannot read /k: Permission denied", when one
// is missing, unreadable or holds no PEM block of the expected kind, or when
// the settings do not go together (a key without a certificate...).
absl::StatusOr<TlsFiles> ReadTlsFiles(const TlsConfig& tls);

// Insecure credentials when TLS is off; otherwise SSL credentials over the
// files, asking for and verifying client certificates when client_ca_file
// is set.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsConfig& tls);

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_TLS_H_
