// The plaintext health-only listener (--health_address): with mutual TLS on
// the gRPC port, a client without a certificate (the kubelet's gRPC probe)
// can still read health there, and nothing else; the drain and the shutdown
// reach it like the main port.
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/server/server.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"
#include "tests/server/test_certs.h"
#include "tests/server/test_server.h"

namespace statusinfo::testing {
namespace {

using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;

std::shared_ptr<grpc::Channel> Plaintext(int port) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                             grpc::InsecureChannelCredentials());
}

// Health.Check of `service` over `channel`: the status, or UNKNOWN with the
// call's error code in `code`.
HealthCheckResponse::ServingStatus Check(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
    grpc::StatusCode* code = nullptr) {
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  grpc::Status status = Health::NewStub(channel)->Check(
      ContextWithDeadline(10).get(), request, &response);
  if (code != nullptr) *code = status.error_code();
  return status.ok() ? response.status() : HealthCheckResponse::UNKNOWN;
}

// An open Health.Watch of `service`.
struct Watch {
  Watch(const std::shared_ptr<grpc::Channel>& channel,
        const std::string& service)
      : stub(Health::NewStub(channel)) {
    HealthCheckRequest request;
    request.set_service(service);
    reader = stub->Watch(context.get(), request);
  }

  HealthCheckResponse::ServingStatus Next() {
    HealthCheckResponse response;
    return reader->Read(&response) ? response.status()
                                   : HealthCheckResponse::UNKNOWN;
  }

  std::unique_ptr<Health::Stub> stub;
  std::unique_ptr<grpc::ClientContext> context = ContextWithDeadline(30);
  std::unique_ptr<grpc::ClientReader<HealthCheckResponse>> reader;
};

// One unary call of `method` with an empty request through a generic stub:
// its status code. Reaches methods this test has no stubs for.
grpc::StatusCode CallMethod(const std::shared_ptr<grpc::Channel>& channel,
                            const std::string& method) {
  grpc::GenericStub stub(channel);
  auto context = ContextWithDeadline(10);
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Notification done;
  stub.UnaryCall(context.get(), method, grpc::StubOptions(), &request,
                 &response, [&](grpc::Status s) {
                   status = std::move(s);
                   done.Notify();
                 });
  done.WaitForNotification();
  return status.error_code();
}

class HealthListenerTest : public TestCertsSuite {
 protected:
  // A server with mutual TLS on the gRPC port and the health listener on a
  // free port.
  void SetUp() override {
    server::ServerConfig config;
    config.address = "127.0.0.1:0";
    config.health_address = "127.0.0.1:0";
    config.tls.cert_file = certs_->server_cert;
    config.tls.key_file = certs_->server_key;
    config.tls.client_ca_file = certs_->ca_cert;
    auto server =
        server::StatusInfoServer::Start(*core::LoadCatalog(""), config);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    ASSERT_GT(server_->health_port(), 0);
    ASSERT_NE(server_->health_port(), server_->port());
    health_channel_ = Plaintext(server_->health_port());
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
  }

  std::unique_ptr<server::StatusInfoServer> server_;
  std::shared_ptr<grpc::Channel> health_channel_;
};

TEST_F(HealthListenerTest, PlaintextHealthIsServingWhileTheMainPortNeedsMtls) {
  // The premise: the same plaintext client is refused on the gRPC port.
  grpc::StatusCode main_code = grpc::StatusCode::OK;
  EXPECT_EQ(Check(Plaintext(server_->port()), "", &main_code),
            HealthCheckResponse::UNKNOWN);
  EXPECT_EQ(main_code, grpc::StatusCode::UNAVAILABLE);

  for (const char* service : {"", server::kServiceName}) {
    SCOPED_TRACE(service);
    grpc::StatusCode code = grpc::StatusCode::UNKNOWN;
    EXPECT_EQ(Check(health_channel_, service, &code),
              HealthCheckResponse::SERVING);
    EXPECT_EQ(code, grpc::StatusCode::OK);
    Watch watch(health_channel_, service);
    EXPECT_EQ(watch.Next(), HealthCheckResponse::SERVING);
    watch.context->TryCancel();
  }
}

TEST_F(HealthListenerTest, ServesHealthAndNothingElse) {
  auto stub = v1::StatusInfoService::NewStub(health_channel_);
  v1::GetStatusCodeRequest request;
  request.set_code(404);
  v1::StatusCode response;
  EXPECT_EQ(
      stub->GetStatusCode(ContextWithDeadline(10).get(), request, &response)
          .error_code(),
      grpc::StatusCode::UNIMPLEMENTED);
  // No server reflection either, of either version.
  for (const std::string service :
       {server::kReflectionV1, server::kReflectionV1alpha}) {
    EXPECT_EQ(
        CallMethod(health_channel_, "/" + service + "/ServerReflectionInfo"),
        grpc::StatusCode::UNIMPLEMENTED)
        << service;
  }
  grpc::StatusCode code = grpc::StatusCode::OK;
  EXPECT_EQ(Check(health_channel_, "no.such.Service", &code),
            HealthCheckResponse::UNKNOWN);
  EXPECT_EQ(code, grpc::StatusCode::NOT_FOUND);
}

TEST_F(HealthListenerTest, NotServingAndShutdownReachTheHealthPort) {
  Watch watch(health_channel_, server::kServiceName);
  ASSERT_EQ(watch.Next(), HealthCheckResponse::SERVING);
  server_->SetServing(false);  // what the drain does first
  EXPECT_EQ(watch.Next(), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Check(health_channel_, ""), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Check(health_channel_, server::kServiceName),
            HealthCheckResponse::NOT_SERVING);

  server_->Shutdown(absl::Seconds(30));
  EXPECT_EQ(watch.Next(), HealthCheckResponse::UNKNOWN);
  grpc::Status status = watch.reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(DetailsOf(status).reason, "SHUTTING_DOWN");
  // The listener is gone with the server.
  grpc::StatusCode code = grpc::StatusCode::OK;
  EXPECT_EQ(Check(Plaintext(server_->health_port()), "", &code),
            HealthCheckResponse::UNKNOWN);
  EXPECT_EQ(code, grpc::StatusCode::UNAVAILABLE);
}

TEST_F(HealthListenerTest, PortInUseStopsStartUpNamingTheFlag) {
  server::ServerConfig config;
  config.address = "127.0.0.1:0";
  config.health_address = absl::StrCat("127.0.0.1:", server_->health_port());
  auto second = server::StatusInfoServer::Start(*core::LoadCatalog(""), config);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StartsWith(second.status().message(), "--health_address: "))
      << second.status();
}

// The default configuration, as ServerTest starts it.
using HealthListenerOffTest = ServerTest;

TEST_F(HealthListenerOffTest, OffByDefault) {
  EXPECT_EQ(server_->health_port(), 0);
}

}  // namespace
}  // namespace statusinfo::testing
