// HTTPS on the HTTP listener: the server's own certificate flags, the same
// as its gRPC port's; mutual TLS under --tls_client_ca_file. The client is
// Asio's OpenSSL stream, which checks the server's name.
#include <memory>
#include <string>

#include "boost/asio/connect.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/read.hpp"
#include "boost/asio/ssl.hpp"
#include "boost/asio/write.hpp"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/http/http_server.h"
#include "service/server/server.h"
#include "statusinfo/v1/status_info_service.pb.h"
#include "tests/http/http_test_client.h"
#include "tests/server/test_certs.h"

namespace statusinfo::testing {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

struct ClientCert {
  std::string cert;
  std::string key;
};

// One request over TLS to 127.0.0.1:`port`, trusting `ca_file` and
// checking the name "localhost"; the answer, read until the server closes.
absl::StatusOr<HttpResponse> FetchTls(int port, const std::string& ca_file,
                                      const ClientCert& client,
                                      absl::string_view request) {
  asio::io_context ioc;
  ssl::context context(ssl::context::tls_client);
  boost::system::error_code ec;
  context.load_verify_file(ca_file, ec);
  if (!client.cert.empty() && !ec) {
    context.use_certificate_chain_file(client.cert, ec);
    if (!ec) context.use_private_key_file(client.key, ssl::context::pem, ec);
  }
  if (ec) return absl::InternalError(ec.message());
  ssl::stream<tcp::socket> stream(ioc, context);
  stream.set_verify_mode(ssl::verify_peer);
  stream.set_verify_callback(ssl::host_name_verification("localhost"));
  stream.lowest_layer().connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                    static_cast<uint16_t>(port)),
      ec);
  if (!ec) stream.handshake(ssl::stream_base::client, ec);
  if (!ec)
    asio::write(stream, asio::buffer(request.data(), request.size()), ec);
  if (ec) return absl::UnavailableError(absl::StrCat("TLS: ", ec.message()));
  std::string bytes;
  asio::read(stream, asio::dynamic_buffer(bytes), ec);
  // The server's close_notify ends the stream (eof); a peer that refused
  // our certificate ends it with an alert instead.
  if (bytes.empty()) {
    return absl::UnavailableError(absl::StrCat("TLS read: ", ec.message()));
  }
  return ParseHttpResponse(bytes);
}

std::string GetAndClose(absl::string_view target) {
  return HttpRequest("GET", target, "", "", "Connection: close\r\n");
}

class HttpTlsTest : public TestCertsSuite {
 protected:
  void StartServer(bool mutual) {
    absl::StatusOr<core::Catalog> catalog = core::LoadCatalog("");
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    config_.address = "127.0.0.1:0";
    config_.http.address = "127.0.0.1:0";
    config_.tls.cert_file = certs_->server_cert;
    config_.tls.key_file = certs_->server_key;
    if (mutual) config_.tls.client_ca_file = certs_->ca_cert;
    auto server = server::StatusInfoServer::Start(*std::move(catalog), config_);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    auto http = http::HttpServer::Start(*server_, config_);
    ASSERT_TRUE(http.ok()) << http.status();
    port_ = (*http)->port();
    server_->AddListener(*std::move(http));
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
  }

  server::ServerConfig config_;
  std::unique_ptr<server::StatusInfoServer> server_;
  int port_ = 0;
};

TEST_F(HttpTlsTest, HttpsServesTheApi) {
  StartServer(/*mutual=*/false);
  absl::StatusOr<HttpResponse> http =
      FetchTls(port_, certs_->ca_cert, {}, GetAndClose("/v1/statusCodes/418"));
  ASSERT_TRUE(http.ok()) << http.status();
  EXPECT_EQ(http->status, 200) << http->head;
  v1::StatusCode entry;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(http->body, &entry).ok());
  EXPECT_EQ(entry.code(), 418);
}

TEST_F(HttpTlsTest, ServerNotTrustedByAnotherCaIsRefusedByTheClient) {
  StartServer(/*mutual=*/false);
  EXPECT_FALSE(FetchTls(port_, certs_->other_ca_cert, {},
                        GetAndClose("/v1/statusCodes/418"))
                   .ok());
}

TEST_F(HttpTlsTest, PlaintextRequestToHttpsPortIsClosedAndServerServesOn) {
  StartServer(/*mutual=*/false);
  absl::StatusOr<HttpConnection> c = HttpConnection::Connect(port_);
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c->Send(GetAndClose("/v1/statusCodes/404")).ok());
  EXPECT_TRUE(c->WaitForClose(absl::Seconds(30)));
  EXPECT_TRUE(
      FetchTls(port_, certs_->ca_cert, {}, GetAndClose("/v1/statusCodes/404"))
          .ok());
}

TEST_F(HttpTlsTest, MutualTlsNeedsAClientCertificateOfTheCa) {
  StartServer(/*mutual=*/true);
  const std::string request = GetAndClose("/v1/statusCodes/200");
  EXPECT_FALSE(FetchTls(port_, certs_->ca_cert, {}, request).ok());
  EXPECT_FALSE(FetchTls(port_, certs_->ca_cert,
                        {certs_->other_client_cert, certs_->other_client_key},
                        request)
                   .ok());
  absl::StatusOr<HttpResponse> http =
      FetchTls(port_, certs_->ca_cert,
               {certs_->client_cert, certs_->client_key}, request);
  ASSERT_TRUE(http.ok()) << http.status();
  EXPECT_EQ(http->status, 200);
}

TEST_F(HttpTlsTest, UnreadableKeyIsRefusedAtStartNamingTheFlag) {
  StartServer(/*mutual=*/false);
  server::ServerConfig config = config_;
  config.tls.key_file = certs_->ca_cert;  // a certificate, not a key
  absl::StatusOr<std::unique_ptr<http::HttpServer>> http =
      http::HttpServer::Start(*server_, config);
  EXPECT_TRUE(absl::IsInvalidArgument(http.status())) << http.status();
  EXPECT_EQ(http.status().message().substr(0, 15), "--tls_key_file:");
}

}  // namespace
}  // namespace statusinfo::testing
