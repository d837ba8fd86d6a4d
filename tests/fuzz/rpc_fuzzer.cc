// Fuzzes every RPC of statusinfo.v1.StatusInfoService end to end in one
// process: the real StatusInfoServiceImpl (with metrics, as the server runs
// it) is served by a real grpc::Server on a loopback port, and the input is
// sent over a channel to it as raw bytes with a generic stub, so gRPC (HTTP/2
// and all) and protobuf decode the request exactly as for a client on the
// network.
//
// Not Server::InProcessChannel: gRPC 1.51's in-process transport keeps about
// 35 KB for every stream whose message the server cannot decode (loopback
// TCP keeps nothing), which ran the fuzzer out of memory after some 70,000
// such inputs. Loopback costs about a third of the executions per second.
//
// Input: byte 0 picks the method (modulo the 11 methods, in the order of the
// .proto); the rest is the serialized request. For StreamValidateResponses,
// byte 1 says how many times (1 to 3) the message is sent on the stream, and
// the request starts at byte 2. tests/fuzz/make_rpc_seeds.sh writes seeds in
// this form.
//
// Invariants checked: every call ends before its deadline; for a request
// that parses, the only failures are INVALID_ARGUMENT and NOT_FOUND with
// AIP-193 details (a google.rpc.Status with an ErrorInfo of domain
// "statusinfo.v1"), and a stream answers every message; every response
// parses as the method's response type (so a client can read it: proto3
// strings must be UTF-8).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "service/core/errors.h"
#include "service/server/metrics.h"
#include "service/server/status_info_service.h"
#include "statusinfo/v1/status_info_service.grpc.pb.h"
#include "tests/fuzz/fuzz_common.h"

namespace statusinfo::fuzz {
namespace {

constexpr int kStreamMethod = 6;

template <typename M>
bool Parses(const std::string& bytes) {
  M message;
  return message.ParseFromString(bytes);
}

struct Method {
  const char* path;
  bool (*request_parses)(const std::string&);
  bool (*response_parses)(const std::string&);
};

// In the order of the service in status_info_service.proto.
const Method kMethods[] = {
    {"/statusinfo.v1.StatusInfoService/GetStatusCode",
     Parses<v1::GetStatusCodeRequest>, Parses<v1::StatusCode>},
    {"/statusinfo.v1.StatusInfoService/BatchGetStatusCodes",
     Parses<v1::BatchGetStatusCodesRequest>,
     Parses<v1::BatchGetStatusCodesResponse>},
    {"/statusinfo.v1.StatusInfoService/ListStatusCodes",
     Parses<v1::ListStatusCodesRequest>, Parses<v1::ListStatusCodesResponse>},
    {"/statusinfo.v1.StatusInfoService/ValidateStatusCode",
     Parses<v1::ValidateStatusCodeRequest>,
     Parses<v1::ValidateStatusCodeResponse>},
    {"/statusinfo.v1.StatusInfoService/ValidateStatusLine",
     Parses<v1::ValidateStatusLineRequest>,
     Parses<v1::ValidateStatusLineResponse>},
    {"/statusinfo.v1.StatusInfoService/ValidateResponse",
     Parses<v1::ValidateResponseRequest>, Parses<v1::ValidateResponseResponse>},
    {"/statusinfo.v1.StatusInfoService/StreamValidateResponses",
     Parses<v1::StreamValidateResponsesRequest>,
     Parses<v1::StreamValidateResponsesResponse>},
    {"/statusinfo.v1.StatusInfoService/SearchStatusCodes",
     Parses<v1::SearchStatusCodesRequest>,
     Parses<v1::SearchStatusCodesResponse>},
    {"/statusinfo.v1.StatusInfoService/TranslateStatus",
     Parses<v1::TranslateStatusRequest>, Parses<v1::TranslateStatusResponse>},
    {"/statusinfo.v1.StatusInfoService/GetGrpcStatusCode",
     Parses<v1::GetGrpcStatusCodeRequest>, Parses<v1::GrpcStatusCode>},
    {"/statusinfo.v1.StatusInfoService/ListGrpcStatusCodes",
     Parses<v1::ListGrpcStatusCodesRequest>,
     Parses<v1::ListGrpcStatusCodesResponse>},
};
constexpr int kNumMethods = sizeof kMethods / sizeof kMethods[0];
static_assert(kNumMethods == 11, "one entry per RPC of the service");

// The server and a generic stub on a channel to it. Built once
// and never destroyed: gRPC's threads outlive LLVMFuzzerTestOneInput.
struct Harness {
  Harness() {
    const google::protobuf::ServiceDescriptor* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            v1::StatusInfoService::service_full_name());
    FUZZ_CHECK(descriptor != nullptr, "no descriptor for the service");
    FUZZ_CHECK(descriptor->method_count() == kNumMethods,
               "the service has a new method: add it to kMethods");
    metrics = std::make_unique<server::ServerMetrics>(
        std::vector<const google::protobuf::ServiceDescriptor*>{descriptor},
        "fuzz", BuiltinCatalog().version());
    server::ServiceOptions options;
    options.metrics = metrics.get();
    service = std::make_unique<server::StatusInfoServiceImpl>(BuiltinCatalog(),
                                                              options);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service.get());
    server = builder.BuildAndStart();
    FUZZ_CHECK(server != nullptr && port != 0, "the server did not start");
    channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                  grpc::InsecureChannelCredentials());
    stub = std::make_unique<grpc::GenericStub>(channel);
  }

  std::unique_ptr<server::ServerMetrics> metrics;
  std::unique_ptr<server::StatusInfoServiceImpl> service;
  std::unique_ptr<grpc::Server> server;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<grpc::GenericStub> stub;
  grpc::CompletionQueue cq;
};

