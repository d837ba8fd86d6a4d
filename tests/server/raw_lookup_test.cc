// The lookup methods and search answer from entries serialized once at
// start-up (service/server/serialized_catalog.h), and every method is a raw
// (byte) method. These tests read the bytes on the wire, through a
// generic stub, and check that they are exactly what the typed handlers
// sent before: the serialized catalog entries, the same errors with the
// same details, the same answer to a request that does not parse.
#include <algorithm>
#include <future>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "service/core/lookup.h"
#include "service/core/response_rules.h"
#include "service/core/search.h"
#include "service/server/grpc_status.h"
#include "tests/server/test_server.h"

namespace statusinfo::testing {
namespace {

constexpr char kGet[] = "/statusinfo.v1.StatusInfoService/GetStatusCode";
constexpr char kBatch[] =
    "/statusinfo.v1.StatusInfoService/BatchGetStatusCodes";
constexpr char kGetGrpc[] =
    "/statusinfo.v1.StatusInfoService/GetGrpcStatusCode";
constexpr char kValidate[] =
    "/statusinfo.v1.StatusInfoService/ValidateResponse";
constexpr char kSearch[] = "/statusinfo.v1.StatusInfoService/SearchStatusCodes";

struct RawResult {
  grpc::Status status;
  std::string bytes;  // the response message as sent
};

class RawLookupTest : public ServerTest {
 protected:
  RawResult Call(const std::string& method, const std::string& request) {
    grpc::GenericStub stub(channel_);
    auto context = ContextWithDeadline();
    grpc::Slice slice(request.data(), request.size());
    grpc::ByteBuffer in(&slice, 1);
    grpc::ByteBuffer out;
    std::promise<grpc::Status> done;
    stub.UnaryCall(context.get(), method, grpc::StubOptions(), &in, &out,
                   [&done](grpc::Status s) { done.set_value(std::move(s)); });
    RawResult result;
    result.status = done.get_future().get();
    if (result.status.ok()) {
      std::vector<grpc::Slice> slices;
      EXPECT_TRUE(out.Dump(&slices).ok());
      for (const grpc::Slice& s : slices) {
        result.bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
      }
    }
    return result;
  }

  RawResult Get(int code) {
    v1::GetStatusCodeRequest request;
    request.set_code(code);
    return Call(kGet, request.SerializeAsString());
  }

  // The details of a google.rpc.Status, as a sorted list of serialized
  // Any messages: absl::Status does not keep its payloads in order, so
  // neither do the details, whichever handler sends them.
  static std::vector<std::string> SortedDetails(const grpc::Status& status) {
    google::rpc::Status proto;
    EXPECT_TRUE(proto.ParseFromString(status.error_details()));
    EXPECT_EQ(proto.code(), status.error_code());
    EXPECT_EQ(proto.message(), status.error_message());
    std::vector<std::string> details;
    for (const auto& any : proto.details()) {
      details.push_back(any.SerializeAsString());
    }
    std::sort(details.begin(), details.end());
    return details;
  }

