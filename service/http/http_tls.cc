#include "service/http/http_tls.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "openssl/err.h"
#include "openssl/pem.h"
#include "openssl/ssl.h"
#include "openssl/x509.h"

namespace statusinfo::http {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using Bio = std::unique_ptr<BIO, BioFree>;

Bio MemoryBio(const std::string& pem) {
  return Bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

absl::Status Invalid(absl::string_view flag, absl::string_view problem) {
  std::string detail;
  if (const unsigned long error = ERR_get_error(); error != 0) {
    char text[256];
    ERR_error_string_n(error, text, sizeof(text));
    detail = absl::StrCat(" (", text, ")");
  }
  ERR_clear_error();
  return absl::InvalidArgumentError(
      absl::StrCat("--", flag, ": ", problem, detail));
}

// The leaf certificate, then the rest of the chain.
absl::Status UseChain(const std::string& pem, SSL_CTX* ctx) {
  Bio bio = MemoryBio(pem);
  X509* leaf = PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr);
  if (leaf == nullptr || SSL_CTX_use_certificate(ctx, leaf) != 1) {
    X509_free(leaf);
    return Invalid("tls_cert_file", "no certificate the HTTP listener can use");
  }
  X509_free(leaf);
  while (X509* next = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    // The context owns `next` once added.
    if (SSL_CTX_add_extra_chain_cert(ctx, next) != 1) {
      X509_free(next);
      return Invalid("tls_cert_file", "a chain certificate does not load");
    }
  }
  ERR_clear_error();  // the end of the PEM data
  return absl::OkStatus();
}

absl::Status RequireClientCertificates(const std::string& pem, SSL_CTX* ctx) {
  Bio bio = MemoryBio(pem);
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  int loaded = 0;
  while (X509* ca = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    const int added = X509_STORE_add_cert(store, ca);
    X509_free(ca);
    if (added != 1) {
      return Invalid("tls_client_ca_file", "a CA certificate does not load");
    }
    ++loaded;
  }
  ERR_clear_error();
  if (loaded == 0) {
    return Invalid("tls_client_ca_file", "holds no CA certificate");
  }
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                     nullptr);
  return absl::OkStatus();
}

}  // namespace

absl::Status ConfigureSslContext(const server::TlsFiles& files, void* ssl_ctx) {
  SSL_CTX* ctx = static_cast<SSL_CTX*>(ssl_ctx);
  if (absl::Status s = UseChain(files.cert_chain, ctx); !s.ok()) return s;
  Bio bio = MemoryBio(files.private_key);
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  const bool used = key != nullptr && SSL_CTX_use_PrivateKey(ctx, key) == 1;
  EVP_PKEY_free(key);
  if (!used || SSL_CTX_check_private_key(ctx) != 1) {
    return Invalid("tls_key_file",
                   "does not load, or does not match the certificate");
  }
  if (files.client_ca.empty()) return absl::OkStatus();
  return RequireClientCertificates(files.client_ca, ctx);
}

}  // namespace statusinfo::http
