// One behaviour, two transports: every RPC with an HTTP route, valid and
// invalid cases, sent over gRPC and over HTTP/JSON to the same server. An OK
// gRPC answer must be HTTP 200 with the same message as JSON; an error must
// be the same google.rpc.Status (code, message, every detail) as JSON, with
// the HTTP status google.rpc.Code documents for the code (HttpStatusFor,
// from the catalog).
#include "service/http/http_call.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "tests/http/http_test_server.h"

namespace statusinfo::testing {
namespace {

using ::google::protobuf::Message;
using ::google::protobuf::util::JsonStringToMessage;
using ::google::protobuf::util::MessageDifferencer;

struct ParityRow {
  std::string rpc;     // the method's name
  std::string grpc;    // its request, in text format
  std::string method;  // the same request over HTTP
  std::string target;
  std::string body;      // JSON, for POST
  int want_http_status;  // what the row expects, checked too
};

// The table: per RPC, answers and errors of each kind its core gives.
const ParityRow kRows[] = {
    {"GetStatusCode", "code: 404", "GET", "/v1/statusCodes/404", "", 200},
    {"GetStatusCode", "code: 42", "GET", "/v1/statusCodes/42", "", 400},
    {"GetStatusCode", "code: 299", "GET", "/v1/statusCodes/299", "", 404},
    {"BatchGetStatusCodes", "codes: [200, 404]", "GET",
     "/v1/statusCodes:batchGet?codes=200&codes=404", "", 200},
    {"BatchGetStatusCodes", "codes: [200, 42]", "GET",
     "/v1/statusCodes:batchGet?codes=200&codes=42", "", 400},
    {"BatchGetStatusCodes", "", "GET", "/v1/statusCodes:batchGet", "", 400},
    {"ListStatusCodes", "page_size: 3", "GET", "/v1/statusCodes?pageSize=3", "",
     200},
    {"ListStatusCodes",
     "status_class: STATUS_CLASS_SUCCESSFUL include_unofficial: true", "GET",
     "/v1/statusCodes?status_class=STATUS_CLASS_SUCCESSFUL&include_unofficial="
     "true",
     "", 200},
    {"ListStatusCodes", "page_token: \"bogus\"", "GET",
     "/v1/statusCodes?page_token=bogus", "", 400},
    {"ListStatusCodes", "page_size: -1", "GET", "/v1/statusCodes?page_size=-1",
     "", 400},
    {"SearchStatusCodes", "query: \"teapot\"", "GET",
     "/v1/statusCodes:search?query=teapot", "", 200},
    {"SearchStatusCodes", "query: \"too many\"", "GET",
     "/v1/statusCodes:search?query=too+many", "", 200},
    {"SearchStatusCodes", "", "GET", "/v1/statusCodes:search", "", 400},
    {"ValidateStatusCode", "code: 418", "POST", "/v1/statusCodes:validate",
     R"({"code": 418})", 200},
    {"ValidateStatusCode", "code: 42", "POST", "/v1/statusCodes:validate",
     R"({"code": 42})", 200},
    {"ValidateStatusLine", "status_line: \"HTTP/1.1 200 OK\"", "POST",
     "/v1/statusLines:validate", R"({"statusLine": "HTTP/1.1 200 OK"})", 200},
    {"ValidateStatusLine", "status_line: \"HTTP/1.1 20 OK\"", "POST",
     "/v1/statusLines:validate", R"({"status_line": "HTTP/1.1 20 OK"})", 200},
    {"ValidateResponse",
     "status_code: 204 headers { name: \"Content-Length\" value: \"5\" }",
     "POST", "/v1/responses:validate",
     R"({"statusCode": 204, "headers": [{"name": "Content-Length",
         "value": "5"}]})",
     200},
    {"ValidateResponse",
     "status_code: 200 request_method: \"GET\" request { method: \"GET\" }",
     "POST", "/v1/responses:validate",
     R"({"statusCode": 200, "requestMethod": "GET",
         "request": {"method": "GET"}})",
     400},
    {"TranslateStatus", "http_status_code: 503", "GET",
     "/v1/statuses:translate?http_status_code=503", "", 200},
    {"TranslateStatus", "grpc_code: 14", "GET",
     "/v1/statuses:translate?grpcCode=14", "", 200},
    {"TranslateStatus", "", "GET", "/v1/statuses:translate", "", 400},
    {"GetGrpcStatusCode", "code: 14", "GET", "/v1/grpcStatusCodes/14", "", 200},
    {"GetGrpcStatusCode", "code: 99", "GET", "/v1/grpcStatusCodes/99", "", 400},
    {"ListGrpcStatusCodes", "", "GET", "/v1/grpcStatusCodes", "", 200},
};