  // What the typed handler sends for a core error.
  static void ExpectSameError(const grpc::Status& got,
                              const absl::Status& core_error) {
    const grpc::Status want = server::ToGrpcStatus(core_error);
    EXPECT_EQ(got.error_code(), want.error_code());
    EXPECT_EQ(got.error_message(), want.error_message());
    EXPECT_EQ(SortedDetails(got), SortedDetails(want));
    EXPECT_FALSE(SortedDetails(got).empty());
  }
};

TEST_F(RawLookupTest, GetSendsTheSerializedCatalogEntry) {
  ASSERT_FALSE(server_->catalog().entries().empty());
  for (const v1::StatusCode* entry : server_->catalog().entries()) {
    RawResult r = Get(entry->code());
    ASSERT_TRUE(r.status.ok()) << entry->code() << r.status.error_message();
    EXPECT_EQ(r.bytes, entry->SerializeAsString()) << entry->code();
  }
}

TEST_F(RawLookupTest, GetErrorsAreTheCoresWithTheSameDetails) {
  for (int code : {42, 299, 600, 0, -1, 99, INT32_MIN, INT32_MAX}) {
    SCOPED_TRACE(code);
    RawResult r = Get(code);
    ASSERT_FALSE(r.status.ok());
    ExpectSameError(r.status,
                    core::GetStatusCode(server_->catalog(), code).status());
  }
}

TEST_F(RawLookupTest, BatchSendsTheSerializedResponse) {
  v1::BatchGetStatusCodesRequest request;
  v1::BatchGetStatusCodesResponse want;
  for (int code : {503, 404, 200, 404, 301}) {
    request.add_codes(code);
    *want.add_status_codes() = *server_->catalog().Find(code);
  }
  RawResult r = Call(kBatch, request.SerializeAsString());
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  EXPECT_EQ(r.bytes, want.SerializeAsString());
}

TEST_F(RawLookupTest, BatchOfEveryEntrySendsTheSerializedResponse) {
  v1::BatchGetStatusCodesRequest request;
  v1::BatchGetStatusCodesResponse want;
  for (const v1::StatusCode* entry : server_->catalog().entries()) {
    if (request.codes_size() == core::kMaxBatchSize) break;
    request.add_codes(entry->code());
    *want.add_status_codes() = *entry;
  }
  RawResult r = Call(kBatch, request.SerializeAsString());
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  EXPECT_EQ(r.bytes, want.SerializeAsString());
}

TEST_F(RawLookupTest, BatchErrorsAreTheCoresWithTheSameDetails) {
  std::vector<std::vector<int32_t>> cases = {{}, {200, 700}, {200, 299}};
  cases.emplace_back(core::kMaxBatchSize + 1, 200);
  for (const std::vector<int32_t>& codes : cases) {
    SCOPED_TRACE(codes.size());
    v1::BatchGetStatusCodesRequest request;
    for (int32_t c : codes) request.add_codes(c);
    RawResult r = Call(kBatch, request.SerializeAsString());
    ASSERT_FALSE(r.status.ok());
    ExpectSameError(
        r.status,
        core::BatchGetStatusCodes(server_->catalog(), codes).status());
  }
}

TEST_F(RawLookupTest, GetGrpcSendsTheSerializedCatalogEntry) {
  for (const v1::GrpcStatusCode* entry : server_->catalog().grpc_entries()) {
    v1::GetGrpcStatusCodeRequest request;
    request.set_code(entry->code());
    RawResult r = Call(kGetGrpc, request.SerializeAsString());
    ASSERT_TRUE(r.status.ok()) << entry->code();
    EXPECT_EQ(r.bytes, entry->SerializeAsString()) << entry->code();
  }
  v1::GetGrpcStatusCodeRequest request;
  request.set_code(17);
  RawResult r = Call(kGetGrpc, request.SerializeAsString());
  ExpectSameError(r.status,
                  core::GetGrpcStatusCode(server_->catalog(), 17).status());
}

// ValidateResponse is raw only to record its own metrics: it sends what
// serializing the core's result gives, and the core's limit errors.
TEST_F(RawLookupTest, ValidateResponseSendsTheSerializedResult) {
  v1::ValidateResponseRequest request;
  request.set_request_method("GET");
  request.set_status_code(401);
  request.set_has_content(true);
  v1::HttpHeader* header = request.add_headers();
  header->set_name("Content-Length");
  header->set_value("12");
  RawResult r = Call(kValidate, request.SerializeAsString());
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  const v1::ValidateResponseResponse want =
      core::ValidateResponse(server_->catalog(), request);
  EXPECT_FALSE(want.findings().empty());
  EXPECT_EQ(r.bytes, want.SerializeAsString());

  request.set_request_method(std::string(core::kMaxMethodBytes + 1, 'G'));
  r = Call(kValidate, request.SerializeAsString());
  ASSERT_FALSE(r.status.ok());
  ExpectSameError(r.status, core::CheckResponseLimits(request));
}

// A request that is not a valid message gets INVALID_ARGUMENT naming the
// request and its type (gRPC's typed handlers would answer UNIMPLEMENTED
// with no message).
TEST_F(RawLookupTest, UnparsableRequestIsInvalidArgumentNamingItsType) {
  const std::string garbage("\x0a\xff\xff\xff", 4);
  const std::pair<const char*, const char*> kMethods[] = {
      {kGet, "GetStatusCodeRequest"},
      {kBatch, "BatchGetStatusCodesRequest"},
      {kGetGrpc, "GetGrpcStatusCodeRequest"},
      {kValidate, "ValidateResponseRequest"}};
  for (const auto& [method, type] : kMethods) {
    SCOPED_TRACE(method);
    RawResult r = Call(method, garbage);
    EXPECT_EQ(r.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(r.status.error_message(),
              absl::StrCat("request: is not a serialized statusinfo.v1.", type,
                           " (the bytes are not valid protobuf wire format)"));
    const ErrorDetails details = DetailsOf(r.status);
    EXPECT_EQ(details.field, "request");
    EXPECT_EQ(details.reason, "MALFORMED_REQUEST");
  }
}

// A request larger than one HTTP/2 frame arrives in several slices and is
// parsed across them; when it does not parse, the field is still named.
TEST_F(RawLookupTest, LargeRequestsParseAcrossSlices) {
  v1::ValidateResponseRequest request;
  request.set_status_code(200);
  for (int i = 0; i < 40; ++i) {
    v1::HttpHeader* header = request.add_headers();
    header->set_name(absl::StrCat("X-", i));
    header->set_value(std::string(4000, 'v'));
  }
  std::string bytes = request.SerializeAsString();
  ASSERT_GT(bytes.size(), 150000u);
  RawResult r = Call(kValidate, bytes);
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  v1::ValidateResponseResponse want =
      core::ValidateResponse(server_->catalog(), request);
  EXPECT_EQ(r.bytes, want.SerializeAsString());

  // The last value's last byte made invalid: same length, so the same
  // framing, and no longer UTF-8.
  bytes.back() = '\xff';
  r = Call(kValidate, bytes);
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(r.status).field, "headers[39].value");
  EXPECT_EQ(DetailsOf(r.status).reason, "INVALID_UTF8");
}

// Search answers with the entries' bytes serialized at start-up, framed
// per call: the bytes must be what serializing the typed response gives,
// for one result, many, none, and the most a page may hold.
TEST_F(RawLookupTest, SearchBytesAreTheSerializedTypedResponse) {
  const core::SearchIndex index(server_->catalog());
  struct Query {
    const char* text;
    int page_size;
  };
  const Query kQueries[] = {{"not fuond", 0}, {"teapot", 1},    {"5", 100},
                            {"timeout", 0},   {"request", 100}, {"zzzzqqqq", 0},
                            {"gateway", 3}};
  for (const Query& q : kQueries) {
    SCOPED_TRACE(q.text);
    v1::SearchStatusCodesRequest request;
    request.set_query(q.text);
    request.set_page_size(q.page_size);
    const absl::StatusOr<v1::SearchStatusCodesResponse> want =
        index.Search(request);
    ASSERT_TRUE(want.ok()) << want.status();
    RawResult r = Call(kSearch, request.SerializeAsString());
    ASSERT_TRUE(r.status.ok()) << r.status.error_message();
    EXPECT_EQ(r.bytes, want->SerializeAsString());
  }
  // Errors are the typed ones, details and all.
  v1::SearchStatusCodesRequest empty;
  RawResult r = Call(kSearch, empty.SerializeAsString());
  ASSERT_FALSE(r.status.ok());
  ExpectSameError(r.status, index.Search(empty).status());
}

// Fields the request does not define are skipped, as by a typed handler.
TEST_F(RawLookupTest, UnknownRequestFieldsAreIgnored) {
  v1::GetStatusCodeRequest request;
  request.set_code(404);
  std::string bytes = request.SerializeAsString();
  bytes += std::string(
      "\x12\x03"
      "abc",
      5);  // field 2, a string
  RawResult r = Call(kGet, bytes);
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  EXPECT_EQ(r.bytes, server_->catalog().Find(404)->SerializeAsString());
}

}  // namespace
}  // namespace statusinfo::testing
