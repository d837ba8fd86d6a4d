// With mutual TLS configured, no call without a valid client certificate
// reaches a handler: the server's own metrics (which count a call as
// started when it reaches the service, for the typed methods through the
// interceptor and for the raw ones in the handler) stay at zero until a
// client with a certificate from the configured CA calls.
#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/server/server.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"
#include "tests/server/metrics_scrape.h"
#include "tests/server/test_certs.h"
#include "tests/server/test_server.h"

namespace statusinfo::testing {
namespace {

constexpr char kService[] = "statusinfo.v1.StatusInfoService";

// Calls a raw method, a typed unary method and the stream over `channel`;
// returns their codes.
std::vector<grpc::StatusCode> CallEveryKind(
    const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = v1::StatusInfoService::NewStub(channel);
  std::vector<grpc::StatusCode> codes;
  {
    v1::GetStatusCodeRequest request;
    request.set_code(404);
    v1::StatusCode response;
    codes.push_back(
        stub->GetStatusCode(ContextWithDeadline(10).get(), request, &response)
            .error_code());
  }
  {
    v1::ValidateStatusLineRequest request;
    request.set_status_line("HTTP/1.1 200 OK");
    v1::ValidateStatusLineResponse response;
    codes.push_back(stub->ValidateStatusLine(ContextWithDeadline(10).get(),
                                             request, &response)
                        .error_code());
  }
  {
    auto context = ContextWithDeadline(10);
    auto stream = stub->StreamValidateResponses(context.get());
    v1::StreamValidateResponsesRequest batch;
    batch.add_responses()->set_status_code(200);
    (void)stream->Write(batch);
    stream->WritesDone();
    v1::StreamValidateResponsesResponse response;
    while (stream->Read(&response)) {
    }
    codes.push_back(stream->Finish().error_code());
  }
  return codes;
}

double StartedCalls(int metrics_port) {
  absl::StatusOr<Samples> samples = Scrape(metrics_port);
  EXPECT_TRUE(samples.ok()) << samples.status();
  if (!samples.ok()) return -1;
  return samples->Sum("grpc_server_started_total",
                      {{"grpc_service", kService}});
}

TEST(MtlsHandlerTest, NoCallWithoutAValidClientCertificateReachesAHandler) {
  absl::StatusOr<TestCerts> certs = TestCerts::Generate();
  ASSERT_TRUE(certs.ok()) << certs.status();
  server::ServerConfig config;
  config.address = "127.0.0.1:0";
  config.metrics_address = "127.0.0.1:0";
  config.tls.cert_file = certs->server_cert;
  config.tls.key_file = certs->server_key;
  config.tls.client_ca_file = certs->ca_cert;
  auto server = server::StatusInfoServer::Start(*core::LoadCatalog(""), config);
  ASSERT_TRUE(server.ok()) << server.status();
  const int port = (*server)->port();
  const int metrics_port = (*server)->metrics_port();
  ASSERT_GT(metrics_port, 0);

  struct Refused {
    std::string name;
    std::shared_ptr<grpc::Channel> channel;
  };
  const std::vector<Refused> refused = {
      {"no client certificate", TlsChannel(port, certs->ca_cert)},
      {"a certificate from another CA",
       TlsChannel(port, certs->ca_cert, certs->other_client_cert,
                  certs->other_client_key)},
      // The server's own certificate is signed by the CA but the key does
      // not match the client certificate: the handshake must fail.
      {"a certificate with another certificate's key",
       TlsChannel(port, certs->ca_cert, certs->client_cert,
                  certs->other_client_key)},
      {"plaintext", grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                        grpc::InsecureChannelCredentials())},
  };
  for (const Refused& client : refused) {
    SCOPED_TRACE(client.name);
    for (grpc::StatusCode code : CallEveryKind(client.channel)) {
      EXPECT_EQ(code, grpc::StatusCode::UNAVAILABLE);
    }
  }
  EXPECT_EQ(StartedCalls(metrics_port), 0);

  // One good call, and the count is exactly one.
  auto stub = v1::StatusInfoService::NewStub(
      TlsChannel(port, certs->ca_cert, certs->client_cert, certs->client_key));
  v1::GetStatusCodeRequest request;
  request.set_code(404);
  v1::StatusCode response;
  grpc::Status status =
      stub->GetStatusCode(ContextWithDeadline(10).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.reason_phrase(), "Not Found");
  EXPECT_EQ(StartedCalls(metrics_port), 1);
  (*server)->Shutdown(absl::Seconds(1));
}

}  // namespace
}  // namespace statusinfo::testing
