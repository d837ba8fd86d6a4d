// Transport security: TLS and mutual TLS with certificates made by openssl
// at test time.
#include "service/server/tls.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/server/server.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"
#include "tests/server/test_certs.h"
#include "tests/server/test_server.h"

namespace statusinfo::testing {
namespace {

using ::testing::HasSubstr;

class TlsTest : public TestCertsSuite {
 protected:
  // Starts a TLS server; with mutual TLS when `mutual`.
  void StartServer(bool mutual) {
    ASSERT_NE(certs_, nullptr);
    server::ServerConfig config;
    config.address = "127.0.0.1:0";
    config.tls.cert_file = certs_->server_cert;
    config.tls.key_file = certs_->server_key;
    if (mutual) config.tls.client_ca_file = certs_->ca_cert;
    auto server =
        server::StatusInfoServer::Start(*core::LoadCatalog(""), config);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  // One GetStatusCode(200) over `channel`.
  static grpc::Status Call(const std::shared_ptr<grpc::Channel>& channel) {
    auto stub = v1::StatusInfoService::NewStub(channel);
    v1::GetStatusCodeRequest request;
    request.set_code(200);
    v1::StatusCode response;
    grpc::Status status =
        stub->GetStatusCode(ContextWithDeadline(10).get(), request, &response);
    if (status.ok()) {
      EXPECT_EQ(response.reason_phrase(), "OK");
    }
    return status;
  }

  std::unique_ptr<server::StatusInfoServer> server_;
};

TEST_F(TlsTest, ClientTrustingTheCaIsServed) {
  StartServer(false);
  grpc::Status status = Call(TlsChannel(server_->port(), certs_->ca_cert));
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(TlsTest, PlaintextClientToTheTlsPortFails) {
  StartServer(false);
  grpc::Status status =
      Call(grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                               grpc::InsecureChannelCredentials()));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, ClientTrustingAnotherCaRefusesTheServer) {
  StartServer(false);
  grpc::Status status =
      Call(TlsChannel(server_->port(), certs_->other_ca_cert));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsServesAClientWithACertificateFromTheCa) {
  StartServer(true);
  grpc::Status status =
      Call(TlsChannel(server_->port(), certs_->ca_cert, certs_->client_cert,
                      certs_->client_key));
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(TlsTest, MutualTlsRefusesAClientWithoutACertificate) {
  StartServer(true);
  grpc::Status status = Call(TlsChannel(server_->port(), certs_->ca_cert));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsRefusesACertificateFromAnotherCa) {
  StartServer(true);
  grpc::Status status =
      Call(TlsChannel(server_->port(), certs_->ca_cert,
                      certs_->other_client_cert, certs_->other_client_key));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsRefusesAPlaintextClient) {
  StartServer(true);
  grpc::Status status =
      Call(grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                               grpc::InsecureChannelCredentials()));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, UnreadableCertificateStopsStartUpNamingTheFlag) {
  server::ServerConfig config;
  config.address = "127.0.0.1:0";
  config.tls.cert_file = "/nonexistent/server.pem";
  config.tls.key_file = certs_->server_key;
  auto server = server::StatusInfoServer::Start(*core::LoadCatalog(""), config);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      std::string(server.status().message()),
      HasSubstr("--tls_cert_file: cannot read /nonexistent/server.pem"));
}

TEST_F(TlsTest, KeyOfAnotherCertificateStopsStartUp) {
  server::ServerConfig config;
  config.address = "127.0.0.1:0";
  config.tls.cert_file = certs_->server_cert;
  config.tls.key_file = certs_->client_key;
  auto server = server::StatusInfoServer::Start(*core::LoadCatalog(""), config);
  EXPECT_FALSE(server.ok());
}

TEST(TlsCredentialsTest, PlaintextWhenNoFileIsSet) {
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      server::MakeServerCredentials(server::TlsConfig{});
  ASSERT_TRUE(credentials.ok());
  EXPECT_NE(*credentials, nullptr);
}

}  // namespace
}  // namespace statusinfo::testing
