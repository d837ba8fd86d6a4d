// TLS on the HTTP listener with the gRPC server's certificate flags: a
// client that trusts the test CA gets its answer; with
// --tls_client_ca_file, a client without a certificate, or with one of
// another CA, gets no answer.
#include "service/http/http_tls.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "openssl/ssl.h"
#include "service/core/catalog_loader.h"
#include "service/http/http_server.h"
#include "service/server/server.h"
#include "tests/http/http_test_client.h"
#include "tests/server/test_certs.h"

namespace statusinfo::testing {
namespace {

// One HTTPS request to 127.0.0.1:`port`, checking the server's certificate
// against `ca` for "localhost"; presents `cert` and `key` when given.
// The answer, or an error when the handshake or the exchange fails.
absl::StatusOr<HttpResponse> FetchTls(int port, const std::string& ca,
                                      const std::string& cert,
                                      const std::string& key) {
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(
      SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  if (SSL_CTX_load_verify_locations(ctx.get(), ca.c_str(), nullptr) != 1) {
    return absl::InternalError("CA does not load");
  }
  if (!cert.empty() &&
      (SSL_CTX_use_certificate_chain_file(ctx.get(), cert.c_str()) != 1 ||
       SSL_CTX_use_PrivateKey_file(ctx.get(), key.c_str(), SSL_FILETYPE_PEM) !=
           1)) {
    return absl::InternalError("client certificate does not load");
  }
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address),
              sizeof(address)) != 0) {
    close(fd);
    return absl::UnavailableError("connect");
  }
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
  SSL_set_fd(ssl.get(), fd);
  SSL_set_tlsext_host_name(ssl.get(), "localhost");
  SSL_set1_host(ssl.get(), "localhost");
  std::string received;
  absl::Status status;
  if (SSL_connect(ssl.get()) != 1) {
    status = absl::UnavailableError("handshake failed");
  } else {
    const std::string request = HttpRequest("GET", "/v1/statusCodes/404", "",
                                            "", "Connection: close\r\n");
    if (SSL_write(ssl.get(), request.data(),
                  static_cast<int>(request.size())) <= 0) {
      status = absl::UnavailableError("write failed");
    }
    char buffer[16 << 10];
    int n;
    while (status.ok() &&
           (n = SSL_read(ssl.get(), buffer, sizeof(buffer))) > 0) {
      received.append(buffer, static_cast<size_t>(n));
    }
  }
  close(fd);
  if (!status.ok()) return status;
  return ParseHttpResponse(received);
}

class HttpTlsTest : public TestCertsSuite {
 protected:
  void Start(bool mutual) {
    absl::StatusOr<core::Catalog> catalog = core::LoadCatalog("");
    ASSERT_TRUE(catalog.ok());
    server::ServerConfig config;
    config.address = "127.0.0.1:0";
    config.http.address = "127.0.0.1:0";
    config.tls.cert_file = certs_->server_cert;
    config.tls.key_file = certs_->server_key;
    if (mutual) config.tls.client_ca_file = certs_->ca_cert;
    auto server = server::StatusInfoServer::Start(*std::move(catalog), config);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    auto http = http::HttpServer::Start(*server_, config);
    ASSERT_TRUE(http.ok()) << http.status();
    port_ = (*http)->port();
    server_->AddListener(*std::move(http));
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
  }

  std::unique_ptr<server::StatusInfoServer> server_;
  int port_ = 0;
};

TEST_F(HttpTlsTest, ServesHttpsWithTheGrpcCertificate) {
  Start(/*mutual=*/false);
  absl::StatusOr<HttpResponse> http = FetchTls(port_, certs_->ca_cert, "", "");
  ASSERT_TRUE(http.ok()) << http.status();
  EXPECT_EQ(http->status, 200);
  // Plaintext is not answered on the TLS port.
  absl::StatusOr<HttpResponse> plain =
      Fetch(port_, HttpRequest("GET", "/v1/statusCodes/404"));
  EXPECT_FALSE(plain.ok() && plain->status == 200);
}

TEST_F(HttpTlsTest, MutualTlsRequiresAClientCertificateOfTheCa) {
  Start(/*mutual=*/true);
  absl::StatusOr<HttpResponse> with_cert =
      FetchTls(port_, certs_->ca_cert, certs_->client_cert, certs_->client_key);
  ASSERT_TRUE(with_cert.ok()) << with_cert.status();
  EXPECT_EQ(with_cert->status, 200);
  EXPECT_FALSE(FetchTls(port_, certs_->ca_cert, "", "").ok());
  EXPECT_FALSE(FetchTls(port_, certs_->ca_cert, certs_->other_client_cert,
                        certs_->other_client_key)
                   .ok());
}

// A key that does not belong to the certificate stops start-up, naming
// the flag (the files themselves are checked by server::ReadTlsFiles).
TEST(ConfigureSslContextTest, KeyOfAnotherCertificateNamesTheFlag) {
  absl::StatusOr<TestCerts> certs = TestCerts::Generate();
  ASSERT_TRUE(certs.ok()) << certs.status();
  server::TlsConfig tls;
  tls.cert_file = certs->server_cert;
  tls.key_file = certs->client_key;
  absl::StatusOr<server::TlsFiles> files = server::ReadTlsFiles(tls);
  ASSERT_TRUE(files.ok()) << files.status();
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(
      SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
  const absl::Status s = http::ConfigureSslContext(*files, ctx.get());
  EXPECT_TRUE(absl::IsInvalidArgument(s));
  EXPECT_EQ(s.message().substr(0, 15), "--tls_key_file:") << s;
}

}  // namespace
}  // namespace statusinfo::testing
