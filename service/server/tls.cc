#include "service/server/tls.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/security/server_credentials.h"

namespace statusinfo::server {
namespace {

// The contents of `path`, or an error naming `flag` and the system's reason.
absl::StatusOr<std::string> ReadPemFile(absl::string_view flag,
                                        const std::string& path,
                                        absl::string_view expected_block) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, ": cannot read ", path, ": ", std::strerror(errno)));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, ": cannot read ", path, ": ", std::strerror(errno)));
  }
  // A full parse happens when gRPC builds the listener; this catches the
  // usual mix-ups (a key given as the certificate, a DER file) with a
  // message that names the flag.
  if (!absl::StrContains(contents.str(), expected_block)) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", path,
                                                   " holds no PEM \"",
                                                   expected_block, "\" block"));
  }
  return contents.str();
}

}  // namespace

absl::StatusOr<TlsFiles> ReadTlsFiles(const TlsConfig& tls) {
  if (!tls.enabled()) {
    if (!tls.key_file.empty()) {
      return absl::InvalidArgumentError(
          "--tls_key_file: set, but --tls_cert_file is not");
    }
    if (tls.mutual()) {
      return absl::InvalidArgumentError(
          "--tls_client_ca_file: mutual TLS needs --tls_cert_file and "
          "--tls_key_file");
    }
    return TlsFiles{};
  }
  if (tls.key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls_key_file: required with --tls_cert_file");
  }
  TlsFiles files;
  absl::StatusOr<std::string> cert = ReadPemFile("tls_cert_file", tls.cert_file,
                                                 "-----BEGIN CERTIFICATE-----");
  if (!cert.ok()) return cert.status();
  files.cert_chain = *std::move(cert);
  absl::StatusOr<std::string> key =
      ReadPemFile("tls_key_file", tls.key_file, "PRIVATE KEY-----");
  if (!key.ok()) return key.status();
  files.private_key = *std::move(key);
  if (tls.mutual()) {
    absl::StatusOr<std::string> ca =
        ReadPemFile("tls_client_ca_file", tls.client_ca_file,
                    "-----BEGIN CERTIFICATE-----");
    if (!ca.ok()) return ca.status();
    files.client_ca = *std::move(ca);
  }
  return files;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TlsConfig& tls) {
  if (!tls.enabled() && tls.key_file.empty() && !tls.mutual()) {
    return grpc::InsecureServerCredentials();
  }
  absl::StatusOr<TlsFiles> files = ReadTlsFiles(tls);
  if (!files.ok()) return files.status();
  grpc::SslServerCredentialsOptions options(
      files->client_ca.empty()
          ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
          : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = files->client_ca;
  options.pem_key_cert_pairs.push_back({files->private_key, files->cert_chain});
  return grpc::SslServerCredentials(options);
}

}  // namespace statusinfo::server
