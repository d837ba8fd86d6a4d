// A fixture that runs the real server in-process on a free loopback port and
// connects a real channel to it, in the manner of gRPC's
// test/cpp/end2end/health_service_end2end_test.cc.
#ifndef STATUSINFO_TESTS_SERVER_TEST_SERVER_H_
#define STATUSINFO_TESTS_SERVER_TEST_SERVER_H_

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/server/server.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"

namespace statusinfo::testing {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<core::Catalog> catalog = core::LoadCatalog("");
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    server::ServerOptions options;
    options.address = "127.0.0.1:0";
    auto server = server::StatusInfoServer::Start(*std::move(catalog), options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::StatusInfoService::NewStub(channel_);
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
  }

  std::unique_ptr<server::StatusInfoServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::StatusInfoService::Stub> stub_;
};

}  // namespace statusinfo::testing

#endif  // STATUSINFO_TESTS_SERVER_TEST_SERVER_H_
