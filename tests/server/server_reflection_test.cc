// Server reflection, v1 and v1alpha: each suite is a client that speaks one
// version only, with that version's own generated messages, against the
// real server in-process.
#include "service/server/server_reflection.h"

#include <algorithm>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/descriptor_database.h"
#include "grpc/reflection/v1/reflection.pb.h"
#include "grpc/reflection/v1alpha/reflection.pb.h"
#include "grpcpp/impl/rpc_method.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/sync_stream.h"
#include "gtest/gtest.h"
#include "tests/server/reflection_test_extension.pb.h"
#include "tests/server/test_server.h"

namespace statusinfo::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

constexpr int kTestExtension = 51234;  // reflection_test_extension.proto

// One version: its service name and its generated messages.
struct V1 {
  using Request = grpc::reflection::v1::ServerReflectionRequest;
  using Response = grpc::reflection::v1::ServerReflectionResponse;
  static constexpr const char* kService = server::kReflectionV1;
};
struct V1alpha {
  using Request = grpc::reflection::v1alpha::ServerReflectionRequest;
  using Response = grpc::reflection::v1alpha::ServerReflectionResponse;
  static constexpr const char* kService = server::kReflectionV1alpha;
};

// A bidi stream of `In` requests and `Out` answers to ServerReflectionInfo
// of `service`, as a generated stub opens it.
template <typename In, typename Out>
std::unique_ptr<grpc::ClientReaderWriter<In, Out>> OpenStream(
    grpc::ChannelInterface* channel, const std::string& service,
    grpc::ClientContext* context) {
  const std::string path = "/" + service + "/ServerReflectionInfo";
  const grpc::internal::RpcMethod method(
      path.c_str(), grpc::internal::RpcMethod::BIDI_STREAMING);
  return std::unique_ptr<grpc::ClientReaderWriter<In, Out>>(
      grpc::internal::ClientReaderWriterFactory<In, Out>::Create(
          channel, method, context));
}

template <typename Version>
class ServerReflectionTest : public ServerTest {
 protected:
  using Request = typename Version::Request;
  using Response = typename Version::Response;

  void SetUp() override {
    ServerTest::SetUp();
    context_ = ContextWithDeadline(10);
    stream_ = OpenStream<Request, Response>(channel_.get(), Version::kService,
                                            context_.get());
  }

  // Sends `request` on the test's one stream and returns the answer.
  Response Ask(const Request& request) {
    Response response;
    EXPECT_TRUE(stream_->Write(request));
    EXPECT_TRUE(stream_->Read(&response)) << stream_->Finish().error_message();
    return response;
  }

  Response AskSymbol(const std::string& symbol) {
    Request request;
    request.set_file_containing_symbol(symbol);
    return Ask(request);
  }

  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientReaderWriter<Request, Response>> stream_;
};

// Test names end in /V1 or /V1alpha.
struct VersionName {
  template <typename Version>
  static std::string GetName(int /*index*/) {
    return std::is_same_v<Version, V1> ? "V1" : "V1alpha";
  }
};
using Versions = ::testing::Types<V1, V1alpha>;
TYPED_TEST_SUITE(ServerReflectionTest, Versions, VersionName);

// The files of a file_descriptor_response, parsed, in the order sent.
template <typename Response>
std::vector<google::protobuf::FileDescriptorProto> Files(
    const Response& response) {
  std::vector<google::protobuf::FileDescriptorProto> files;
  for (const std::string& bytes :
       response.file_descriptor_response().file_descriptor_proto()) {
    files.emplace_back();
    EXPECT_TRUE(files.back().ParseFromString(bytes));
  }
  return files;
}

TYPED_TEST(ServerReflectionTest, ListsEveryServiceBothVersionsIncluded) {
  typename TestFixture::Request request;
  request.set_list_services("");
  auto response = this->Ask(request);
  std::vector<std::string> names;
  for (const auto& service : response.list_services_response().service()) {
    names.push_back(service.name());
  }
  EXPECT_THAT(names, UnorderedElementsAre("statusinfo.v1.StatusInfoService",
                                          "grpc.health.v1.Health",
                                          "grpc.reflection.v1.ServerReflection",
                                          "grpc.reflection.v1alpha."
                                          "ServerReflection"));
}

TYPED_TEST(ServerReflectionTest, SymbolsFileAndDependenciesDescribeIt) {
  // What a client does with the answer: build the service from it alone.
  auto response = this->AskSymbol("statusinfo.v1.StatusInfoService");
  google::protobuf::SimpleDescriptorDatabase database;
  for (const auto& file : Files(response)) ASSERT_TRUE(database.Add(file));
  google::protobuf::DescriptorPool pool(&database);
  const google::protobuf::ServiceDescriptor* service =
      pool.FindServiceByName("statusinfo.v1.StatusInfoService");
  ASSERT_NE(service, nullptr);
  ASSERT_NE(service->FindMethodByName("GetStatusCode"), nullptr);
  EXPECT_EQ(
      service->FindMethodByName("GetStatusCode")->output_type()->full_name(),
      "statusinfo.v1.StatusCode");
  EXPECT_FALSE(response.has_error_response());
}

