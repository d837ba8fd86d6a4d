// A fixture that runs the real server in-process on a free loopback port and
// connects a real channel to it, in the manner of gRPC's
// test/cpp/end2end/health_service_end2end_test.cc.
#ifndef STATUSINFO_TESTS_SERVER_TEST_SERVER_H_
#define STATUSINFO_TESTS_SERVER_TEST_SERVER_H_

#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "service/core/catalog_loader.h"
#include "service/server/server.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"

namespace statusinfo::testing {

// The google.rpc.Status details of a failed call (AIP-193).
struct ErrorDetails {
  std::string field;   // the first BadRequest field violation, if any
  std::string reason;  // the ErrorInfo reason, if any
  std::string domain;
};

inline ErrorDetails DetailsOf(const grpc::Status& status) {
  ErrorDetails out;
  google::rpc::Status proto;
  if (!proto.ParseFromString(status.error_details())) return out;
  for (const auto& any : proto.details()) {
    google::rpc::BadRequest bad_request;
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&bad_request) && bad_request.field_violations_size() > 0) {
      out.field = bad_request.field_violations(0).field();
    } else if (any.UnpackTo(&info)) {
      out.reason = info.reason();
      out.domain = info.domain();
    }
  }
  return out;
}

// A client context whose call fails after `seconds`.
inline std::unique_ptr<grpc::ClientContext> ContextWithDeadline(
    int seconds = 5) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(seconds));
  return context;
}

class ServerTest : public ::testing::Test {
 protected:
  // Tests override this to change the configuration; the address is
  // 127.0.0.1:0 already.
  virtual void Configure(server::ServerConfig& config) { (void)config; }
  // Tests override this to serve a --catalog_file over the built-in data.
  virtual std::string CatalogFile() const { return ""; }

  void SetUp() override {
    absl::StatusOr<core::Catalog> catalog = core::LoadCatalog(CatalogFile());
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    server::ServerConfig options;
    options.address = "127.0.0.1:0";
    Configure(options);
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

  // GetStatusCode(code) on stub_ with a 5 s deadline; the entry goes to
  // `response` unless it is null.
  grpc::Status Get(int code, v1::StatusCode* response = nullptr) {
    v1::GetStatusCodeRequest request;
    request.set_code(code);
    v1::StatusCode ignored;
    return stub_->GetStatusCode(ContextWithDeadline().get(), request,
                                response != nullptr ? response : &ignored);
  }

  std::unique_ptr<server::StatusInfoServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::StatusInfoService::Stub> stub_;
};

}  // namespace statusinfo::testing

#endif  // STATUSINFO_TESTS_SERVER_TEST_SERVER_H_
