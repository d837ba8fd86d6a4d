#include "service/server/server_reflection.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1/reflection.pb.h"
#include "grpc/reflection/v1alpha/reflection.pb.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"
#include "service/server/grpc_status.h"
#include "service/server/raw_call.h"
#include "service/server/raw_service.h"

namespace statusinfo::server {
namespace {

namespace reflection = grpc::reflection::v1;
using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;
using Request = reflection::ServerReflectionRequest;

// Adds `file` and, depth first, every file it depends on, each once.
void AddFileAndDependencies(const FileDescriptor& file,
                            absl::flat_hash_set<const FileDescriptor*>& added,
                            reflection::FileDescriptorResponse& response) {
  if (!added.insert(&file).second) return;
  google::protobuf::FileDescriptorProto proto;
  file.CopyTo(&proto);
  proto.SerializeToString(response.add_file_descriptor_proto());
  for (int i = 0; i < file.dependency_count(); ++i) {
    AddFileAndDependencies(*file.dependency(i), added, response);
  }
}

absl::Status AnswerFile(const FileDescriptor* file, absl::string_view field,
                        absl::string_view name,
                        reflection::ServerReflectionResponse& response) {
  if (file == nullptr) {
    return absl::NotFoundError(absl::StrCat(field, ": no \"", name, "\""));
  }
  absl::flat_hash_set<const FileDescriptor*> added;
  AddFileAndDependencies(*file, added,
                         *response.mutable_file_descriptor_response());
  return absl::OkStatus();
}

absl::Status AnswerExtension(const reflection::ExtensionRequest& request,
                             reflection::ServerReflectionResponse& response) {
  const DescriptorPool& pool = *DescriptorPool::generated_pool();
  const google::protobuf::Descriptor* type =
      pool.FindMessageTypeByName(request.containing_type());
  if (type == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("file_containing_extension.containing_type: no \"",
                     request.containing_type(), "\""));
  }
  const google::protobuf::FieldDescriptor* extension =
      pool.FindExtensionByNumber(type, request.extension_number());
  if (extension == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        "file_containing_extension.extension_number: ", type->full_name(),
        " has no extension ", request.extension_number()));
  }
  return AnswerFile(extension->file(), "", "", response);
}

absl::Status AnswerExtensionNumbers(
    const std::string& type_name,
    reflection::ServerReflectionResponse& response) {
  const DescriptorPool& pool = *DescriptorPool::generated_pool();
  const google::protobuf::Descriptor* type =
      pool.FindMessageTypeByName(type_name);
  if (type == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("all_extension_numbers_of_type: no \"", type_name, "\""));
  }
  std::vector<const google::protobuf::FieldDescriptor*> extensions;
  pool.FindAllExtensions(type, &extensions);
  reflection::ExtensionNumberResponse& numbers =
      *response.mutable_all_extension_numbers_response();
  numbers.set_base_type_name(type_name);
  for (const google::protobuf::FieldDescriptor* extension : extensions) {
    numbers.add_extension_number(extension->number());
  }
  return absl::OkStatus();
}

// The answer to one request, whatever it asks: a failure goes into
// error_response, and the stream goes on.
void Answer(const Request& request, const std::vector<std::string>& services,
            reflection::ServerReflectionResponse& response) {
  const DescriptorPool& pool = *DescriptorPool::generated_pool();
  absl::Status status;
  switch (request.message_request_case()) {
    case Request::kFileByFilename:
      status =
          AnswerFile(pool.FindFileByName(request.file_by_filename()),
                     "file_by_filename", request.file_by_filename(), response);
      break;
    case Request::kFileContainingSymbol:
      status = AnswerFile(
          pool.FindFileContainingSymbol(request.file_containing_symbol()),
          "file_containing_symbol", request.file_containing_symbol(), response);
      break;
    case Request::kFileContainingExtension:
      status = AnswerExtension(request.file_containing_extension(), response);
      break;
    case Request::kAllExtensionNumbersOfType:
      status = AnswerExtensionNumbers(request.all_extension_numbers_of_type(),
                                      response);
      break;
    case Request::kListServices:
      for (const std::string& name : services) {
        response.mutable_list_services_response()->add_service()->set_name(
            name);
      }
      break;
    case Request::MESSAGE_REQUEST_NOT_SET:
      status = absl::UnimplementedError(
          "message_request: none of the request kinds this server knows");
      break;
  }
  if (!status.ok()) {
    response.mutable_error_response()->set_error_code(
        static_cast<int>(status.code()));
    response.mutable_error_response()->set_error_message(
        std::string(status.message()));
  }
  response.set_valid_host(request.host());
  *response.mutable_original_request() = request;
}

}  // namespace

