// bench_variants_server: the experiment bench for statusinfo's GetStatusCode
// hot path. One binary serves GetStatusCode (code 404, the fixture entry) in
// one of several ways, with optional channel arguments, so that each idea
// can be measured with h2load against the others in one run
// (bench/run.sh --variants). Only GetStatusCode is served.
//
//   --mode=callback      typed callback handler copying a message (the bare
//                        server's way)
//   --mode=raw_callback  ByteBuffer callback handler answering with the
//                        entry serialized once at start-up
//   --mode=async         ByteBuffer async handler (WithRawMethod) on
//                        --cqs completion queues, one thread each
//   --int_args=grpc.http2.bdp_probe=0,grpc.enable_channelz=0,...
//   --str_args=grpc.optimization_target=throughput
//
//   bench_variants_server --mode=async --fixtures=build-bench/bench/fixtures
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/support/server_interceptor.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"

ABSL_FLAG(std::string, address, "127.0.0.1:50070", "Where to listen.");
ABSL_FLAG(std::string, fixtures, "", "bench_fixtures output directory.");
ABSL_FLAG(std::string, mode, "raw_callback",
          "callback, raw_callback or async.");
ABSL_FLAG(int, cqs, 1, "async: completion queues (one thread each).");
ABSL_FLAG(int, calls_per_cq, 64, "async: calls requested ahead on each queue.");
ABSL_FLAG(std::vector<std::string>, int_args, {},
          "name=value channel arguments.");
ABSL_FLAG(std::vector<std::string>, str_args, {},
          "name=value channel arguments.");

ABSL_FLAG(std::string, interceptor, "",
          "none (no factory), null (a factory that returns no interceptor) or "
          "noop (an interceptor that only proceeds): what gRPC's interceptor "
          "machinery costs, apart from what an interceptor does.");

namespace statusinfo::bench {
namespace {

namespace v1 = ::statusinfo::v1;

std::string Fixture() {
  const std::string path =
      absl::GetFlag(FLAGS_fixtures) + "/responses/GetStatusCode.bin";
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  if (!in) {
    std::cerr << "bench_variants_server: cannot read " << path << "\n";
    std::exit(1);
  }
  return bytes.str();
}

// The code field of a GetStatusCodeRequest, without building the message.
bool ParseCode(const grpc::ByteBuffer& buffer, int* code) {
  grpc::Slice slice;
  if (!buffer.DumpToSingleSlice(&slice).ok()) return false;
  v1::GetStatusCodeRequest request;
  if (!request.ParseFromArray(slice.begin(), static_cast<int>(slice.size()))) {
    return false;
  }
  *code = request.code();
  return true;
}

class TypedService final : public v1::StatusInfoService::CallbackService {
 public:
  explicit TypedService(const std::string& bytes) {
    entry_.ParseFromString(bytes);
  }
  grpc::ServerUnaryReactor* GetStatusCode(grpc::CallbackServerContext* context,
                                          const v1::GetStatusCodeRequest*,
                                          v1::StatusCode* response) override {
    *response = entry_;
    auto* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

 private:
  v1::StatusCode entry_;
};

class RawCallbackService final
    : public v1::StatusInfoService::WithRawCallbackMethod_GetStatusCode<
          v1::StatusInfoService::Service> {
 public:
  explicit RawCallbackService(const std::string& bytes)
      : slice_(bytes.data(), bytes.size()) {}
  grpc::ServerUnaryReactor* GetStatusCode(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override {
    int code = 0;
    auto* reactor = context->DefaultReactor();
    if (!ParseCode(*request, &code)) {
      reactor->Finish(grpc::Status(grpc::StatusCode::INTERNAL, "bad request"));
      return reactor;
    }
    grpc::ByteBuffer reply(&slice_, 1);
    response->Swap(&reply);
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

 private:
  grpc::Slice slice_;
};

using AsyncService = v1::StatusInfoService::WithRawMethod_GetStatusCode<
    v1::StatusInfoService::Service>;

// One call slot of the async server: request, answer, re-request.
class AsyncCall {
 public:
  AsyncCall(AsyncService* service, grpc::ServerCompletionQueue* cq,
            const grpc::Slice* entry)
      : service_(service), cq_(cq), entry_(entry) {
    Request();
  }
  void Proceed() {
    if (!answered_) {
      answered_ = true;
      int code = 0;
      if (!ParseCode(request_, &code)) {
        writer_->FinishWithError(
            grpc::Status(grpc::StatusCode::INTERNAL, "bad request"), this);
        return;
      }
      grpc::ByteBuffer reply(entry_, 1);
      writer_->Finish(reply, grpc::Status::OK, this);
      return;
    }
    Request();
  }

 private:
  void Request() {
    answered_ = false;
    context_.emplace();
    writer_.emplace(&*context_);
    request_.Clear();
    service_->RequestGetStatusCode(&*context_, &request_, &*writer_, cq_, cq_,
                                   this);
  }

  AsyncService* const service_;
  grpc::ServerCompletionQueue* const cq_;
  const grpc::Slice* const entry_;
  bool answered_ = false;
  std::optional<grpc::ServerContext> context_;
  std::optional<grpc::ServerAsyncResponseWriter<grpc::ByteBuffer>> writer_;
  grpc::ByteBuffer request_;
};

class NoopInterceptor : public grpc::experimental::Interceptor {
 public:
  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    methods->Proceed();
  }
};

class InterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit InterceptorFactory(bool create) : create_(create) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo*) override {
    return create_ ? new NoopInterceptor : nullptr;
  }

