// One HTTP request to a route, as the UnaryCall (service/server/
// unary_method.h) that serves the route's method: the same UnaryMethod the
// gRPC server runs answers it, so both transports share validation, errors,
// limits and metrics.
//
// The request is transcoded (transcoding.h); the answer becomes JSON; an
// error becomes its google.rpc.Status as JSON, with the HTTP status that
// google.rpc.Code documents for its code, read from the catalog's gRPC
// entries (the data core::TranslateStatus answers from).
//
// Example:
//
//   HttpCall call(*match.route, match.bindings, query, body, catalog,
//                 metrics->FindMethod(path));
//   method->serve(call);
//   Send(call.http_status(), call.body());
#ifndef STATUSINFO_SERVICE_HTTP_HTTP_CALL_H_
#define STATUSINFO_SERVICE_HTTP_HTTP_CALL_H_

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "service/core/catalog.h"
#include "service/http/http_rules.h"
#include "service/server/metrics.h"
#include "service/server/unary_method.h"

namespace statusinfo::http {

// The JSON of answers serialized once at start-up (catalog entries, the
// answers of GetStatusCode and GetGrpcStatusCode): the same bytes always
// give the same JSON, so each one's is made once. Keyed by the bytes
// themselves, so it is right whatever their origin; bounded, so that
// answers made per call cannot fill it. Safe from any thread.
class JsonCache {
 public:
  // The JSON of `bytes`, a serialized `type`; empty when it does not parse.
  std::string Get(absl::string_view bytes,
                  const google::protobuf::Descriptor& type);

 private:
  // Catalog entries number a few hundred.
  static constexpr size_t kMaxEntries = 2048;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::string> json_ ABSL_GUARDED_BY(mu_);
};

// The HTTP status google.rpc.Code documents for `code`, from the catalog's
// gRPC entries; 500 for a code the catalog lacks.
int HttpStatusFor(const core::Catalog& catalog, absl::StatusCode code);

class HttpCall final : public server::UnaryCall {
 public:
  // All must outlive the call; `metrics` may be null (metrics off), and
  // `cache` (null: none) keeps the JSON of one-slice answers. Counts
  // the call as started, its request as received.
  HttpCall(const HttpRoute& route, const std::vector<Binding>& bindings,
           absl::string_view query, absl::string_view body,
           const core::Catalog& catalog,
           const server::ServerMetrics::MethodMetrics* metrics,
           JsonCache* cache = nullptr);

  absl::Status ReadRequest(google::protobuf::Message& request) override;
  void Reply(const google::protobuf::Message& response) override;
  void ReplySerialized(absl::Span<const grpc::Slice> response,
                       const google::protobuf::Descriptor& type) override;
  void Fail(const absl::Status& error) override;

  // The answer: 200 and the response, or the error's status and JSON. A call
  // left unanswered is INTERNAL (500).
  int http_status() const { return http_status_; }
  const std::string& body() const { return body_; }
  grpc::StatusCode code() const { return code_; }

 private:
  void Finish(absl::StatusCode code);

  const HttpRoute& route_;
  const std::vector<Binding>& bindings_;
  const absl::string_view query_;
  const absl::string_view request_body_;
  const core::Catalog& catalog_;
  const server::CallRecorder recorder_;
  JsonCache* const cache_;
  int http_status_ = 500;
  grpc::StatusCode code_ = grpc::StatusCode::INTERNAL;
  std::string body_;
};

}  // namespace statusinfo::http

#endif  // STATUSINFO_SERVICE_HTTP_HTTP_CALL_H_
