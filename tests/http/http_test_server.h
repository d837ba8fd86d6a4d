// A fixture that runs the real server in-process with its HTTP listener,
// both on free loopback ports, with a gRPC stub and the HTTP test client.
#ifndef STATUSINFO_TESTS_HTTP_HTTP_TEST_SERVER_H_
#define STATUSINFO_TESTS_HTTP_HTTP_TEST_SERVER_H_

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/http/http_server.h"
#include "service/server/server.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"
#include "tests/http/http_test_client.h"

namespace statusinfo::testing {

class HttpServerTest : public ::testing::Test {
 protected:
  // Tests override this to change the configuration; both addresses are
  // 127.0.0.1:0 already.
  virtual void Configure(server::ServerConfig& config) { (void)config; }

  void SetUp() override {
    absl::StatusOr<core::Catalog> catalog = core::LoadCatalog("");
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    config_.address = "127.0.0.1:0";
    config_.http.address = "127.0.0.1:0";
    Configure(config_);
    auto server = server::StatusInfoServer::Start(*std::move(catalog), config_);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    auto http = http::HttpServer::Start(*server_, config_);
    ASSERT_TRUE(http.ok()) << http.status();
    http_port_ = (*http)->port();
    server_->AddListener(*std::move(http));
    stub_ = v1::StatusInfoService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                            grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
  }

  HttpResponse Get(absl::string_view target) {
    absl::StatusOr<HttpResponse> r =
        Fetch(http_port_, HttpRequest("GET", target));
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *std::move(r) : HttpResponse{};
  }

  HttpResponse Post(absl::string_view target, absl::string_view body,
                    absl::string_view content_type = "application/json") {
    absl::StatusOr<HttpResponse> r =
        Fetch(http_port_, HttpRequest("POST", target, body, content_type));
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *std::move(r) : HttpResponse{};
  }

  server::ServerConfig config_;
  std::unique_ptr<server::StatusInfoServer> server_;
  std::unique_ptr<v1::StatusInfoService::Stub> stub_;
  int http_port_ = 0;
};

}  // namespace statusinfo::testing

#endif  // STATUSINFO_TESTS_HTTP_HTTP_TEST_SERVER_H_
