#include "service/http/http_call.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "google/protobuf/message.h"
#include "service/core/errors.h"
#include "service/http/transcoding.h"

namespace statusinfo::http {

std::string JsonCache::Get(absl::string_view bytes,
                           const google::protobuf::Descriptor& type) {
  std::string key = absl::StrCat(type.full_name(), "\n", bytes);
  {
    absl::ReaderMutexLock lock(&mu_);
    if (auto it = json_.find(key); it != json_.end()) return it->second;
  }
  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          &type);
  std::unique_ptr<google::protobuf::Message> message(prototype->New());
  if (!message->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return "";
  }
  std::string json = ToJson(*message);
  absl::MutexLock lock(&mu_);
  if (json_.size() < kMaxEntries) json_.emplace(std::move(key), json);
  return json;
}

int HttpStatusFor(const core::Catalog& catalog, absl::StatusCode code) {
  const v1::GrpcStatusCode* entry = catalog.FindGrpc(static_cast<int>(code));
  return entry != nullptr && entry->http_status_code() != 0
             ? entry->http_status_code()
             : 500;
}

HttpCall::HttpCall(const HttpRoute& route, const std::vector<Binding>& bindings,
                   absl::string_view query, absl::string_view body,
                   const core::Catalog& catalog,
                   const server::ServerMetrics::MethodMetrics* metrics,
                   JsonCache* cache)
    : route_(route),
      bindings_(bindings),
      query_(query),
      request_body_(body),
      catalog_(catalog),
      recorder_(metrics),
      cache_(cache) {
  recorder_.MessageReceived();
  body_ = ErrorToJson(absl::InternalError("the call got no answer"));
}

absl::Status HttpCall::ReadRequest(google::protobuf::Message& request) {
  return TranscodeRequest(route_, bindings_, query_, request_body_, request);
}

void HttpCall::Reply(const google::protobuf::Message& response) {
  body_ = ToJson(response);
  http_status_ = 200;
  recorder_.MessageSent();
  Finish(absl::StatusCode::kOk);
}

void HttpCall::ReplySerialized(absl::Span<const grpc::Slice> response,
                               const google::protobuf::Descriptor& type) {
  // The entries were serialized for gRPC; JSON needs the message back. A
  // one-slice answer (a catalog entry) is converted once (JsonCache).
  std::string bytes;
  for (const grpc::Slice& slice : response) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  std::string json;
  if (cache_ != nullptr && response.size() == 1) {
    json = cache_->Get(bytes, type);
  } else {
    const google::protobuf::Message* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(
            &type);
    std::unique_ptr<google::protobuf::Message> message(prototype->New());
    if (message->ParseFromString(bytes)) json = ToJson(*message);
  }
  if (json.empty()) {
    return Fail(absl::InternalError("a serialized answer did not parse"));
  }
  body_ = std::move(json);
  http_status_ = 200;
  recorder_.MessageSent();
  Finish(absl::StatusCode::kOk);
}

void HttpCall::Fail(const absl::Status& error) {
  body_ = ErrorToJson(error);
  http_status_ = HttpStatusFor(catalog_, error.code());
  Finish(error.code());
}

void HttpCall::Finish(absl::StatusCode code) {
  code_ = static_cast<grpc::StatusCode>(code);
  recorder_.Finish(code_);
}

}  // namespace statusinfo::http
