#include "service/http/http_server.h"

#include <string>

#include "absl/strings/match.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "service/core/response_rules.h"
#include "tests/http/http_test_server.h"

namespace statusinfo::testing {
namespace {

using ::google::protobuf::util::JsonStringToMessage;
using ::google::protobuf::util::MessageDifferencer;

using HttpServerBasicsTest = HttpServerTest;

TEST_F(HttpServerBasicsTest, GetStatusCodeAnswersWhatGrpcAnswers) {
  const HttpResponse http = Get("/v1/statusCodes/404");
  ASSERT_EQ(http.status, 200) << http.head << http.body;
  EXPECT_EQ(http.Header("Content-Type"), "application/json");
  v1::StatusCode from_http;
  ASSERT_TRUE(JsonStringToMessage(http.body, &from_http).ok()) << http.body;

  v1::GetStatusCodeRequest request;
  request.set_code(404);
  v1::StatusCode from_grpc;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->GetStatusCode(&context, request, &from_grpc).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(from_http, from_grpc))
      << from_http.DebugString() << "\nvs\n"
      << from_grpc.DebugString();
}

TEST_F(HttpServerBasicsTest, UnknownPathIsNotFoundJson) {
  const HttpResponse http = Get("/v1/nothing/here");
  EXPECT_EQ(http.status, 404);
  google::rpc::Status status;
  ASSERT_TRUE(JsonStringToMessage(http.body, &status).ok()) << http.body;
  EXPECT_EQ(status.code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(status.message().find("/v1/nothing/here"), std::string::npos);
}

// The google.rpc.Status of an error answer; its code is -1 when the body
// is not one.
google::rpc::Status ErrorOf(const HttpResponse& response) {
  google::rpc::Status status;
  if (!JsonStringToMessage(response.body, &status).ok()) status.set_code(-1);
  return status;
}

TEST_F(HttpServerBasicsTest, WrongMethodIs405WithAllow) {
  const HttpResponse http = Post("/v1/statusCodes/404", "{}");
  EXPECT_EQ(http.status, 405);
  EXPECT_EQ(http.Header("Allow"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(ErrorOf(http).code(), grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(HttpServerBasicsTest, PostWithoutJsonContentTypeIs415) {
  for (absl::string_view type : {"text/plain", "", "application/jsonx"}) {
    SCOPED_TRACE(type);
    const HttpResponse http =
        Post("/v1/statusCodes:validate", R"({"code": 200})", type);
    EXPECT_EQ(http.status, 415);
    EXPECT_EQ(ErrorOf(http).code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE(ErrorOf(http).message().find("Content-Type"), std::string::npos);
  }
  // Media types are case-insensitive, parameters allowed.
  EXPECT_EQ(Post("/v1/statusCodes:validate", R"({"code": 200})",
                 "Application/JSON; charset=utf-8")
                .status,
            200);
}

TEST_F(HttpServerBasicsTest, BodyOverTheLimitIs413AndCloses) {
  absl::StatusOr<HttpConnection> c = HttpConnection::Connect(http_port_);
  ASSERT_TRUE(c.ok());
  // Only the head: the server must answer from Content-Length alone.
  ASSERT_TRUE(
      c->Send(
           absl::StrCat("POST /v1/statusLines:validate HTTP/1.1\r\nHost: x\r\n"
                        "Content-Type: application/json\r\nContent-Length: ",
                        http::kMaxRequestBodyBytes + 1, "\r\n\r\n"))
          .ok());
  absl::StatusOr<HttpResponse> http = c->Read();
  ASSERT_TRUE(http.ok()) << http.status();
  EXPECT_EQ(http->status, 413);
  EXPECT_EQ(ErrorOf(*http).code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_TRUE(c->WaitForClose(absl::Seconds(30)));
}

TEST_F(HttpServerBasicsTest, ChunkedBodyOverTheLimitIs413) {
  absl::StatusOr<HttpConnection> c = HttpConnection::Connect(http_port_);
  ASSERT_TRUE(c.ok());
  const std::string chunk(64 << 10, ' ');
  std::string request =
      "POST /v1/statusLines:validate HTTP/1.1\r\nHost: x\r\n"
      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i <= http::kMaxRequestBodyBytes / (64 << 10); ++i) {
    absl::StrAppend(&request, absl::Hex(chunk.size()), "\r\n", chunk, "\r\n");
  }
  absl::StrAppend(&request, "0\r\n\r\n");
  ASSERT_TRUE(c->Send(request).ok());
  absl::StatusOr<HttpResponse> http = c->Read();
  ASSERT_TRUE(http.ok()) << http.status();
  EXPECT_EQ(http->status, 413);
}

TEST_F(HttpServerBasicsTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  absl::StatusOr<HttpConnection> c = HttpConnection::Connect(http_port_);
  ASSERT_TRUE(c.ok());
  for (absl::string_view target : {"/v1/statusCodes/200", "/v1/statusCodes/42",
                                   "/nowhere", "/v1/grpcStatusCodes/5"}) {
    absl::StatusOr<HttpResponse> http =
        c->RoundTrip(HttpRequest("GET", target));
    ASSERT_TRUE(http.ok()) << target << ": " << http.status();
    EXPECT_NE(http->status, 0);
  }
  absl::StatusOr<HttpResponse> post = c->RoundTrip(
      HttpRequest("POST", "/v1/statusCodes:validate", R"({"code": 451})"));
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->status, 200);
}

TEST_F(HttpServerBasicsTest, OptionsListsTheMethods) {
  absl::StatusOr<HttpResponse> http =
      Fetch(http_port_, HttpRequest("OPTIONS", "/v1/statusLines:validate"));
  ASSERT_TRUE(http.ok());
  EXPECT_EQ(http->status, 204);
  EXPECT_EQ(http->Header("Allow"), "POST, OPTIONS");
  // No CORS configured: no CORS header.
  EXPECT_EQ(http->Header("Access-Control-Allow-Origin"), "");
}

TEST_F(HttpServerBasicsTest, AssetsAreOnlyTheEmbeddedFiles) {
  for (absl::string_view target :
       {"/assets/../../etc/passwd", "/assets/%2e%2e/%2e%2e/etc/passwd",
        "/assets/nope.js", "/assets/..%2F..%2Fetc%2Fpasswd"}) {
    SCOPED_TRACE(target);
    const HttpResponse http = Get(target);
    EXPECT_EQ(http.status, 404);
    EXPECT_EQ(ErrorOf(http).code(), grpc::StatusCode::NOT_FOUND);
  }
  EXPECT_EQ(Post("/", "{}").status, 405);
}

// The page runs under a policy that allows its own files only; every
// answer forbids MIME sniffing.
TEST_F(HttpServerBasicsTest, PageHasAContentSecurityPolicy) {
  const HttpResponse page = Get("/");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(absl::StartsWith(page.Header("Content-Security-Policy"),
                               "default-src 'self'"))
      << page.head;
  EXPECT_EQ(page.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(Get("/v1/statusCodes/200").Header("X-Content-Type-Options"),
            "nosniff");
}

class HttpCorsTest : public HttpServerTest {
 protected:
  void Configure(server::ServerConfig& config) override {
    config.http.cors_origins = "https://a.example, https://b.example";
  }
};

TEST_F(HttpCorsTest, AllowedOriginGetsCorsHeaders) {
  absl::StatusOr<HttpResponse> http =
      Fetch(http_port_, HttpRequest("GET", "/v1/statusCodes/404", "", "",
                                    "Origin: https://b.example\r\n"));
  ASSERT_TRUE(http.ok());
  EXPECT_EQ(http->status, 200);
  EXPECT_EQ(http->Header("Access-Control-Allow-Origin"), "https://b.example");
  EXPECT_EQ(http->Header("Vary"), "Origin");
}

TEST_F(HttpCorsTest, OtherOriginGetsNone) {
  absl::StatusOr<HttpResponse> http =
      Fetch(http_port_, HttpRequest("GET", "/v1/statusCodes/404", "", "",
                                    "Origin: https://evil.example\r\n"));
  ASSERT_TRUE(http.ok());
  EXPECT_EQ(http->Header("Access-Control-Allow-Origin"), "");
}

TEST_F(HttpCorsTest, PreflightOfAllowedOrigin) {
  absl::StatusOr<HttpResponse> http =
      Fetch(http_port_,
            HttpRequest("OPTIONS", "/v1/responses:validate", "", "",
                        "Origin: https://a.example\r\n"
                        "Access-Control-Request-Method: POST\r\n"
                        "Access-Control-Request-Headers: content-type\r\n"));
  ASSERT_TRUE(http.ok());
  EXPECT_EQ(http->status, 204);
  EXPECT_EQ(http->Header("Access-Control-Allow-Origin"), "https://a.example");
  EXPECT_EQ(http->Header("Access-Control-Allow-Methods"), "POST, OPTIONS");
  EXPECT_EQ(http->Header("Access-Control-Allow-Headers"), "Content-Type");
}

class HttpTimeoutTest : public HttpServerTest {
 protected:
  void Configure(server::ServerConfig& config) override {
    config.http.request_timeout = absl::Milliseconds(300);
    config.http.idle_timeout = absl::Milliseconds(300);
  }
};

// A client that sends half a head and stops: the server closes it.
TEST_F(HttpTimeoutTest, SlowClientIsClosed) {
  absl::StatusOr<HttpConnection> c = HttpConnection::Connect(http_port_);
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c->Send("GET /v1/statusCodes/404 HTTP/1.1\r\nHost: x").ok());
  EXPECT_TRUE(c->WaitForClose(absl::Seconds(30)));
}

TEST_F(HttpTimeoutTest, SlowBodyIsClosed) {
  absl::StatusOr<HttpConnection> c = HttpConnection::Connect(http_port_);
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c->Send(HttpRequest("POST", "/v1/statusCodes:validate",
                                  R"({"code": 200})")
                          .substr(0, 100))
                  .ok());
  EXPECT_TRUE(c->WaitForClose(absl::Seconds(30)));
}

TEST_F(HttpTimeoutTest, IdleKeepAliveConnectionIsClosed) {
  absl::StatusOr<HttpConnection> c = HttpConnection::Connect(http_port_);
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c->RoundTrip(HttpRequest("GET", "/v1/statusCodes/200")).ok());
  EXPECT_TRUE(c->WaitForClose(absl::Seconds(30)));
}

// The service's rules apply to itself: each kind of answer it gives, run
// through the core's ValidateResponse, has no ERROR finding.
TEST_F(HttpServerBasicsTest, OwnAnswersPassValidateResponse) {
  struct Exchange {
    std::string method;
    std::string target;
    std::string request;
  };
  const std::vector<Exchange> exchanges = {
      {"GET", "/v1/statusCodes/404", HttpRequest("GET", "/v1/statusCodes/404")},
      {"GET", "/v1/statusCodes/42", HttpRequest("GET", "/v1/statusCodes/42")},
      {"GET", "/v1/statusCodes/299", HttpRequest("GET", "/v1/statusCodes/299")},
      {"GET", "/nowhere", HttpRequest("GET", "/nowhere")},
      {"HEAD", "/v1/statusCodes/200",
       HttpRequest("HEAD", "/v1/statusCodes/200")},
      {"PUT", "/v1/statusCodes/200", HttpRequest("PUT", "/v1/statusCodes/200")},
      {"OPTIONS", "/v1/statusCodes", HttpRequest("OPTIONS", "/v1/statusCodes")},
      {"POST", "/v1/statusCodes:validate",
       HttpRequest("POST", "/v1/statusCodes:validate", "{}", "text/plain")},
      {"POST", "/v1/statusCodes:validate",
       HttpRequest("POST", "/v1/statusCodes:validate",
                   std::string(http::kMaxRequestBodyBytes + 1, ' '))},
      {"POST", "/v1/responses:validate",
       HttpRequest("POST", "/v1/responses:validate", R"({"statusCode": 200})")},
  };
  for (const Exchange& exchange : exchanges) {
    SCOPED_TRACE(exchange.method + " " + exchange.target);
    absl::StatusOr<HttpResponse> http = Fetch(http_port_, exchange.request);
    ASSERT_TRUE(http.ok()) << http.status();
    v1::ValidateResponseRequest check;
    check.set_http_version("HTTP/1.1");
    check.set_status_code(http->status);
    check.set_has_content(!http->body.empty());
    check.mutable_request()->set_method(exchange.method);
    check.mutable_request()->set_target(exchange.target);
    for (const auto& [name, value] : http->headers) {
      v1::HttpHeader* header = check.add_headers();
      header->set_name(name);
      header->set_value(value);
    }
    absl::StatusOr<v1::ValidateResponseResponse> result =
        core::CheckAndValidateResponse(server_->catalog(), check);
    ASSERT_TRUE(result.ok()) << result.status();
    for (const v1::Finding& finding : result->findings()) {
      EXPECT_NE(finding.severity(), v1::SEVERITY_ERROR)
          << finding.rule_id() << ": " << finding.message() << "\n"
          << http->head;
    }
  }
}

}  // namespace
}  // namespace statusinfo::testing