TYPED_TEST(ServerReflectionTest, FileByFilenameComesFirstThenItsDependencies) {
  typename TestFixture::Request request;
  request.set_file_by_filename("statusinfo/v1/status_info_service.proto");
  auto files = Files(this->Ask(request));
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files[0].name(), "statusinfo/v1/status_info_service.proto");
  std::vector<std::string> names;
  names.reserve(files.size());
  for (const auto& file : files) names.push_back(file.name());
  ASSERT_THAT(files[0].dependency(),
              Contains("statusinfo/v1/status_code.proto"));
  for (const std::string& dependency : files[0].dependency()) {
    EXPECT_THAT(names, Contains(dependency));
  }
  // Each file once, though several import the same ones.
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
}

TYPED_TEST(ServerReflectionTest, UnknownSymbolAndFileAreNotFoundInTheStream) {
  auto symbol = this->AskSymbol("no.such.Symbol");
  EXPECT_EQ(symbol.error_response().error_code(),
            static_cast<int>(grpc::StatusCode::NOT_FOUND));
  EXPECT_THAT(symbol.error_response().error_message(),
              HasSubstr("no.such.Symbol"));
  typename TestFixture::Request request;
  request.set_file_by_filename("no/such.proto");
  auto file = this->Ask(request);
  EXPECT_EQ(file.error_response().error_code(),
            static_cast<int>(grpc::StatusCode::NOT_FOUND));
  EXPECT_THAT(file.error_response().error_message(),
              HasSubstr("file_by_filename"));
  // The stream goes on after an error.
  EXPECT_FALSE(this->AskSymbol("grpc.health.v1.Health").has_error_response());
}

TYPED_TEST(ServerReflectionTest, AnswersEchoTheRequestAndHost) {
  typename TestFixture::Request request;
  request.set_host("statusinfo.example");
  request.set_file_containing_symbol("grpc.health.v1.Health");
  auto response = this->Ask(request);
  EXPECT_EQ(response.valid_host(), "statusinfo.example");
  EXPECT_EQ(response.original_request().SerializeAsString(),
            request.SerializeAsString());
}

TYPED_TEST(ServerReflectionTest, ExtensionNumbersOfAType) {
  typename TestFixture::Request request;
  request.set_all_extension_numbers_of_type("google.protobuf.MessageOptions");
  auto response = this->Ask(request);
  EXPECT_EQ(response.all_extension_numbers_response().base_type_name(),
            "google.protobuf.MessageOptions");
  EXPECT_THAT(response.all_extension_numbers_response().extension_number(),
              Contains(kTestExtension));

  request.set_all_extension_numbers_of_type("no.such.Message");
  EXPECT_EQ(this->Ask(request).error_response().error_code(),
            static_cast<int>(grpc::StatusCode::NOT_FOUND));
}

TYPED_TEST(ServerReflectionTest, FileContainingAnExtension) {
  typename TestFixture::Request request;
  request.mutable_file_containing_extension()->set_containing_type(
      "google.protobuf.MessageOptions");
  request.mutable_file_containing_extension()->set_extension_number(
      kTestExtension);
  auto files = Files(this->Ask(request));
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files[0].name(), "tests/server/reflection_test_extension.proto");
  EXPECT_EQ(files[0].extension(0).name(), "reflection_test_note");

  request.mutable_file_containing_extension()->set_extension_number(
      kTestExtension + 1);
  auto missing = this->Ask(request);
  EXPECT_EQ(missing.error_response().error_code(),
            static_cast<int>(grpc::StatusCode::NOT_FOUND));
  EXPECT_THAT(missing.error_response().error_message(),
              HasSubstr("extension_number"));
}

TYPED_TEST(ServerReflectionTest, RequestOfNoKnownKindIsUnimplemented) {
  typename TestFixture::Request request;
  request.set_host("h");
  EXPECT_EQ(this->Ask(request).error_response().error_code(),
            static_cast<int>(grpc::StatusCode::UNIMPLEMENTED));
}

TYPED_TEST(ServerReflectionTest, HalfCloseEndsTheStreamOk) {
  this->AskSymbol("grpc.health.v1.Health");
  ASSERT_TRUE(this->stream_->WritesDone());
  typename TestFixture::Response response;
  EXPECT_FALSE(this->stream_->Read(&response));
  EXPECT_TRUE(this->stream_->Finish().ok());
}

TYPED_TEST(ServerReflectionTest, BytesThatDoNotParseEndTheStream) {
  auto context = ContextWithDeadline(10);
  auto stream = OpenStream<grpc::ByteBuffer, grpc::ByteBuffer>(
      this->channel_.get(), TypeParam::kService, context.get());
  // Field 4 (file_containing_symbol), length 100, and no bytes after it.
  const std::string truncated = "\x22\x64";
  grpc::Slice slice(truncated);
  ASSERT_TRUE(stream->Write(grpc::ByteBuffer(&slice, 1)));
  grpc::ByteBuffer reply;
  EXPECT_FALSE(stream->Read(&reply));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TYPED_TEST(ServerReflectionTest, ShutdownEndsAnOpenStream) {
  // Open for sure: it has answered once.
  this->AskSymbol("grpc.health.v1.Health");
  this->server_->Shutdown(absl::Seconds(30));
  typename TestFixture::Response response;
  EXPECT_FALSE(this->stream_->Read(&response));
  grpc::Status status = this->stream_->Finish();
  // Ended by the reflection service, not cancelled at the deadline.
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(DetailsOf(status).reason, "SHUTTING_DOWN");
}

}  // namespace
}  // namespace statusinfo::testing
