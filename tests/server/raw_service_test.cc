// RawService: a table of handlers served under the paths and kinds of the
// service's descriptor, and every mismatch between the table and the proto
// reported before the server starts.
#include "service/server/raw_service.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/server/status_info_service.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"
#include "tests/server/test_server.h"

namespace statusinfo::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAreArray;

const google::protobuf::ServiceDescriptor& Descriptor() {
  return *google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      v1::StatusInfoService::service_full_name());
}

std::string Path(absl::string_view method) {
  return absl::StrCat("/statusinfo.v1.StatusInfoService/", method);
}

// The methods of a test, added from outside (ServeUnary is protected).
class TestService final : public server::RawService {
 public:
  explicit TestService(const server::ServerMetrics* metrics = nullptr)
      : RawService(Descriptor(), metrics) {}
  using RawService::ServeBidi;
  using RawService::ServeUnary;
};

server::UnaryMethod AnswerCode(std::string name, int code) {
  return server::Unary(std::move(name),
                       [code](const v1::GetStatusCodeRequest&) {
                         v1::StatusCode entry;
                         entry.set_code(code);
                         return entry;
                       });
}

TEST(RawServiceTest, StatusNamesEachMethodOfTheProtoWithoutAHandler) {
  TestService service;
  service.ServeUnary(AnswerCode("GetStatusCode", 200));
  const absl::Status status = service.status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(
      status.message(),
      AllOf(HasSubstr(absl::StrCat(Path("ListStatusCodes"),
                                   ": in the proto, but no handler serves it")),
            HasSubstr(Path("StreamValidateResponses")),
            Not(HasSubstr(Path("GetStatusCode")))));
}

TEST(RawServiceTest, StatusNamesAHandlerWhoseTypesAreNotTheProtos) {
  TestService service;
  service.ServeUnary(AnswerCode("ListStatusCodes", 200));
  EXPECT_THAT(
      service.status().message(),
      HasSubstr(absl::StrCat(
          Path("ListStatusCodes"),
          ": the handler takes statusinfo.v1.GetStatusCodeRequest and answers "
          "statusinfo.v1.StatusCode, the proto says "
          "statusinfo.v1.ListStatusCodesRequest and "
          "statusinfo.v1.ListStatusCodesResponse")));
}

TEST(RawServiceTest, StatusNamesHandlersTheProtoDoesNotHave) {
  TestService service;
  service.ServeUnary(AnswerCode("GetStatusCode", 200));
  service.ServeUnary(AnswerCode("GetStatusCode", 201));
  service.ServeUnary(AnswerCode("GetStatusCodes", 200));
  service.ServeBidi("GetGrpcStatusCode",
                    [](grpc::CallbackServerContext*) { return nullptr; });
  const std::string message(service.status().message());
  EXPECT_THAT(message, HasSubstr(Path("GetStatusCode: served twice")));
  EXPECT_THAT(message, HasSubstr(Path("GetStatusCodes: not in the proto")));
  EXPECT_THAT(message,
              HasSubstr(Path("GetGrpcStatusCode: served as bidi-streaming, "
                             "which the proto does not declare")));
}

TEST(RawServiceTest, TheServiceServesEveryMethodOfTheProto) {
  absl::StatusOr<core::Catalog> catalog = core::LoadCatalog("");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  server::StatusInfoServiceImpl service(*catalog);
  EXPECT_TRUE(service.status().ok()) << service.status();
  // Every method but the stream is a UnaryMethod, for any transport, and
  // records its own metrics.
  std::vector<std::string> unary;
  for (int i = 0; i < Descriptor().method_count(); ++i) {
    const google::protobuf::MethodDescriptor& method = *Descriptor().method(i);
    const server::UnaryMethod* served = service.FindUnaryMethod(method.name());
    if (method.client_streaming() || method.server_streaming()) {
      EXPECT_EQ(served, nullptr) << method.name();
      continue;
    }
    ASSERT_NE(served, nullptr) << method.name();
    EXPECT_EQ(served->request_type, method.input_type());
    EXPECT_EQ(served->response_type, method.output_type());
    unary.push_back(Path(method.name()));
  }
  EXPECT_THAT(service.SelfInstrumentedMethods(),
              UnorderedElementsAreArray(unary));
  EXPECT_EQ(static_cast<int>(unary.size()), Descriptor().method_count() - 1);
}

// A TestService on a real server, with a stub to it.
class RawServiceCallTest : public ::testing::Test {
 protected:
  void Start() {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::StatusInfoService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }
  grpc::Status Get(v1::StatusCode& entry) {
    return stub_->GetStatusCode(ContextWithDeadline().get(),
                                v1::GetStatusCodeRequest(), &entry);
  }

  TestService service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::StatusInfoService::Stub> stub_;
};

TEST_F(RawServiceCallTest, ServesTheTableAndNothingElse) {
  service_.ServeUnary(AnswerCode("GetStatusCode", 299));
  Start();
  v1::StatusCode entry;
  grpc::Status status = Get(entry);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(entry.code(), 299);
  // A method of the proto that the table leaves out is unknown to gRPC.
  v1::ListStatusCodesResponse list;
  status = stub_->ListStatusCodes(ContextWithDeadline().get(),
                                  v1::ListStatusCodesRequest(), &list);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(RawServiceCallTest, AnErrorIsSentAsTheCallsStatus) {
  service_.ServeUnary(server::Unary(
      "GetStatusCode",
      [](const v1::GetStatusCodeRequest&) -> absl::StatusOr<v1::StatusCode> {
        return absl::NotFoundError("code: none");
      }));
  Start();
  v1::StatusCode entry;
  grpc::Status status = Get(entry);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "code: none");
}

// A handler that forgets to answer fails the call rather than hang it.
TEST_F(RawServiceCallTest, ACallLeftUnansweredIsInternal) {
  server::UnaryMethod silent = AnswerCode("GetStatusCode", 200);
  silent.serve = [](server::UnaryCall&) {};
  service_.ServeUnary(std::move(silent));
  Start();
  v1::StatusCode entry;
  grpc::Status status = Get(entry);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message(), "the call got no answer");
}

}  // namespace
}  // namespace statusinfo::testing