Harness& TheHarness() {
  static Harness* const harness = new Harness;
  return *harness;
}

std::string ToString(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  FUZZ_CHECK(buffer.Dump(&slices).ok(), "ByteBuffer::Dump failed");
  std::string out;
  for (const grpc::Slice& slice : slices) {
    out.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return out;
}

grpc::ByteBuffer ToByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::unique_ptr<grpc::ClientContext> NewContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(20));
  return context;
}

// Waits for the operation tagged `tag`; returns its ok.
bool Await(grpc::CompletionQueue& cq, void* tag) {
  void* got = nullptr;
  bool ok = false;
  FUZZ_CHECK(cq.Next(&got, &ok), "the completion queue shut down");
  FUZZ_CHECK(got == tag, "completion for an unexpected tag");
  return ok;
}

grpc::Status CallUnary(Harness& h, const Method& method,
                       const std::string& request,
                       std::vector<std::string>& responses) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  grpc::ByteBuffer request_buffer = ToByteBuffer(request);
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> call =
      h.stub->PrepareUnaryCall(context.get(), method.path, request_buffer,
                               &h.cq);
  call->StartCall();
  grpc::ByteBuffer response;
  grpc::Status status;
  int tag = 0;
  call->Finish(&response, &status, &tag);
  Await(h.cq, &tag);
  if (status.ok()) responses.push_back(ToString(response));
  return status;
}

// Sends `request` `times` times on one stream, reading the answer to each
// before the next, as a log pipeline would.
grpc::Status CallStream(Harness& h, const Method& method,
                        const std::string& request, int times,
                        std::vector<std::string>& responses) {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      h.stub->PrepareCall(context.get(), method.path, &h.cq);
  int tag = 0;
  call->StartCall(&tag);
  bool open = Await(h.cq, &tag);
  for (int i = 0; open && i < times; ++i) {
    grpc::ByteBuffer request_buffer = ToByteBuffer(request);
    call->Write(request_buffer, &tag);
    open = Await(h.cq, &tag);
    if (!open) break;
    grpc::ByteBuffer response;
    call->Read(&response, &tag);
    open = Await(h.cq, &tag);
    if (open) responses.push_back(ToString(response));
  }
  call->WritesDone(&tag);
  Await(h.cq, &tag);
  // Nothing more may come, but drain the stream before Finish.
  for (;;) {
    grpc::ByteBuffer extra;
    call->Read(&extra, &tag);
    if (!Await(h.cq, &tag)) break;
    responses.push_back(ToString(extra));
  }
  grpc::Status status;
  call->Finish(&status, &tag);
  Await(h.cq, &tag);
  return status;
}

void CheckError(const grpc::Status& status) {
  FUZZ_CHECK(
      status.error_code() == grpc::StatusCode::INVALID_ARGUMENT ||
          status.error_code() == grpc::StatusCode::NOT_FOUND,
      std::to_string(status.error_code()) + " " + status.error_message());
  google::rpc::Status details;
  FUZZ_CHECK(details.ParseFromString(status.error_details()),
             "no google.rpc.Status in the error details");
  FUZZ_CHECK(details.code() == status.error_code(), details.DebugString());
  bool has_error_info = false;
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) {
      has_error_info =
          info.domain() == core::kErrorDomain && !info.reason().empty();
    }
  }
  FUZZ_CHECK(has_error_info, details.DebugString());
}

void FuzzRpc(const uint8_t* data, std::size_t size) {
  if (size < 1) return;
  const int index = data[0] % kNumMethods;
  const Method& method = kMethods[index];
  Harness& h = TheHarness();
  std::vector<std::string> responses;
  grpc::Status status;
  std::string request;
  int times = 1;
  if (index == kStreamMethod) {
    if (size < 2) return;
    times = 1 + data[1] % 3;
    request.assign(reinterpret_cast<const char*>(data + 2), size - 2);
    status = CallStream(h, method, request, times, responses);
  } else {
    request.assign(reinterpret_cast<const char*>(data + 1), size - 1);
    status = CallUnary(h, method, request, responses);
  }
  FUZZ_CHECK(status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED,
             std::string(method.path) + " did not answer in time");
  if (!method.request_parses(request)) {
    // Every method parses its request itself (core/request_parsing.h):
    // bytes that are not a request of the method get INVALID_ARGUMENT with
    // the usual details, and on a stream that ends the call before any
    // answer (the first message is already the bad one).
    FUZZ_CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT,
               std::string(method.path) + ": unparsable request got " +
                   std::to_string(status.error_code()) + " " +
                   status.error_message());
    CheckError(status);
    FUZZ_CHECK(responses.empty(), std::to_string(responses.size()));
  } else if (!status.ok()) {
    CheckError(status);
  } else if (index == kStreamMethod) {
    // One response message per request message.
    FUZZ_CHECK(static_cast<int>(responses.size()) == times,
               std::to_string(responses.size()));
  }
  for (const std::string& response : responses) {
    FUZZ_CHECK(method.response_parses(response),
               std::string(method.path) +
                   ": the client cannot parse the response (invalid UTF-8?)");
  }
}

}  // namespace
}  // namespace statusinfo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  statusinfo::fuzz::FuzzRpc(data, size);
  return 0;
}
