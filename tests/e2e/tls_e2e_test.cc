// TLS and mutual TLS with the binary, configured by its flags, and
// certificates made by openssl at test time.
#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
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

// The HTTP listener serves HTTPS with the same flags, to curl (a client
// nobody here wrote): with a certificate of the CA only, under mutual TLS.
TEST_F(TlsE2eTest, HttpListenerServesHttpsToCurlUnderMutualTls) {
  ServerProcess server({"--tls_cert_file=" + certs_->server_cert,
                        "--tls_key_file=" + certs_->server_key,
                        "--tls_client_ca_file=" + certs_->ca_cert,
                        "--http_address=127.0.0.1:0"});
  ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
  const int port = static_cast<int>(
      server.serving().fields().at("http_port").number_value());
  ASSERT_GT(port, 0);
  const std::string url =
      absl::StrCat("https://localhost:", port, "/v1/statusCodes/404");
  // The certificate names localhost; the server listens on 127.0.0.1 only.
  const std::vector<std::string> curl = {
      "curl",       "-sS",
      "--max-time", "20",
      "--resolve",  absl::StrCat("localhost:", port, ":127.0.0.1"),
      "--cacert",   certs_->ca_cert};
  std::vector<std::string> with_cert = curl;
  with_cert.insert(with_cert.end(), {"--cert", certs_->client_cert, "--key",
                                     certs_->client_key, url});
  CommandResult good = RunCommand(with_cert);
  EXPECT_EQ(good.exit_code, 0) << good.err;
  EXPECT_THAT(good.out, HasSubstr("\"reasonPhrase\":\"Not Found\""));

  std::vector<std::string> without_cert = curl;
  without_cert.push_back(url);
  EXPECT_NE(RunCommand(without_cert).exit_code, 0);
  std::vector<std::string> other_ca_cert = curl;
  other_ca_cert.insert(other_ca_cert.end(),
                       {"--cert", certs_->other_client_cert, "--key",
                        certs_->other_client_key, url});
  EXPECT_NE(RunCommand(other_ca_cert).exit_code, 0);
  EXPECT_NE(RunCommand({"curl", "-sS", "--max-time", "20",
                        absl::StrCat("http://127.0.0.1:", port,
                                     "/v1/statusCodes/404")})
                .exit_code,
            0);
  ExpectOnlyJsonLines(server);
}

// What the kubelet's gRPC probe does under mTLS: plaintext, no certificate,
// on --health_address; it sees SERVING, then NOT_SERVING from the drain on.
TEST_F(TlsE2eTest, HealthAddressAnswersPlaintextHealthUnderMutualTls) {
  using ::grpc::health::v1::Health;
  using ::grpc::health::v1::HealthCheckRequest;
  using ::grpc::health::v1::HealthCheckResponse;
  // A long drain, cut short below by a second SIGTERM: no waiting.
  ServerProcess server({"--tls_cert_file=" + certs_->server_cert,
                        "--tls_key_file=" + certs_->server_key,
                        "--tls_client_ca_file=" + certs_->ca_cert,
                        "--health_address=127.0.0.1:0", "--drain_delay=60s"});
  ASSERT_GT(server.port(), 0) << server.process().stderr_seen();
  const auto& fields = server.serving().fields();
  ASSERT_TRUE(fields.contains("health_port"));
  const int health_port =
      static_cast<int>(fields.at("health_port").number_value());
  ASSERT_GT(health_port, 0);
  EXPECT_NE(health_port, server.port());
  EXPECT_EQ(fields.at("config")
                .struct_value()
                .fields()
                .at("health_address")
                .string_value(),
            "127.0.0.1:0");

  auto health = Health::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", health_port),
                          grpc::InsecureChannelCredentials()));
  HealthCheckRequest request;
  request.set_service("statusinfo.v1.StatusInfoService");
  HealthCheckResponse response;
  grpc::ClientContext check;
  check.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(10));
  grpc::Status status = health->Check(&check, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);

  grpc::ClientContext watch;
  watch.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
  auto reader = health->Watch(&watch, request);
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  server.process().Signal(SIGTERM);
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  server.process().Signal(SIGTERM);  // skips the rest of the drain delay
  EXPECT_FALSE(reader->Read(&response));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(server.process().Wait(absl::Seconds(20)), 0);
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
