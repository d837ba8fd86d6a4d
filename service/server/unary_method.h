// One way to serve a unary method, whatever the transport.
//
// A unary method is a function from its parsed request to its answer: an
// error, a response message, or a response serialized in advance (catalog
// entries are serialized once at start-up: serialized_catalog.h). A service
// lists its methods as UnaryMethods, one entry each, with the names the
// proto gives them (status_info_service.cc). A transport serves a method by
// handing `serve` a UnaryCall, its side of one call: the gRPC adapter's
// (raw_call.h) reads the request from the call's bytes and sends the answer
// as bytes; another transport (HTTP/JSON) implements the same four
// functions.
//
// Example:
//
//   UnaryMethod method = Unary(
//       "ListStatusCodes", [&](const v1::ListStatusCodesRequest& request) {
//         return core::ListStatusCodes(catalog, request);
//       });
//   method.serve(call);  // parses, answers, or fails the call
#ifndef STATUSINFO_SERVICE_SERVER_UNARY_METHOD_H_
#define STATUSINFO_SERVICE_SERVER_UNARY_METHOD_H_

#include <functional>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/slice.h"

namespace statusinfo::server {

// A `Message` serialized in advance: slices that, one after the other, are
// its wire format. The slices reference their bytes (a copy is a reference
// count), so answering with them copies no entry.
template <typename Message>
struct Serialized {
  absl::InlinedVector<grpc::Slice, 32> slices;
};

// The transport's side of one unary call. Exactly one of Reply,
// ReplySerialized and Fail is called, once.
class UnaryCall {
 public:
  virtual ~UnaryCall() = default;

  // Parses the request into `request`: INVALID_ARGUMENT naming the field
  // when it does not parse.
  virtual absl::Status ReadRequest(google::protobuf::Message& request) = 0;
  virtual void Reply(const google::protobuf::Message& response) = 0;
  // `response` is a serialized message of type `type`.
  virtual void ReplySerialized(absl::Span<const grpc::Slice> response,
                               const google::protobuf::Descriptor& type) = 0;
  // `error` is not OK; its payloads become the error's details.
  virtual void Fail(const absl::Status& error) = 0;
};

struct UnaryMethod {
  // The method's name in the proto, e.g. "GetStatusCode".
  std::string name;
  // The message types it reads and answers, checked against the proto's
  // when a service serves the method (raw_service.h).
  const google::protobuf::Descriptor* request_type = nullptr;
  const google::protobuf::Descriptor* response_type = nullptr;
  // Serves one call.
  std::function<void(UnaryCall&)> serve;
};

namespace unary_internal {

// What an answer function takes and gives, from its call operator:
// `Request` from its one parameter (const Request&), `Result` what it
// returns.
template <typename F>
struct AnswerTraits : AnswerTraits<decltype(&F::operator())> {};
template <typename C, typename R, typename A>
struct AnswerTraits<R (C::*)(const A&) const> {
  using Request = A;
  using Result = R;
};

// The answer without its absl::StatusOr, if any.
template <typename R>
struct Unwrap {
  using type = R;
};
template <typename R>
struct Unwrap<absl::StatusOr<R>> {
  using type = R;
};

// The message type an answer carries: itself, or what it holds serialized.
template <typename A>
struct ResponseOf {
  using type = A;
};
template <typename M>
struct ResponseOf<Serialized<M>> {
  using type = M;
};

inline void Send(UnaryCall& call, const google::protobuf::Message& response) {
  call.Reply(response);
}
template <typename M>
void Send(UnaryCall& call, const Serialized<M>& response) {
  call.ReplySerialized(response.slices, *M::descriptor());
}

template <typename R>
void Answer(UnaryCall& call, const R& result) {
  Send(call, result);
}
template <typename R>
void Answer(UnaryCall& call, const absl::StatusOr<R>& result) {
  if (!result.ok()) return call.Fail(result.status());
  Send(call, *result);
}

}  // namespace unary_internal

// The method `name` of a service: parses the request as the message type
// `answer` takes (a const reference to it is its one parameter), calls it,
// and sends what it returns: a response message or a Serialized one, or an
// absl::StatusOr of either (an error is sent as the error).
template <typename AnswerFn>
UnaryMethod Unary(std::string name, AnswerFn answer) {
  using Traits = unary_internal::AnswerTraits<AnswerFn>;
  using Request = typename Traits::Request;
  using Response = typename unary_internal::ResponseOf<
      typename unary_internal::Unwrap<typename Traits::Result>::type>::type;
  static_assert(std::is_base_of_v<google::protobuf::Message, Request> &&
                    std::is_base_of_v<google::protobuf::Message, Response>,
                "a unary method takes a message and answers one");
  return {std::move(name), Request::descriptor(), Response::descriptor(),
          [answer = std::move(answer)](UnaryCall& call) {
            Request request;
            if (absl::Status s = call.ReadRequest(request); !s.ok()) {
              return call.Fail(s);
            }
            unary_internal::Answer(call, answer(std::as_const(request)));
          }};
}

}  // namespace statusinfo::server

#endif  // STATUSINFO_SERVICE_SERVER_UNARY_METHOD_H_
