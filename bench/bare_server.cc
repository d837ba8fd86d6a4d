// bench_bare_server: the baseline, statusinfo.v1.StatusInfoService on gRPC's
// callback API with handlers that do nothing: every call is answered with a
// fixed response (read at start-up from bench_fixtures' responses/), copied
// into the response message the way a naive handler fills it. What it costs
// per call is the cost of gRPC itself, the limit the issue measures against.
//
// It also serves gRPC's default health service, so that start-up time can
// be measured the same way as statusinfo's.
//
//   bench_bare_server --address=127.0.0.1:50061 --fixtures=build/bench/fixtures
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"

ABSL_FLAG(std::string, address, "127.0.0.1:50061", "Where to listen.");
ABSL_FLAG(std::string, fixtures, "", "bench_fixtures output directory.");

namespace statusinfo::bench {
namespace {

namespace v1 = ::statusinfo::v1;

template <typename T>
T Load(const std::string& method) {
  const std::string path =
      absl::GetFlag(FLAGS_fixtures) + "/responses/" + method + ".bin";
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  T message;
  if (!in || !message.ParseFromString(bytes.str())) {
    std::cerr << "bench_bare_server: cannot read " << path << "\n";
    std::exit(1);
  }
  return message;
}

class BareService final : public v1::StatusInfoService::CallbackService {
 public:
  BareService()
      : get_(Load<v1::StatusCode>("GetStatusCode")),
        batch_(Load<v1::BatchGetStatusCodesResponse>("BatchGetStatusCodes")),
        list_(Load<v1::ListStatusCodesResponse>("ListStatusCodes")),
        validate_code_(
            Load<v1::ValidateStatusCodeResponse>("ValidateStatusCode")),
        validate_line_(
            Load<v1::ValidateStatusLineResponse>("ValidateStatusLine")),
        validate_(Load<v1::ValidateResponseResponse>("ValidateResponse")),
        stream_(Load<v1::StreamValidateResponsesResponse>(
            "StreamValidateResponses")),
        search_(Load<v1::SearchStatusCodesResponse>("SearchStatusCodes")),
        translate_(Load<v1::TranslateStatusResponse>("TranslateStatus")),
        get_grpc_(Load<v1::GrpcStatusCode>("GetGrpcStatusCode")),
        list_grpc_(
            Load<v1::ListGrpcStatusCodesResponse>("ListGrpcStatusCodes")) {}

  template <typename T>
  static grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* context,
                                          const T& fixed, T* response) {
    *response = fixed;
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  grpc::ServerUnaryReactor* GetStatusCode(grpc::CallbackServerContext* c,
                                          const v1::GetStatusCodeRequest*,
                                          v1::StatusCode* r) override {
    return Answer(c, get_, r);
  }
  grpc::ServerUnaryReactor* BatchGetStatusCodes(
      grpc::CallbackServerContext* c, const v1::BatchGetStatusCodesRequest*,
      v1::BatchGetStatusCodesResponse* r) override {
    return Answer(c, batch_, r);
  }
  grpc::ServerUnaryReactor* ListStatusCodes(
      grpc::CallbackServerContext* c, const v1::ListStatusCodesRequest*,
      v1::ListStatusCodesResponse* r) override {
    return Answer(c, list_, r);
  }
  grpc::ServerUnaryReactor* ValidateStatusCode(
      grpc::CallbackServerContext* c, const v1::ValidateStatusCodeRequest*,
      v1::ValidateStatusCodeResponse* r) override {
    return Answer(c, validate_code_, r);
  }
  grpc::ServerUnaryReactor* ValidateStatusLine(
      grpc::CallbackServerContext* c, const v1::ValidateStatusLineRequest*,
      v1::ValidateStatusLineResponse* r) override {
    return Answer(c, validate_line_, r);
  }
  grpc::ServerUnaryReactor* ValidateResponse(
      grpc::CallbackServerContext* c, const v1::ValidateResponseRequest*,
      v1::ValidateResponseResponse* r) override {
    return Answer(c, validate_, r);
  }
  grpc::ServerUnaryReactor* SearchStatusCodes(
      grpc::CallbackServerContext* c, const v1::SearchStatusCodesRequest*,
      v1::SearchStatusCodesResponse* r) override {
    return Answer(c, search_, r);
  }
  grpc::ServerUnaryReactor* TranslateStatus(
      grpc::CallbackServerContext* c, const v1::TranslateStatusRequest*,
      v1::TranslateStatusResponse* r) override {
    return Answer(c, translate_, r);
  }
  grpc::ServerUnaryReactor* GetGrpcStatusCode(
      grpc::CallbackServerContext* c, const v1::GetGrpcStatusCodeRequest*,
      v1::GrpcStatusCode* r) override {
    return Answer(c, get_grpc_, r);
  }
  grpc::ServerUnaryReactor* ListGrpcStatusCodes(
      grpc::CallbackServerContext* c, const v1::ListGrpcStatusCodesRequest*,
      v1::ListGrpcStatusCodesResponse* r) override {
    return Answer(c, list_grpc_, r);
  }

  // One fixed response message per request message, read then write.
  grpc::ServerBidiReactor<v1::StreamValidateResponsesRequest,
                          v1::StreamValidateResponsesResponse>*
  StreamValidateResponses(grpc::CallbackServerContext*) override {
    class Reactor final
        : public grpc::ServerBidiReactor<v1::StreamValidateResponsesRequest,
                                         v1::StreamValidateResponsesResponse> {
     public:
      explicit Reactor(const v1::StreamValidateResponsesResponse& fixed)
          : fixed_(fixed) {
        StartRead(&request_);
      }
      void OnReadDone(bool ok) override {
        if (!ok) {
          Finish(grpc::Status::OK);
          return;
        }
        response_ = fixed_;
        StartWrite(&response_);
      }
      void OnWriteDone(bool ok) override {
        if (!ok) {
          Finish(grpc::Status(grpc::StatusCode::CANCELLED, "write failed"));
          return;
        }
        StartRead(&request_);
      }
      void OnDone() override { delete this; }

     private:
      const v1::StreamValidateResponsesResponse& fixed_;
      v1::StreamValidateResponsesRequest request_;
      v1::StreamValidateResponsesResponse response_;
    };
    return new Reactor(stream_);
  }

 private:
  const v1::StatusCode get_;
  const v1::BatchGetStatusCodesResponse batch_;
  const v1::ListStatusCodesResponse list_;
  const v1::ValidateStatusCodeResponse validate_code_;
  const v1::ValidateStatusLineResponse validate_line_;
  const v1::ValidateResponseResponse validate_;
  const v1::StreamValidateResponsesResponse stream_;
  const v1::SearchStatusCodesResponse search_;
  const v1::TranslateStatusResponse translate_;
  const v1::GrpcStatusCode get_grpc_;
  const v1::ListGrpcStatusCodesResponse list_grpc_;
};

}  // namespace
}  // namespace statusinfo::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  grpc::EnableDefaultHealthCheckService(true);
  statusinfo::bench::BareService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(absl::GetFlag(FLAGS_address),
                           grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << "bench_bare_server: cannot listen on "
              << absl::GetFlag(FLAGS_address) << "\n";
    return 1;
  }
  std::cout << "bench_bare_server: serving on port " << port << std::endl;
  server->Wait();
  return 0;
}
