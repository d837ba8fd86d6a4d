#include "service/server/raw_service.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpcpp/impl/codegen/server_callback_handlers.h"
#include "service/server/raw_call.h"

namespace statusinfo::server {
namespace {

using UnaryHandler =
    grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>;
using BidiHandler =
    grpc::internal::CallbackBidiHandler<grpc::ByteBuffer, grpc::ByteBuffer>;

bool IsBidi(const google::protobuf::MethodDescriptor& method) {
  return method.client_streaming() && method.server_streaming();
}

bool IsUnary(const google::protobuf::MethodDescriptor& method) {
  return !method.client_streaming() && !method.server_streaming();
}

}  // namespace

RawService::RawService(const google::protobuf::ServiceDescriptor& service,
                       const ServerMetrics* metrics)
    : service_(service), metrics_(metrics) {}

const google::protobuf::MethodDescriptor* RawService::Register(
    absl::string_view name, bool streaming,
    grpc::internal::MethodHandler* handler) {
  // gRPC owns the handler once added; until then, this does.
  std::unique_ptr<grpc::internal::MethodHandler> owned(handler);
  const google::protobuf::MethodDescriptor* method =
      service_.FindMethodByName(std::string(name));
  const std::string path = absl::StrCat("/", service_.full_name(), "/", name);
  if (method == nullptr) {
    problems_.push_back(absl::StrCat(path, ": not in the proto"));
    return nullptr;
  }
  if (std::find(served_.begin(), served_.end(), method) != served_.end()) {
    problems_.push_back(absl::StrCat(path, ": served twice"));
    return nullptr;
  }
  if (streaming ? !IsBidi(*method) : !IsUnary(*method)) {
    problems_.push_back(absl::StrCat(path, ": served as ",
                                     streaming ? "bidi-streaming" : "unary",
                                     ", which the proto does not declare"));
    return nullptr;
  }
  paths_.push_back(path);
  AddMethod(new grpc::internal::RpcServiceMethod(
      paths_.back().c_str(),
      streaming ? grpc::internal::RpcMethod::BIDI_STREAMING
                : grpc::internal::RpcMethod::NORMAL_RPC,
      nullptr));
  MarkMethodRawCallback(static_cast<int>(served_.size()), owned.release());
  served_.push_back(method);
  return method;
}

void RawService::ServeUnary(UnaryMethod unary) {
  const std::string path =
      absl::StrCat("/", service_.full_name(), "/", unary.name);
  const ServerMetrics::MethodMetrics* metrics =
      metrics_ == nullptr ? nullptr : metrics_->FindMethod(path);
  unary_.push_back(std::move(unary));
  const UnaryMethod* served = &unary_.back();
  const google::protobuf::MethodDescriptor* method = Register(
      served->name, /*streaming=*/false,
      new UnaryHandler([metrics, served](grpc::CallbackServerContext* context,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) {
        RawCall call(metrics, context, *request, response);
        served->serve(call);
        return call.reactor();
      }));
  if (method == nullptr) {
    unary_.pop_back();
    return;
  }
  if (method->input_type() != served->request_type ||
      method->output_type() != served->response_type) {
    problems_.push_back(absl::StrCat(
        path, ": the handler takes ", served->request_type->full_name(),
        " and answers ", served->response_type->full_name(),
        ", the proto says ", method->input_type()->full_name(), " and ",
        method->output_type()->full_name()));
  }
  unary_paths_.push_back(path);
}

void RawService::ServeBidi(
    absl::string_view name,
    std::function<BidiReactor*(grpc::CallbackServerContext*)> start) {
  Register(name, /*streaming=*/true, new BidiHandler(std::move(start)));
}

absl::Status RawService::status() const {
  std::vector<std::string> problems = problems_;
  for (int i = 0; i < service_.method_count(); ++i) {
    const google::protobuf::MethodDescriptor* method = service_.method(i);
    if (std::find(served_.begin(), served_.end(), method) == served_.end()) {
      problems.push_back(
          absl::StrCat("/", service_.full_name(), "/", method->name(),
                       ": in the proto, but no handler serves it"));
    }
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::InternalError(absl::StrJoin(problems, "; "));
}

std::vector<std::string> RawService::SelfInstrumentedMethods() const {
  return unary_paths_;
}

const UnaryMethod* RawService::FindUnaryMethod(absl::string_view name) const {
  for (const UnaryMethod& method : unary_) {
    if (method.name == name) return &method;
  }
  return nullptr;
}

}  // namespace statusinfo::server
