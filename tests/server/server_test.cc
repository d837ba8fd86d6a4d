// The server's wiring: health, reflection, ports, shutdown.
#include "service/server/server.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/unknown_field_set.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/client_callback.h"
#include "gtest/gtest.h"
#include "tests/server/test_server.h"

namespace statusinfo::testing {
namespace {

using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::testing::Contains;
using ::testing::HasSubstr;

class ServerWiringTest : public ServerTest {
 protected:
  grpc::Status Check(const std::string& service, HealthCheckResponse* out) {
    auto health = Health::NewStub(channel_);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    HealthCheckRequest request;
    request.set_service(service);
    return health->Check(&context, request, out);
  }

  // One server-reflection exchange through a generic stub, so the test needs
  // no reflection stubs of its own: `request` and the reply are raw bytes.
  std::string Reflect(const std::string& request);
};

// Writes one message, half-closes, and collects the single reply.
class OneShotReactor
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  explicit OneShotReactor(const std::string& request)
      : slice_(request), request_(&slice_, 1) {}
  void Start() {
    StartWrite(&request_);
    StartWritesDone();
    StartRead(&reply_);
    StartCall();
  }
  void OnReadDone(bool ok) override {
    if (ok) {
      std::vector<grpc::Slice> slices;
      (void)reply_.Dump(&slices);
      for (const grpc::Slice& s : slices) {
        bytes_.append(reinterpret_cast<const char*>(s.begin()), s.size());
      }
    }
  }
  void OnDone(const grpc::Status& status) override {
    std::lock_guard<std::mutex> lock(mu_);
    status_ = status;
    done_ = true;
    cv_.notify_all();
  }
  grpc::Status Await() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return done_; });
    return status_;
  }
  const std::string& bytes() const { return bytes_; }

 private:
  grpc::Slice slice_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer reply_;
  std::string bytes_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  grpc::Status status_;
};

std::string ServerWiringTest::Reflect(const std::string& request) {
  grpc::GenericStub stub(channel_);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  OneShotReactor reactor(request);
  stub.PrepareBidiStreamingCall(
      &context,
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      grpc::StubOptions(), &reactor);
  reactor.Start();
  grpc::Status status = reactor.Await();
  EXPECT_TRUE(status.ok()) << status.error_message();
  return reactor.bytes();
}

// Length-delimited fields numbered `number` of a serialized message.
std::vector<std::string> Fields(const std::string& bytes, int number) {
  google::protobuf::UnknownFieldSet set;
  EXPECT_TRUE(set.ParseFromString(bytes));
  std::vector<std::string> out;
  for (int i = 0; i < set.field_count(); ++i) {
    if (set.field(i).number() == number &&
        set.field(i).type() ==
            google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) {
      out.push_back(set.field(i).length_delimited());
    }
  }
  return out;
}

// A ServerReflectionRequest with one string field set.
std::string ReflectionRequest(int field, const std::string& value) {
  google::protobuf::UnknownFieldSet set;
  set.AddLengthDelimited(field, value);
  std::string bytes;
  set.SerializeToString(&bytes);
  return bytes;
}

TEST_F(ServerWiringTest, BindsAnEphemeralPort) {
  EXPECT_GT(server_->port(), 0);
}

TEST_F(ServerWiringTest, HealthServesOverallAndService) {
  for (const std::string service : {"", server::kServiceName}) {
    HealthCheckResponse response;
    grpc::Status status = Check(service, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.status(), HealthCheckResponse::SERVING) << service;
  }
}

TEST_F(ServerWiringTest, HealthFollowsSetServing) {
  server_->SetServing(false);
  for (const std::string service : {"", server::kServiceName}) {
    HealthCheckResponse response;
    ASSERT_TRUE(Check(service, &response).ok());
    EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING) << service;
  }
  server_->SetServing(true);
  HealthCheckResponse response;
  ASSERT_TRUE(Check("", &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
}

TEST_F(ServerWiringTest, HealthOfUnknownServiceIsNotFound) {
  HealthCheckResponse response;
  EXPECT_EQ(Check("no.such.Service", &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ServerWiringTest, ReflectionListsEveryService) {
  // ServerReflectionRequest.list_services = 7; the reply's
  // list_services_response = 6 holds service = 1 entries with name = 1.
  std::string reply = Reflect(ReflectionRequest(7, ""));
  std::set<std::string> names;
  for (const std::string& list : Fields(reply, 6)) {
    for (const std::string& service : Fields(list, 1)) {
      for (const std::string& name : Fields(service, 1)) names.insert(name);
    }
  }
  EXPECT_THAT(names, Contains("statusinfo.v1.StatusInfoService"));
  EXPECT_THAT(names, Contains("grpc.health.v1.Health"));
  EXPECT_THAT(names, Contains("grpc.reflection.v1alpha.ServerReflection"));
  EXPECT_THAT(names, Contains("grpc.reflection.v1.ServerReflection"));
}

TEST_F(ServerWiringTest, ReflectionDescribesOurServiceAndHealth) {
  // file_containing_symbol = 4; the reply's file_descriptor_response = 4
  // holds serialized FileDescriptorProtos in field 1.
  for (const std::string symbol :
       {"statusinfo.v1.StatusInfoService", "grpc.health.v1.Health"}) {
    std::string reply = Reflect(ReflectionRequest(4, symbol));
    std::set<std::string> services;
    for (const std::string& response : Fields(reply, 4)) {
      for (const std::string& file : Fields(response, 1)) {
        google::protobuf::FileDescriptorProto proto;
        ASSERT_TRUE(proto.ParseFromString(file));
        for (const auto& service : proto.service()) {
          services.insert(proto.package() + "." + service.name());
        }
      }
    }
    EXPECT_THAT(services, Contains(symbol));
  }
}

TEST_F(ServerWiringTest, MetricsAreOffByDefault) {
  EXPECT_EQ(server_->metrics_port(), 0);
}

server::ServerConfig AtAddress(const std::string& address) {
  server::ServerConfig config;
  config.address = address;
  return config;
}

TEST(ServerStartTest, PortInUseIsAnErrorNamingTheAddress) {
  auto first = server::StatusInfoServer::Start(*core::LoadCatalog(""),
                                               AtAddress("127.0.0.1:0"));
  ASSERT_TRUE(first.ok());
  const std::string taken = absl::StrCat("127.0.0.1:", (*first)->port());
  auto second =
      server::StatusInfoServer::Start(*core::LoadCatalog(""), AtAddress(taken));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(second.status().message()), HasSubstr(taken));
  EXPECT_THAT(std::string(second.status().message()),
              ::testing::StartsWith("--address: "));
}

TEST(ServerStartTest, MalformedAddressIsAnError) {
  auto server = server::StatusInfoServer::Start(*core::LoadCatalog(""),
                                                AtAddress("not an address"));
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(server.status().message()),
              ::testing::StartsWith("--address: "));
}

TEST(ServerStartTest, MetricsPortInUseIsAnErrorNamingTheFlag) {
  server::ServerConfig config = AtAddress("127.0.0.1:0");
  config.metrics_address = "127.0.0.1:0";
  auto first = server::StatusInfoServer::Start(*core::LoadCatalog(""), config);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_GT((*first)->metrics_port(), 0);
  config.metrics_address = absl::StrCat("127.0.0.1:", (*first)->metrics_port());
  auto second = server::StatusInfoServer::Start(*core::LoadCatalog(""), config);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(second.status().message()),
              ::testing::StartsWith("--metrics_address: "));
}

}  // namespace
}  // namespace statusinfo::testing
