#include "service/core/request_parsing.h"

#include <string>

#include "absl/status/status.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "service/core/errors.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::core {
namespace {

namespace v1 = ::statusinfo::v1;

// Wire format by hand, so that the bytes can be what no protobuf library
// would write.
std::string Tag(int field, int wire_type) {
  return std::string(1, static_cast<char>(field << 3 | wire_type));
}
std::string Delimited(int field, const std::string& bytes) {
  return Tag(field, 2) + std::string(1, static_cast<char>(bytes.size())) +
         bytes;
}
std::string Varint(int field, unsigned value) {
  std::string out = Tag(field, 0);
  for (; value >= 0x80; value >>= 7) {
    out.push_back(static_cast<char>(value | 0x80));
  }
  out.push_back(static_cast<char>(value));
  return out;
}

google::rpc::BadRequest::FieldViolation Violation(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  auto payload = status.GetPayload(kBadRequestTypeUrl);
  EXPECT_TRUE(payload.has_value()) << status;
  if (payload.has_value()) bad_request.ParseFromString(std::string(*payload));
  EXPECT_EQ(bad_request.field_violations_size(), 1) << status;
  return bad_request.field_violations_size() == 1
             ? bad_request.field_violations(0)
             : google::rpc::BadRequest::FieldViolation();
}

TEST(RequestParsingTest, ParsesAValidRequest) {
  v1::ValidateResponseRequest request;
  request.set_request_method("GET");
  request.set_status_code(200);
  auto* header = request.add_headers();
  header->set_name("Content-Type");
  header->set_value("text/plain; charset=\xc3\xa9");
  v1::ValidateResponseRequest parsed;
  parsed.set_has_content(true);  // cleared by the parse
  ASSERT_TRUE(ParseRequest(request.SerializeAsString(), parsed).ok());
  EXPECT_EQ(parsed.SerializeAsString(), request.SerializeAsString());
}

TEST(RequestParsingTest, EmptyBytesAreTheDefaultRequest) {
  v1::GetStatusCodeRequest parsed;
  ASSERT_TRUE(ParseRequest("", parsed).ok());
  EXPECT_EQ(parsed.code(), 0);
}

TEST(RequestParsingTest, KeepsUnknownFields) {
  v1::GetStatusCodeRequest parsed;
  ASSERT_TRUE(ParseRequest(Varint(1, 42) + Varint(15, 7), parsed).ok());
  EXPECT_EQ(parsed.code(), 42);
  EXPECT_EQ(parsed.GetReflection()->GetUnknownFields(parsed).field_count(), 1);
}

TEST(RequestParsingTest, NamesATopLevelStringThatIsNotUtf8) {
  v1::SearchStatusCodesRequest parsed;
  const absl::Status s = ParseRequest(Delimited(1, "not \xff found"), parsed);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "query: is not valid UTF-8 (proto3 strings must be)");
  EXPECT_EQ(ErrorReason(s), "INVALID_UTF8");
  EXPECT_EQ(Violation(s).field(), "query");
}

TEST(RequestParsingTest, NamesANestedRepeatedStringByItsIndices) {
  // responses[1].headers[2].value, after valid elements before it.
  const std::string good_header =
      Delimited(3, Delimited(1, "A") + Delimited(2, "b"));
  const std::string bad_header =
      Delimited(3, Delimited(1, "C") + Delimited(2, "\xc0\x80"));
  const std::string first = Delimited(1, Varint(2, 200));
  const std::string second =
      Delimited(1, Varint(2, 200) + good_header + good_header + bad_header);
  v1::StreamValidateResponsesRequest parsed;
  const absl::Status s = ParseRequest(first + second, parsed);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Violation(s).field(), "responses[1].headers[2].value");
  EXPECT_EQ(ErrorReason(s), "INVALID_UTF8");
}

TEST(RequestParsingTest, NamesTheRequestWhenItIsNotWireFormat) {
  const std::string kNotProtobuf[] = {
      std::string("\x08\xff\xff\xff", 4),  // varint cut short
      std::string("\x0a\x05"
                  "ab",
                  4),              // length beyond the end
      std::string("\x00\x01", 2),  // field number 0
      "\x0c",                      // end-group with no start
      "\x0f",                      // wire type 7
  };
  for (const std::string& bytes : kNotProtobuf) {
    v1::GetStatusCodeRequest parsed;
    const absl::Status s = ParseRequest(bytes, parsed);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(s.message(),
              "request: is not a serialized statusinfo.v1.GetStatusCodeRequest"
              " (the bytes are not valid protobuf wire format)");
    EXPECT_EQ(ErrorReason(s), "MALFORMED_REQUEST");
    EXPECT_EQ(Violation(s).field(), "request");
  }
}

TEST(RequestParsingTest, NamesANestedMessageThatIsNotWireFormat) {
  const std::string bad_header = Delimited(3, std::string("\x08\xff", 2));
  v1::ValidateResponseRequest parsed;
  const absl::Status s =
      ParseRequest(Varint(2, 200) + Delimited(3, "") + bad_header, parsed);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Violation(s).field(), "headers[1]");
  EXPECT_EQ(ErrorReason(s), "MALFORMED_REQUEST");
  EXPECT_NE(s.message().find("statusinfo.v1.HttpHeader"),
            absl::string_view::npos)
      << s;
}

// A string field sent as a varint is an unknown field to protobuf, not an
// error; a bytes-typed unknown field need not be UTF-8.
TEST(RequestParsingTest, WrongWireTypesAndUnknownBytesAreNotErrors) {
  v1::SearchStatusCodesRequest parsed;
  EXPECT_TRUE(ParseRequest(Varint(1, 5), parsed).ok());
  EXPECT_TRUE(ParseRequest(Delimited(14, "\xff\xfe"), parsed).ok());
}

// What the field-by-field walk cannot pin down (a packed list of varints
// cut short inside its length) is blamed on the request as a whole.
TEST(RequestParsingTest, FallsBackToTheRequestWhenNoFieldIsToBlame) {
  v1::BatchGetStatusCodesRequest parsed;
  const absl::Status s = ParseRequest(Delimited(1, "\xc8"), parsed);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Violation(s).field(), "request");
  EXPECT_EQ(ErrorReason(s), "MALFORMED_REQUEST");
}

}  // namespace
}  // namespace statusinfo::core
