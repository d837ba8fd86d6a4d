// The HTTP listener's connections (service/http/http_session.h): several
// requests in one write, Expect: 100-continue, HTTP/1.0, draining, and the
// count of requests the listener refused itself.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "service/http/http_server.h"
#include "tests/http/http_test_server.h"
#include "tests/server/metrics_scrape.h"

namespace statusinfo::testing {
namespace {

using HttpSessionTest = HttpServerTest;

TEST_F(HttpSessionTest, PipelinedRequestsAreAnsweredInOrder) {
  absl::StatusOr<HttpConnection> c = HttpConnection::Connect(http_port_);
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(
      c->Send(absl::StrCat(HttpRequest("GET", "/v1/statusCodes/201"),
                           HttpRequest("POST", "/v1/statusCodes:validate",
                                       R"({"code": 299})"),
                           HttpRequest("GET", "/v1/grpcStatusCodes/14")))
          .ok());
  for (absl::string_view wanted :
       {R"("code":201)", R"("code":299)", R"("code":14)"}) {
    absl::StatusOr<HttpResponse> http = c->Read();
    ASSERT_TRUE(http.ok()) << http.status();
    EXPECT_EQ(http->status, 200);
    EXPECT_TRUE(absl::StrContains(http->body, wanted)) << http->body;
  }
}

TEST_F(HttpSessionTest, ExpectContinueGetsContinueBeforeTheBody) {
  absl::StatusOr<HttpConnection> c = HttpConnection::Connect(http_port_);
  ASSERT_TRUE(c.ok());
  const std::string body = R"({"code": 418})";
  ASSERT_TRUE(
      c->Send(absl::StrCat("POST /v1/statusCodes:validate HTTP/1.1\r\n"
                           "Host: x\r\nContent-Type: application/json\r\n"
                           "Expect: 100-continue\r\nContent-Length: ",
                           body.size(), "\r\n\r\n"))
          .ok());
  absl::StatusOr<HttpResponse> interim = c->Read(/*head_only=*/true);
  ASSERT_TRUE(interim.ok()) << interim.status();
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c->Send(body).ok());
  absl::StatusOr<HttpResponse> http = c->Read();
  ASSERT_TRUE(http.ok()) << http.status();
  EXPECT_EQ(http->status, 200);
  EXPECT_TRUE(absl::StrContains(http->body, R"("code":418)")) << http->body;
}

TEST_F(HttpSessionTest, Http10WithoutKeepAliveIsClosedAfterTheAnswer) {
  absl::StatusOr<HttpConnection> c = HttpConnection::Connect(http_port_);
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c->Send("GET /v1/statusCodes/200 HTTP/1.0\r\n\r\n").ok());
  absl::StatusOr<HttpResponse> http = c->Read();
  ASSERT_TRUE(http.ok()) << http.status();
  EXPECT_EQ(http->status, 200);
  EXPECT_EQ(http->Header("Connection"), "close");
  EXPECT_TRUE(c->WaitForClose(absl::Seconds(30)));
}

// While the server drains, keep-alive clients are told to leave with their
// next answer, so that they reconnect to replicas that stay.
TEST_F(HttpSessionTest, DrainingAnswersSayConnectionClose) {
  absl::StatusOr<HttpConnection> c = HttpConnection::Connect(http_port_);
  ASSERT_TRUE(c.ok());
  absl::StatusOr<HttpResponse> before =
      c->RoundTrip(HttpRequest("GET", "/v1/statusCodes/200"));
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->Header("Connection"), "keep-alive");

  server_->SetServing(false);
  absl::StatusOr<HttpResponse> during =
      c->RoundTrip(HttpRequest("GET", "/v1/statusCodes/200"));
  ASSERT_TRUE(during.ok()) << during.status();
  EXPECT_EQ(during->status, 200);
  EXPECT_EQ(during->Header("Connection"), "close");
  EXPECT_TRUE(c->WaitForClose(absl::Seconds(30)));

  server_->SetServing(true);
  EXPECT_EQ(Get("/v1/statusCodes/200").Header("Connection"), "keep-alive");
}

TEST_F(HttpSessionTest, ShutdownClosesIdleConnectionsAndStopsAccepting) {
  absl::StatusOr<HttpConnection> c = HttpConnection::Connect(http_port_);
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c->RoundTrip(HttpRequest("GET", "/v1/statusCodes/200")).ok());
  server_->Shutdown(absl::Seconds(5));
  EXPECT_TRUE(c->WaitForClose(absl::Seconds(30)));
  EXPECT_FALSE(Fetch(http_port_, HttpRequest("GET", "/")).ok());
}

class HttpConnectionLimitTest : public HttpServerTest {
 protected:
  void Configure(server::ServerConfig& config) override {
    config.http.max_connections = 2;
  }
};

TEST_F(HttpConnectionLimitTest, OneConnectionOverTheLimitGets503) {
  std::vector<HttpConnection> open;
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<HttpConnection> c = HttpConnection::Connect(http_port_);
    ASSERT_TRUE(c.ok());
    // Answered: accepted and counted by the server.
    ASSERT_TRUE(c->RoundTrip(HttpRequest("GET", "/v1/statusCodes/200")).ok());
    open.push_back(*std::move(c));
  }
  absl::StatusOr<HttpConnection> third = HttpConnection::Connect(http_port_);
  ASSERT_TRUE(third.ok());
  absl::StatusOr<HttpResponse> refused = third->Read();
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->Header("Retry-After"), "1");
  EXPECT_TRUE(absl::StrContains(refused->body, "--http_max_connections"));
  EXPECT_TRUE(third->WaitForClose(absl::Seconds(30)));
  // The open ones are served on.
  for (HttpConnection& c : open) {
    absl::StatusOr<HttpResponse> http =
        c.RoundTrip(HttpRequest("GET", "/v1/statusCodes/404"));
    ASSERT_TRUE(http.ok()) << http.status();
    EXPECT_EQ(http->status, 200);
  }
}

class HttpRejectMetricsTest : public HttpServerTest {
 protected:
  void Configure(server::ServerConfig& config) override {
    config.metrics_address = "127.0.0.1:0";
  }
};

TEST_F(HttpRejectMetricsTest, RequestsRefusedBeforeAnyMethodAreCounted) {
  EXPECT_EQ(Get("/nowhere").status, 404);
  EXPECT_EQ(Get("/nowhere/else").status, 404);
  EXPECT_EQ(Post("/v1/statusCodes/200", "{}").status, 405);
  EXPECT_EQ(Post("/v1/statusCodes:validate", "{}", "text/plain").status, 415);
  EXPECT_EQ(Get("/v1/statusCodes/200").status, 200);
  absl::StatusOr<Samples> samples = Scrape(server_->metrics_port());
  ASSERT_TRUE(samples.ok()) << samples.status();
  const std::string name = "statusinfo_http_rejected_requests_total";
  EXPECT_EQ(samples->Get(name, {{"status", "404"}}), 2);
  EXPECT_EQ(samples->Get(name, {{"status", "405"}}), 1);
  EXPECT_EQ(samples->Get(name, {{"status", "415"}}), 1);
  EXPECT_EQ(samples->Sum(name), 4);
  // The call that reached its method is counted with the gRPC calls.
  EXPECT_EQ(samples->Sum("grpc_server_handled_total",
                         {{"grpc_method", "GetStatusCode"}}),
            1);
}

}  // namespace
}  // namespace statusinfo::testing
