// grpc.health.v1.Health: Check, Watch, and the end of every Watch when the
// server shuts down.
#include "service/server/health_service.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/server/test_server.h"

namespace statusinfo::testing {
namespace {

using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;

class HealthServiceTest : public ServerTest {
 protected:
  // An open Health.Watch of `service`.
  struct Watch {
    std::unique_ptr<grpc::ClientContext> context = ContextWithDeadline(30);
    std::unique_ptr<grpc::ClientReader<HealthCheckResponse>> reader;

    HealthCheckResponse::ServingStatus Next() {
      HealthCheckResponse response;
      return reader->Read(&response) ? response.status()
                                     : HealthCheckResponse::UNKNOWN;
    }
  };

  std::unique_ptr<Watch> StartWatch(const std::string& service) {
    auto watch = std::make_unique<Watch>();
    HealthCheckRequest request;
    request.set_service(service);
    watch->reader = stub()->Watch(watch->context.get(), request);
    return watch;
  }

  grpc::Status Check(const std::string& service, HealthCheckResponse* out) {
    HealthCheckRequest request;
    request.set_service(service);
    return stub()->Check(ContextWithDeadline().get(), request, out);
  }

  Health::Stub* stub() {
    if (health_ == nullptr) health_ = Health::NewStub(channel_);
    return health_.get();
  }

  std::unique_ptr<Health::Stub> health_;
};

TEST_F(HealthServiceTest, WatchSendsTheStatusThenEachChange) {
  auto watch = StartWatch(server::kServiceName);
  EXPECT_EQ(watch->Next(), HealthCheckResponse::SERVING);
  server_->SetServing(false);
  EXPECT_EQ(watch->Next(), HealthCheckResponse::NOT_SERVING);
  server_->SetServing(true);
  EXPECT_EQ(watch->Next(), HealthCheckResponse::SERVING);
  watch->context->TryCancel();
  EXPECT_EQ(watch->reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(HealthServiceTest, WatchOfAnUnknownServiceSaysSo) {
  auto watch = StartWatch("no.such.Service");
  EXPECT_EQ(watch->Next(), HealthCheckResponse::SERVICE_UNKNOWN);
  watch->context->TryCancel();
}

TEST_F(HealthServiceTest, CheckOfAnUnknownServiceIsNotFoundWithDetails) {
  HealthCheckResponse response;
  grpc::Status status = Check("no.such.Service", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(DetailsOf(status).reason, "SERVICE_UNKNOWN");
  EXPECT_EQ(DetailsOf(status).domain, "statusinfo.v1");
}

TEST_F(HealthServiceTest, ShutdownSendsNotServingThenEndsEveryWatch) {
  auto overall = StartWatch("");
  auto service = StartWatch(server::kServiceName);
  ASSERT_EQ(overall->Next(), HealthCheckResponse::SERVING);
  ASSERT_EQ(service->Next(), HealthCheckResponse::SERVING);
  server_->SetServing(false);
  server_->Shutdown(absl::Seconds(30));
  for (Watch* watch : {overall.get(), service.get()}) {
    EXPECT_EQ(watch->Next(), HealthCheckResponse::NOT_SERVING);
    EXPECT_EQ(watch->Next(), HealthCheckResponse::UNKNOWN);
    grpc::Status status = watch->reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
    EXPECT_EQ(DetailsOf(status).reason, "SHUTTING_DOWN");
  }
}

}  // namespace
}  // namespace statusinfo::testing