 private:
  const bool create_;
};

void ApplyArgs(grpc::ServerBuilder& builder) {
  const std::string interceptor = absl::GetFlag(FLAGS_interceptor);
  if (interceptor == "null" || interceptor == "noop") {
    std::vector<
        std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        factories;
    factories.push_back(
        std::make_unique<InterceptorFactory>(interceptor == "noop"));
    builder.experimental().SetInterceptorCreators(std::move(factories));
  }
  for (const std::string& kv : absl::GetFlag(FLAGS_int_args)) {
    std::pair<std::string, std::string> p = absl::StrSplit(kv, '=');
    int value = 0;
    if (!absl::SimpleAtoi(p.second, &value)) {
      std::cerr << "bad --int_args " << kv << "\n";
      std::exit(2);
    }
    builder.AddChannelArgument(p.first, value);
  }
  for (const std::string& kv : absl::GetFlag(FLAGS_str_args)) {
    std::pair<std::string, std::string> p = absl::StrSplit(kv, '=');
    builder.AddChannelArgument(p.first, p.second);
  }
}

int Main() {
  const std::string bytes = Fixture();
  const std::string mode = absl::GetFlag(FLAGS_mode);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  ApplyArgs(builder);
  int port = 0;
  builder.AddListeningPort(absl::GetFlag(FLAGS_address),
                           grpc::InsecureServerCredentials(), &port);
  std::unique_ptr<grpc::Service> service;
  AsyncService* async = nullptr;
  std::vector<std::unique_ptr<grpc::ServerCompletionQueue>> cqs;
  if (mode == "callback") {
    service = std::make_unique<TypedService>(bytes);
  } else if (mode == "raw_callback") {
    service = std::make_unique<RawCallbackService>(bytes);
  } else if (mode == "async") {
    auto s = std::make_unique<AsyncService>();
    async = s.get();
    service = std::move(s);
    for (int i = 0; i < absl::GetFlag(FLAGS_cqs); ++i) {
      cqs.push_back(builder.AddCompletionQueue());
    }
  } else {
    std::cerr << "unknown --mode=" << mode << "\n";
    return 2;
  }
  builder.RegisterService(service.get());
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << "bench_variants_server: cannot listen\n";
    return 1;
  }
  std::cout << "bench_variants_server: " << mode << " serving on port " << port
            << std::endl;
  if (async == nullptr) {
    server->Wait();
    return 0;
  }
  const grpc::Slice entry(bytes.data(), bytes.size());
  std::vector<std::thread> threads;
  for (auto& cq : cqs) {
    threads.emplace_back([&, cq = cq.get()] {
      std::vector<std::unique_ptr<AsyncCall>> calls;
      for (int i = 0; i < absl::GetFlag(FLAGS_calls_per_cq); ++i) {
        calls.push_back(std::make_unique<AsyncCall>(async, cq, &entry));
      }
      void* tag = nullptr;
      bool ok = false;
      while (cq->Next(&tag, &ok)) static_cast<AsyncCall*>(tag)->Proceed();
    });
  }
  for (auto& t : threads) t.join();
  return 0;
}

}  // namespace
}  // namespace statusinfo::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return statusinfo::bench::Main();
}
