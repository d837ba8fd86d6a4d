// The rows of the bad-input matrix (bad_input_matrix_test.cc): requests as
// bytes, each with the exact answer it must get, and the wire-format helpers
// the test's stream rows use too.
#ifndef STATUSINFO_TESTS_SERVER_BAD_INPUT_ROWS_H_
#define STATUSINFO_TESTS_SERVER_BAD_INPUT_ROWS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "google/protobuf/message_lite.h"
#include "google/protobuf/repeated_field.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/status.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::testing {

namespace v1 = ::statusinfo::v1;

inline constexpr int kReceiveLimit = 1 << 20;  // ConnectionLimits' default

using grpc::StatusCode;
inline constexpr StatusCode kOk = StatusCode::OK;
inline constexpr StatusCode kInvalid = StatusCode::INVALID_ARGUMENT;
inline constexpr StatusCode kNotFound = StatusCode::NOT_FOUND;
inline constexpr StatusCode kTooBig = StatusCode::RESOURCE_EXHAUSTED;

// "/statusinfo.v1.StatusInfoService/<name>".
std::string Method(const std::string& name);
std::string Serialize(const google::protobuf::MessageLite& message);
// Hand-serialized protobuf: a varint, and a length-delimited field.
std::string Varint(uint64_t value);
std::string LengthDelimited(int field, const std::string& bytes);
// Bytes that are not UTF-8.
const std::string& NotUtf8();
// A string field `field` whose message is exactly `total` bytes long.
std::string FieldOfTotalSize(int field, int total);
grpc::ByteBuffer ToBuffer(const std::string& bytes);
std::string FromBuffer(const grpc::ByteBuffer& buffer);

// A well-formed response head that the rules accept.
v1::ValidateResponseRequest GoodHead();
// Appends `n` small header fields.
void AddHeaders(google::protobuf::RepeatedPtrField<v1::HttpHeader>* headers,
                int n);

template <typename Request>
std::string WithCode(int32_t code) {
  Request request;
  request.set_code(code);
  return Serialize(request);
}

// Checks an OK answer's bytes; returns "" or what is wrong.
using ResponseCheck = std::function<std::string(const std::string&)>;

struct UnaryRow {
  std::string name;
  std::string method;  // short name, e.g. "GetStatusCode"
  std::string request;
  grpc::StatusCode code;
  std::string field = "";  // the BadRequest field, for INVALID_ARGUMENT
  ResponseCheck check = nullptr;
  std::string reason = "";  // the ErrorInfo reason, when the row names one
};

// Every unary row: each method against out-of-range numbers, empty and
// over-long strings, bytes that are not UTF-8 or not protobuf, oversized
// messages and unknown fields; and an unknown method.
std::vector<UnaryRow> UnaryRows();

}  // namespace statusinfo::testing

#endif  // STATUSINFO_TESTS_SERVER_BAD_INPUT_ROWS_H_