struct GrpcOutcome {
  grpc::Status status;
  std::string response;
};

class HttpCallParityTest : public HttpServerTest {
 protected:
  void SetUp() override {
    HttpServerTest::SetUp();
    generic_ = std::make_unique<grpc::GenericStub>(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                            grpc::InsecureChannelCredentials()));
  }

  GrpcOutcome CallGrpc(const std::string& rpc, const Message& request) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    const std::string bytes = request.SerializeAsString();
    grpc::Slice slice(bytes);
    grpc::ByteBuffer in(&slice, 1);
    grpc::ByteBuffer out;
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    GrpcOutcome outcome;
    generic_->UnaryCall(&context,
                        absl::StrCat("/", server::kServiceName, "/", rpc),
                        grpc::StubOptions(), &in, &out, [&](grpc::Status s) {
                          std::lock_guard<std::mutex> lock(mu);
                          outcome.status = std::move(s);
                          done = true;
                          cv.notify_one();
                        });
    std::unique_lock<std::mutex> lock(mu);
    EXPECT_TRUE(
        cv.wait_for(lock, std::chrono::seconds(60), [&] { return done; }));
    if (outcome.status.ok()) {
      std::vector<grpc::Slice> slices;
      (void)out.Dump(&slices);
      for (const grpc::Slice& s : slices) {
        outcome.response.append(reinterpret_cast<const char*>(s.begin()),
                                s.size());
      }
    }
    return outcome;
  }

  std::unique_ptr<grpc::GenericStub> generic_;
};

TEST_F(HttpCallParityTest, EveryRouteAnswersWhatGrpcAnswers) {
  const auto* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          server::kServiceName);
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  for (const ParityRow& row : kRows) {
    SCOPED_TRACE(absl::StrCat(row.method, " ", row.target, " ", row.body));
    const auto* method = service->FindMethodByName(row.rpc);
    ASSERT_NE(method, nullptr);
    std::unique_ptr<Message> request(
        factory->GetPrototype(method->input_type())->New());
    ASSERT_TRUE(
        google::protobuf::TextFormat::ParseFromString(row.grpc, request.get()));
    const GrpcOutcome grpc = CallGrpc(row.rpc, *request);
    const HttpResponse http =
        row.method == "POST" ? Post(row.target, row.body) : Get(row.target);
    EXPECT_EQ(http.status, row.want_http_status) << http.body;
    EXPECT_EQ(http.Header("Content-Type"), "application/json");
    if (grpc.status.ok()) {
      ASSERT_EQ(http.status, 200) << http.body;
      std::unique_ptr<Message> want(
          factory->GetPrototype(method->output_type())->New());
      std::unique_ptr<Message> got(want->New());
      ASSERT_TRUE(want->ParseFromString(grpc.response));
      ASSERT_TRUE(JsonStringToMessage(http.body, got.get()).ok()) << http.body;
      EXPECT_TRUE(MessageDifferencer::Equals(*got, *want))
          << got->DebugString() << "\nvs gRPC\n"
          << want->DebugString();
      continue;
    }
    EXPECT_EQ(http.status, http::HttpStatusFor(server_->catalog(),
                                               static_cast<absl::StatusCode>(
                                                   grpc.status.error_code())));
    google::rpc::Status want;
    ASSERT_TRUE(want.ParseFromString(grpc.status.error_details()));
    google::rpc::Status got;
    ASSERT_TRUE(JsonStringToMessage(http.body, &got).ok()) << http.body;
    EXPECT_GT(got.details_size(), 0) << http.body;
    EXPECT_TRUE(MessageDifferencer::Equals(got, want))
        << got.DebugString() << "\nvs gRPC\n"
        << want.DebugString();
  }
}

// The status google.rpc.Code documents, for a few codes: the catalog's
// entries, not a table of the adapter.
TEST(HttpStatusForTest, FollowsGoogleRpcCode) {
  absl::StatusOr<core::Catalog> catalog = core::LoadCatalog("");
  ASSERT_TRUE(catalog.ok());
  for (int code = 0; code <= 16; ++code) {
    const v1::GrpcStatusCode* entry = catalog->FindGrpc(code);
    ASSERT_NE(entry, nullptr);
    EXPECT_EQ(
        http::HttpStatusFor(*catalog, static_cast<absl::StatusCode>(code)),
        entry->http_status_code());
  }
  EXPECT_EQ(http::HttpStatusFor(*catalog, absl::StatusCode::kInvalidArgument),
            400);
  EXPECT_EQ(http::HttpStatusFor(*catalog, absl::StatusCode::kNotFound), 404);
  EXPECT_EQ(http::HttpStatusFor(*catalog, static_cast<absl::StatusCode>(99)),
            500);
}

}  // namespace
}  // namespace statusinfo::testing
