// TLS and mutual TLS with the binary, configured by its flags, and
// certificates made by openssl at test time.
#include <csignal>
#include <memory>
#include <string>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"
#include "tests/e2e/server_process.h"
#include "tests/server/test_certs.h"

namespace statusinfo::testing {
namespace {

using ::testing::HasSubstr;

class TlsE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<TestCerts> certs = TestCerts::Generate();
    ASSERT_TRUE(certs.ok()) << certs.status();
    certs_ = new TestCerts(*std::move(certs));
  }
  static void TearDownTestSuite() { delete certs_; }

  static grpc::Status Call(const std::shared_ptr<grpc::Channel>& channel) {
    auto stub = v1::StatusInfoService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    v1::GetStatusCodeRequest request;
    request.set_code(404);
    v1::StatusCode response;
    return stub->GetStatusCode(&context, request, &response);
  }

  static std::shared_ptr<grpc::Channel> Plaintext(const ServerProcess& server) {
    return grpc::CreateChannel(server.target(),
                               grpc::InsecureChannelCredentials());
  }

  // Stops `server` and checks that everything it logged, gRPC's own
  // handshake errors included, was one JSON object a line.
  static void ExpectOnlyJsonLines(ServerProcess& server) {
    server.process().Signal(SIGTERM);
    ASSERT_EQ(server.process().Wait(absl::Seconds(20)), 0);
    for (absl::string_view line : absl::StrSplit(server.process().stderr_seen(),
                                                 '\n', absl::SkipEmpty())) {
      EXPECT_TRUE(ParseJsonLine(std::string(line)).has_value()) << line;
    }
  }

  static TestCerts* certs_;
};

TestCerts* TlsE2eTest::certs_ = nullptr;

TEST_F(TlsE2eTest, TlsServesClientsThatTrustTheCaAndRefusesPlaintext) {
  ServerProcess server({"--tls_cert_file=" + certs_->server_cert,
                        "--tls_key_file=" + certs_->server_key});
  ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
  EXPECT_EQ(server.serving()
                .fields()
                .at("config")
                .struct_value()
                .fields()
                .at("tls")
                .string_value(),
            "on");
  grpc::Status ok = Call(TlsChannel(server.port(), certs_->ca_cert));
  EXPECT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(Call(Plaintext(server)).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  ExpectOnlyJsonLines(server);
  EXPECT_THAT(server.process().stderr_seen(), HasSubstr("\"event\":\"grpc\""));
}

TEST_F(TlsE2eTest, MutualTlsServesOnlyClientsWithACertificateFromTheCa) {
  ServerProcess server({"--tls_cert_file=" + certs_->server_cert,
                        "--tls_key_file=" + certs_->server_key,
                        "--tls_client_ca_file=" + certs_->ca_cert});
  ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
  grpc::Status good = Call(TlsChannel(server.port(), certs_->ca_cert,
                                      certs_->client_cert, certs_->client_key));
  EXPECT_TRUE(good.ok()) << good.error_message();
  EXPECT_EQ(Call(TlsChannel(server.port(), certs_->ca_cert)).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(
      Call(TlsChannel(server.port(), certs_->ca_cert, certs_->other_client_cert,
                      certs_->other_client_key))
          .error_code(),
      grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Call(Plaintext(server)).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  ExpectOnlyJsonLines(server);
}

TEST_F(TlsE2eTest, UnreadableKeyStopsStartUpNamingTheFlag) {
  CommandResult r =
      RunCommand({STATUSINFO_SERVER_BINARY, "--address=127.0.0.1:0",
                  "--tls_cert_file=" + certs_->server_cert,
                  "--tls_key_file=/nonexistent/tls.key"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err,
              HasSubstr("--tls_key_file: cannot read /nonexistent/tls.key"));
}

}  // namespace
}  // namespace statusinfo::testing