// One reflection stream: reads a request, writes its answer, and only then
// reads the next, so that a client that never reads holds one answer.
//
// Lock order: ServerReflection::mu_, then Stream::mu_. The stream never
// takes the service's lock while holding its own.
class ServerReflection::Stream final : public RawService::BidiReactor {
 public:
  explicit Stream(ServerReflection* owner) : owner_(owner) {
    absl::MutexLock lock(&mu_);
    StartRead(&request_bytes_);
  }

  // Finishes the call with `status`, after the answer being written.
  void End(const grpc::Status& status) {
    absl::MutexLock lock(&mu_);
    EndLocked(status);
  }

  void OnReadDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    if (end_.ended()) return;
    if (!ok) {
      // The client half-closed: everything it sent has been answered.
      EndLocked(grpc::Status::OK);
      return;
    }
    Request request;
    absl::Status parsed = ParseRequest(request_bytes_, request);
    request_bytes_.Clear();
    if (!parsed.ok()) {
      EndLocked(ToGrpcStatus(parsed));
      return;
    }
    reflection::ServerReflectionResponse response;
    Answer(request, owner_->services_, response);
    grpc::Slice bytes = Serialize(response);
    grpc::ByteBuffer buffer(&bytes, 1);
    response_bytes_.Swap(&buffer);
    end_.StartWrite();
    StartWrite(&response_bytes_);
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    end_.WriteDone();
    response_bytes_.Clear();
    if (auto later = end_.TakeFinish()) {
      Finish(*later);
    } else if (!ok) {
      EndLocked(
          grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    } else if (!end_.ended()) {
      StartRead(&request_bytes_);
    }
  }

  void OnDone() override {
    owner_->streams_.Remove(this);
    delete this;
  }

 private:
  void EndLocked(const grpc::Status& status)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (auto now = end_.End(status)) Finish(*now);
  }

  ServerReflection* const owner_;
  absl::Mutex mu_;
  grpc::ByteBuffer request_bytes_ ABSL_GUARDED_BY(mu_);
  grpc::ByteBuffer response_bytes_ ABSL_GUARDED_BY(mu_);
  CallEnd end_ ABSL_GUARDED_BY(mu_);
};

// One of the two services: the one method, served by a Stream.
class ServerReflection::Version final : public RawService {
 public:
  Version(const google::protobuf::ServiceDescriptor& service,
          const ServerMetrics* metrics, ServerReflection* reflection)
      : RawService(service, metrics) {
    ServeBidi("ServerReflectionInfo",
              [reflection](grpc::CallbackServerContext* /*context*/) {
                auto* stream = new Stream(reflection);
                reflection->streams_.Add(stream);
                return stream;
              });
  }
};

ServerReflection::ServerReflection(std::vector<std::string> services,
                                   const ServerMetrics* metrics)
    : services_(std::move(services)),
      // Through the generated messages, which links their descriptors in.
      v1_(std::make_unique<Version>(
          *reflection::ServerReflectionRequest::descriptor()->file()->service(
              0),
          metrics, this)),
      v1alpha_(std::make_unique<Version>(
          *grpc::reflection::v1alpha::ServerReflectionRequest::descriptor()
               ->file()
               ->service(0),
          metrics, this)) {}

// streams_ waits for the last stream to finish.
ServerReflection::~ServerReflection() = default;

absl::Status ServerReflection::status() const {
  if (absl::Status s = v1_->status(); !s.ok()) return s;
  return v1alpha_->status();
}

grpc::Service& ServerReflection::v1() { return *v1_; }
grpc::Service& ServerReflection::v1alpha() { return *v1alpha_; }

void ServerReflection::Shutdown() { streams_.Shutdown(); }

}  // namespace statusinfo::server
