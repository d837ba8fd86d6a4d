#include "tests/server/bad_input_rows.h"

#include <climits>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/message_lite.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "service/core/listing.h"
#include "service/core/lookup.h"
#include "service/core/response_rules.h"
#include "service/core/search.h"
#include "service/core/status_line.h"

namespace statusinfo::testing {

std::string Method(const std::string& name) {
  return absl::StrCat("/statusinfo.v1.StatusInfoService/", name);
}

std::string Serialize(const google::protobuf::MessageLite& message) {
  std::string out;
  EXPECT_TRUE(message.SerializeToString(&out));
  return out;
}

// Hand-serialized protobuf: a varint, and a length-delimited field.
std::string Varint(uint64_t value) {
  std::string out;
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
  return out;
}
std::string LengthDelimited(int field, const std::string& bytes) {
  return absl::StrCat(Varint((static_cast<uint64_t>(field) << 3) | 2),
                      Varint(bytes.size()), bytes);
}

// Bytes that are not UTF-8: a lone continuation byte, an overlong "/" and
// a truncated three-byte sequence.
const std::string& NotUtf8() {
  static const std::string* const bytes =
      new std::string("HTTP/1.1 200 \x80\xc0\xaf\xe2\x82");
  return *bytes;
}

// A string field `field` whose message is exactly `total` bytes long (for
// totals where the length varint takes 3 bytes).
std::string FieldOfTotalSize(int field, int total) {
  const int tag =
      static_cast<int>(Varint((static_cast<uint64_t>(field) << 3) | 2).size());
  std::string probe = LengthDelimited(field, std::string(total - tag - 3, 'a'));
  EXPECT_EQ(static_cast<int>(probe.size()), total);
  return probe;
}

grpc::ByteBuffer ToBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string FromBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  for (const grpc::Slice& s : slices) {
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return out;
}

// A well-formed response head that the rules accept.
v1::ValidateResponseRequest GoodHead() {
  v1::ValidateResponseRequest request;
  request.set_request_method("GET");
  request.set_status_code(200);
  request.set_has_content(true);
  v1::HttpHeader* header = request.add_headers();
  header->set_name("Content-Type");
  header->set_value("text/plain");
  return request;
}

void AddHeaders(google::protobuf::RepeatedPtrField<v1::HttpHeader>* headers,
                int n) {
  for (int i = 0; i < n; ++i) {
    v1::HttpHeader* header = headers->Add();
    header->set_name(absl::StrCat("X-H", i));
    header->set_value("v");
  }
}

namespace {

template <typename Response>
ResponseCheck Expect(std::function<std::string(const Response&)> check) {
  return [check](const std::string& bytes) -> std::string {
    Response response;
    if (!response.ParseFromString(bytes)) return "response does not parse";
    return check(response);
  };
}

// A request that is not protobuf wire format: the request as a whole is
// named.
UnaryRow Malformed(std::string name, std::string method, std::string bytes) {
  return {std::move(name),    std::move(method),
          std::move(bytes),   grpc::StatusCode::INVALID_ARGUMENT,
          "request",          nullptr,
          "MALFORMED_REQUEST"};
}

// A request with a string that is not UTF-8 at `field`.
UnaryRow NotUtf8Row(std::string name, std::string method, std::string bytes,
                    std::string field) {
  return {std::move(name),  std::move(method),
          std::move(bytes), grpc::StatusCode::INVALID_ARGUMENT,
          std::move(field), nullptr,
          "INVALID_UTF8"};
}

// --- Request builders. ---

std::string Batch(const std::vector<int32_t>& codes) {
  v1::BatchGetStatusCodesRequest request;
  for (int32_t c : codes) request.add_codes(c);
  return Serialize(request);
}

std::string BatchOf(int n, int32_t code) {
  return Batch(std::vector<int32_t>(n, code));
}

std::string ListPage(int32_t page_size, const std::string& token = "",
                     int status_class = 0) {
  v1::ListStatusCodesRequest request;
  request.set_page_size(page_size);
  request.set_page_token(token);
  request.set_status_class(static_cast<v1::StatusClass>(status_class));
  request.set_include_unofficial(true);
  return Serialize(request);
}

std::string GrpcListPage(int32_t page_size, const std::string& token = "") {
  v1::ListGrpcStatusCodesRequest request;
  request.set_page_size(page_size);
  request.set_page_token(token);
  return Serialize(request);
}

std::string Line(const std::string& line) {
  v1::ValidateStatusLineRequest request;
  request.set_status_line(line);
  return Serialize(request);
}

std::string Search(const std::string& query, int32_t page_size = 0) {
  v1::SearchStatusCodesRequest request;
  request.set_query(query);
  request.set_page_size(page_size);
  return Serialize(request);
}

std::string TranslateHttp(int32_t code) {
  v1::TranslateStatusRequest request;
  request.set_http_status_code(code);
  return Serialize(request);
}

std::string TranslateGrpc(int32_t code) {
  v1::TranslateStatusRequest request;
  request.set_grpc_code(code);
  return Serialize(request);
}

std::string Head(const std::function<void(v1::ValidateResponseRequest&)>& f) {
  v1::ValidateResponseRequest request = GoodHead();
  f(request);
  return Serialize(request);
}

ResponseCheck EntryIs(int code, const std::string& phrase) {
  return Expect<v1::StatusCode>([=](const v1::StatusCode& r) -> std::string {
    if (r.code() == code && r.reason_phrase() == phrase) return "";
    return absl::StrCat("got ", r.code(), " ", r.reason_phrase());
  });
}

ResponseCheck BatchSizeIs(int n) {
  return Expect<v1::BatchGetStatusCodesResponse>(
      [=](const v1::BatchGetStatusCodesResponse& r) -> std::string {
        if (r.status_codes_size() == n) return "";
        return absl::StrCat("got ", r.status_codes_size(), " entries");
      });
}

// A page of `expected` entries, or min(total, kMaxPageSize) when negative.
ResponseCheck PageSizeIs(int expected) {
  return Expect<v1::ListStatusCodesResponse>(
      [=](const v1::ListStatusCodesResponse& r) -> std::string {
        const int want = expected >= 0
                             ? expected
                             : std::min(r.total_size(), core::kMaxPageSize);
        if (r.status_codes_size() == want) return "";
        return absl::StrCat("got ", r.status_codes_size(), " entries of ",
                            r.total_size(), ", want ", want);
      });
}

ResponseCheck GrpcPageSizeIs(int n) {
  return Expect<v1::ListGrpcStatusCodesResponse>(
      [=](const v1::ListGrpcStatusCodesResponse& r) -> std::string {
        if (r.grpc_status_codes_size() == n) return "";
        return absl::StrCat("got ", r.grpc_status_codes_size(), " entries");
      });
}

ResponseCheck Validity(int code, bool valid) {
  return Expect<v1::ValidateStatusCodeResponse>(
      [=](const v1::ValidateStatusCodeResponse& r) -> std::string {
        if (r.code() == code && r.valid() == valid) return "";
        return absl::StrCat("got code ", r.code(), " valid ", r.valid());
      });
}

ResponseCheck LineValidity(bool valid) {
  return Expect<v1::ValidateStatusLineResponse>(
      [=](const v1::ValidateStatusLineResponse& r) -> std::string {
        if (r.valid() == valid) return "";
        return absl::StrCat("got valid ", r.valid());
      });
}

ResponseCheck HeadValidity(bool valid) {
  return Expect<v1::ValidateResponseResponse>(
      [=](const v1::ValidateResponseResponse& r) -> std::string {
        if (r.valid() == valid) return "";
        return absl::StrCat("got valid ", r.valid(), " with ",
                            r.findings_size(), " findings");
      });
}

ResponseCheck AtMostResults(int n) {
  return Expect<v1::SearchStatusCodesResponse>(
      [=](const v1::SearchStatusCodesResponse& r) -> std::string {
        if (r.results_size() >= 1 && r.results_size() <= n) return "";
        return absl::StrCat("got ", r.results_size(), " results");
      });
}

ResponseCheck HasTranslations() {
  return Expect<v1::TranslateStatusResponse>(
      [](const v1::TranslateStatusResponse& r) -> std::string {
        return r.translations_size() > 0 ? "" : "no translations";
      });
}

ResponseCheck GrpcEntryIs(int code, const std::string& name) {
  return Expect<v1::GrpcStatusCode>(
      [=](const v1::GrpcStatusCode& r) -> std::string {
        if (r.code() == code && r.name() == name) return "";
        return absl::StrCat("got ", r.code(), " ", r.name());
      });
}

// Rows every method gets: bytes that are not a protobuf, a message over the
// receive limit, and an unknown field (ignored).
void AddCommonRows(std::vector<UnaryRow>& rows, const std::string& method,
                   StatusCode empty_code, const std::string& empty_field) {
  rows.push_back(
      {"empty message (all defaults)", method, "", empty_code, empty_field});
  // Field 1 as a varint whose continuation never ends.
  rows.push_back(Malformed("malformed: truncated varint", method,
                           std::string("\x08\xff\xff\xff", 4)));
  // A length-delimited field claiming more bytes than follow.
  rows.push_back(Malformed("malformed: truncated length", method,
                           "\x0a\x10"
                           "abc"));
  // Field number 0 is invalid.
  rows.push_back(Malformed("malformed: field number 0", method,
                           std::string("\x00\x01", 2)));
  // End-group tag with no start group.
  rows.push_back(Malformed("malformed: stray end-group", method, "\x0c"));
  rows.push_back(Malformed("malformed: random bytes", method,
                           std::string("\xde\xad\xbe\xef\xff\x00\x13\x37", 8)));
  rows.push_back({"message of 1 MiB + 1 byte (unknown field)", method,
                  FieldOfTotalSize(99, kReceiveLimit + 1), kTooBig});
  rows.push_back({"message of 8 MiB", method,
                  LengthDelimited(99, std::string(8 << 20, 'z')), kTooBig});
}

}  // namespace

std::vector<UnaryRow> UnaryRows() {
  std::vector<UnaryRow> rows;
  const std::vector<int32_t> out_of_range = {-1,        0,         99,  600,
                                             INT32_MIN, INT32_MAX, -404};

  // GetStatusCode: 100-599; in range but not in the catalog is NOT_FOUND.
  {
    const std::string m = "GetStatusCode";
    for (int32_t c : out_of_range) {
      rows.push_back({absl::StrCat("code ", c), m,
                      WithCode<v1::GetStatusCodeRequest>(c), kInvalid, "code"});
    }
    rows.push_back({"code 100", m, WithCode<v1::GetStatusCodeRequest>(100), kOk,
                    "", EntryIs(100, "Continue")});
    rows.push_back({"code 404", m, WithCode<v1::GetStatusCodeRequest>(404), kOk,
                    "", EntryIs(404, "Not Found")});
    rows.push_back({"code 150 (unassigned)", m,
                    WithCode<v1::GetStatusCodeRequest>(150), kNotFound});
    rows.push_back({"code 599 (unassigned or unofficial)", m,
                    WithCode<v1::GetStatusCodeRequest>(597), kNotFound});
    // Field 1 sent as a string: a wire-type mismatch is an unknown field, so
    // code stays 0.
    rows.push_back({"code sent with the wrong wire type", m,
                    LengthDelimited(1, "404"), kInvalid, "code"});
    AddCommonRows(rows, m, kInvalid, "code");
  }

  // BatchGetStatusCodes: 1 to 100 codes, all or nothing.
  {
    const std::string m = "BatchGetStatusCodes";
    rows.push_back({"empty batch", m, Batch({}), kInvalid, "codes"});
    rows.push_back({"1 code", m, Batch({404}), kOk, "", BatchSizeIs(1)});
    rows.push_back({"100 codes (the limit)", m,
                    BatchOf(core::kMaxBatchSize, 200), kOk, "",
                    BatchSizeIs(core::kMaxBatchSize)});
    rows.push_back({"101 codes", m, BatchOf(core::kMaxBatchSize + 1, 200),
                    kInvalid, "codes"});
    rows.push_back({"10000 codes", m, BatchOf(10000, 200), kInvalid, "codes"});
    for (int32_t c : out_of_range) {
      rows.push_back({absl::StrCat("code ", c, " at index 1"), m,
                      Batch({200, c, 404}), kInvalid, "codes[1]"});
    }
    rows.push_back({"unassigned code at index 2", m, Batch({200, 404, 150}),
                    kNotFound, "codes[2]"});
    AddCommonRows(rows, m, kInvalid, "codes");
  }

  // ListStatusCodes: negative page_size is an error; above 1000 clamps.
  {
    const std::string m = "ListStatusCodes";
    rows.push_back({"page_size -1", m, ListPage(-1), kInvalid, "page_size"});
    rows.push_back(
        {"page_size INT32_MIN", m, ListPage(INT32_MIN), kInvalid, "page_size"});
    rows.push_back({"page_size 0 (default 50)", m, ListPage(0), kOk, "",
                    PageSizeIs(core::kDefaultPageSize)});
    rows.push_back({"page_size 1", m, ListPage(1), kOk, "", PageSizeIs(1)});
    rows.push_back({"page_size 1000 (the maximum)", m,
                    ListPage(core::kMaxPageSize), kOk, "", PageSizeIs(-1)});
    rows.push_back({"page_size 1001 (clamps)", m,
                    ListPage(core::kMaxPageSize + 1), kOk, "", PageSizeIs(-1)});
    rows.push_back({"page_size INT32_MAX (clamps)", m, ListPage(INT32_MAX), kOk,
                    "", PageSizeIs(-1)});
    rows.push_back({"page_token garbage", m, ListPage(10, "garbage"), kInvalid,
                    "page_token"});
    rows.push_back({"page_token of 1 MiB - 64 bytes", m,
                    ListPage(10, std::string(kReceiveLimit - 64, 't')),
                    kInvalid, "page_token"});
    rows.push_back(NotUtf8Row("page_token not UTF-8", m,
                              LengthDelimited(2, NotUtf8()), "page_token"));
    rows.push_back({"status_class 99 (unknown enum value)", m,
                    ListPage(10, "", 99), kInvalid, "status_class"});
    rows.push_back(
        {"status_class -1", m, ListPage(10, "", -1), kInvalid, "status_class"});
    AddCommonRows(rows, m, kOk, "");
  }

  // ValidateStatusCode: any int32 is an answer, never an error.
  {
    const std::string m = "ValidateStatusCode";
    for (int32_t c : out_of_range) {
      rows.push_back({absl::StrCat("code ", c), m,
                      WithCode<v1::ValidateStatusCodeRequest>(c), kOk, "",
                      Validity(c, false)});
    }
    for (int32_t c : {100, 404, 150, 599}) {
      rows.push_back({absl::StrCat("code ", c), m,
                      WithCode<v1::ValidateStatusCodeRequest>(c), kOk, "",
                      Validity(c, true)});
    }
    AddCommonRows(rows, m, kOk, "");
  }

  // ValidateStatusLine: at most 8192 bytes; problems are findings.
  {
    const std::string m = "ValidateStatusLine";
    const int limit = core::kMaxStatusLineBytes;
    rows.push_back({"empty line", m, Line(""), kOk, "", LineValidity(false)});
    rows.push_back({"HTTP/1.1 404 Not Found", m, Line("HTTP/1.1 404 Not Found"),
                    kOk, "", LineValidity(true)});
    rows.push_back({"8192 bytes (the limit)", m,
                    Line("HTTP/1.1 200 " + std::string(limit - 13, 'a')), kOk,
                    "", LineValidity(true)});
    rows.push_back({"8193 bytes", m,
                    Line("HTTP/1.1 200 " + std::string(limit - 12, 'a')),
                    kInvalid, "status_line"});
    rows.push_back(
        {"code 0", m, Line("HTTP/1.1 000 Zero"), kOk, "", LineValidity(false)});
    rows.push_back(
        {"code 99", m, Line("HTTP/1.1 99 X"), kOk, "", LineValidity(false)});
    rows.push_back(
        {"code 600", m, Line("HTTP/1.1 600 X"), kOk, "", LineValidity(false)});
    rows.push_back(
        {"code -1", m, Line("HTTP/1.1 -1 X"), kOk, "", LineValidity(false)});
    rows.push_back({"code 2147483648", m, Line("HTTP/1.1 2147483648 X"), kOk,
                    "", LineValidity(false)});
    rows.push_back({"NUL bytes", m, Line(std::string("HTTP/1.1 200 O\0K", 16)),
                    kOk, "", LineValidity(false)});
    rows.push_back(NotUtf8Row("not UTF-8", m, LengthDelimited(1, NotUtf8()),
                              "status_line"));
    rows.push_back({"message of exactly 1 MiB", m,
                    FieldOfTotalSize(1, kReceiveLimit), kInvalid,
                    "status_line"});
    rows.push_back({"message of 1 MiB + 1 byte", m,
                    FieldOfTotalSize(1, kReceiveLimit + 1), kTooBig});
    rows.push_back(
        {"line of 1 MiB", m, Line(std::string(kReceiveLimit, 'x')), kTooBig});
    AddCommonRows(rows, m, kOk, "");
  }

  // ValidateResponse: method 64, version 16, 256 headers, name 256, value
  // 8192; the same for request_headers, except that a request header field
  // over a size limit is left out and reported, not refused.
  {
    const std::string m = "ValidateResponse";
    using R = v1::ValidateResponseRequest;
    rows.push_back(
        {"a good head", m, Head([](R&) {}), kOk, "", HeadValidity(true)});
    rows.push_back({"empty method (unknown)", m,
                    Head([](R& r) { r.set_request_method(""); }), kOk});
    rows.push_back({"method of 64 bytes", m, Head([](R& r) {
                      r.set_request_method(
                          std::string(core::kMaxMethodBytes, 'M'));
                    }),
                    kOk});
    rows.push_back({"method of 65 bytes", m, Head([](R& r) {
                      r.set_request_method(
                          std::string(core::kMaxMethodBytes + 1, 'M'));
                    }),
                    kInvalid, "request_method"});
    rows.push_back({"version of 16 bytes", m, Head([](R& r) {
                      r.set_http_version(
                          "HTTP/" +
                          std::string(core::kMaxVersionBytes - 5, '1'));
                    }),
                    kOk});
    rows.push_back({"version of 17 bytes", m, Head([](R& r) {
                      r.set_http_version(
                          "HTTP/" +
                          std::string(core::kMaxVersionBytes - 4, '1'));
                    }),
                    kInvalid, "http_version"});
    rows.push_back({"256 headers (the limit)", m, Head([](R& r) {
                      r.clear_headers();
                      AddHeaders(r.mutable_headers(), core::kMaxHeaders);
                    }),
                    kOk});
    rows.push_back({"257 headers", m, Head([](R& r) {
                      r.clear_headers();
                      AddHeaders(r.mutable_headers(), core::kMaxHeaders + 1);
                    }),
                    kInvalid, "headers"});
    rows.push_back({"5000 headers", m,
                    Head([](R& r) { AddHeaders(r.mutable_headers(), 5000); }),
                    kInvalid, "headers"});
    rows.push_back({"257 request headers", m, Head([](R& r) {
                      AddHeaders(r.mutable_request_headers(),
                                 core::kMaxHeaders + 1);
                    }),
                    kInvalid, "request_headers"});
    rows.push_back({"header name of 256 bytes", m, Head([](R& r) {
                      r.mutable_headers(0)->set_name(
                          std::string(core::kMaxHeaderNameBytes, 'n'));
                    }),
                    kOk});
    rows.push_back({"header name of 257 bytes", m, Head([](R& r) {
                      r.mutable_headers(0)->set_name(
                          std::string(core::kMaxHeaderNameBytes + 1, 'n'));
                    }),
                    kInvalid, "headers[0].name"});
    rows.push_back({"header value of 8192 bytes", m, Head([](R& r) {
                      r.mutable_headers(0)->set_value(
                          std::string(core::kMaxHeaderValueBytes, 'v'));
                    }),
                    kOk});
    rows.push_back({"header value of 8193 bytes", m, Head([](R& r) {
                      r.mutable_headers(0)->set_value(
                          std::string(core::kMaxHeaderValueBytes + 1, 'v'));
                    }),
                    kInvalid, "headers[0].value"});
    // Left out and reported as a finding (request-field-over-limit), not
    // an error: the response is still worth checking.
    rows.push_back({"request header value of 8193 bytes", m, Head([](R& r) {
                      v1::HttpHeader* h = r.add_request_headers();
                      h->set_name("Range");
                      h->set_value(
                          std::string(core::kMaxHeaderValueBytes + 1, 'v'));
                    }),
                    kOk});
    rows.push_back({"empty header name and value", m, Head([](R& r) {
                      r.mutable_headers(0)->set_name("");
                      r.mutable_headers(0)->set_value("");
                    }),
                    kOk, "", HeadValidity(false)});
    for (int32_t c : out_of_range) {
      rows.push_back({absl::StrCat("status_code ", c), m,
                      Head([c](R& r) { r.set_status_code(c); }), kOk, "",
                      HeadValidity(false)});
    }
    rows.push_back({"header value of 1 MiB", m, Head([](R& r) {
                      r.mutable_headers(0)->set_value(
                          std::string(kReceiveLimit, 'v'));
                    }),
                    kTooBig});
    rows.push_back(NotUtf8Row(
        "header value not UTF-8", m,
        LengthDelimited(
            3, LengthDelimited(1, "X-A") + LengthDelimited(2, NotUtf8())),
        "headers[0].value"));
    rows.push_back(NotUtf8Row("method not UTF-8", m,
                              LengthDelimited(1, NotUtf8()), "request_method"));
    AddCommonRows(rows, m, kOk, "");
  }

  // SearchStatusCodes: query of 1 to 256 bytes; page_size clamps at 100.
  {
    const std::string m = "SearchStatusCodes";
    const int limit = core::kMaxQueryBytes;
    rows.push_back({"empty query", m, Search(""), kInvalid, "query"});
    rows.push_back({"query 'not found'", m, Search("not found"), kOk, "",
                    AtMostResults(core::kDefaultSearchResults)});
    rows.push_back({"query of 256 bytes", m,
                    Search("not found " + std::string(limit - 10, 'q')), kOk});
    rows.push_back({"query of 257 bytes", m,
                    Search("not found " + std::string(limit - 9, 'q')),
                    kInvalid, "query"});
    rows.push_back({"query of 1 MiB - 64 bytes", m,
                    Search(std::string(kReceiveLimit - 64, 'q')), kInvalid,
                    "query"});
    rows.push_back({"query of 1 MiB", m,
                    Search(std::string(kReceiveLimit, 'q')), kTooBig});
    rows.push_back(NotUtf8Row("query not UTF-8", m,
                              LengthDelimited(1, NotUtf8()), "query"));
    rows.push_back({"page_size -1", m, Search("4", -1), kInvalid, "page_size"});
    rows.push_back({"page_size INT32_MIN", m, Search("4", INT32_MIN), kInvalid,
                    "page_size"});
    rows.push_back({"page_size 101 (clamps to 100)", m,
                    Search("4", core::kMaxSearchResults + 1), kOk, "",
                    AtMostResults(core::kMaxSearchResults)});
    rows.push_back({"page_size INT32_MAX (clamps)", m, Search("4", INT32_MAX),
                    kOk, "", AtMostResults(core::kMaxSearchResults)});
    AddCommonRows(rows, m, kInvalid, "query");
  }

  // TranslateStatus: HTTP 100-599, gRPC 0-16, exactly one of them.
  {
    const std::string m = "TranslateStatus";
    for (int32_t c : out_of_range) {
      rows.push_back({absl::StrCat("http_status_code ", c), m, TranslateHttp(c),
                      kInvalid, "http_status_code"});
    }
    rows.push_back({"http_status_code 404", m, TranslateHttp(404), kOk, "",
                    HasTranslations()});
    for (int32_t c : {-1, 17, 99, INT32_MIN, INT32_MAX}) {
      rows.push_back({absl::StrCat("grpc_code ", c), m, TranslateGrpc(c),
                      kInvalid, "grpc_code"});
    }
    rows.push_back(
        {"grpc_code 0", m, TranslateGrpc(0), kOk, "", HasTranslations()});
    rows.push_back(
        {"grpc_code 16", m, TranslateGrpc(16), kOk, "", HasTranslations()});
    // Both oneof members on the wire: the last one wins (protobuf rules).
    rows.push_back({"both oneof members, grpc last", m,
                    TranslateHttp(404) + TranslateGrpc(99), kInvalid,
                    "grpc_code"});
    AddCommonRows(rows, m, kInvalid, "status");
  }

  // GetGrpcStatusCode: 0-16.
  {
    const std::string m = "GetGrpcStatusCode";
    for (int32_t c : {-1, 17, 99, 600, INT32_MIN, INT32_MAX}) {
      rows.push_back({absl::StrCat("code ", c), m,
                      WithCode<v1::GetGrpcStatusCodeRequest>(c), kInvalid,
                      "code"});
    }
    rows.push_back({"code 0", m, WithCode<v1::GetGrpcStatusCodeRequest>(0), kOk,
                    "", GrpcEntryIs(0, "OK")});
    rows.push_back({"code 16", m, WithCode<v1::GetGrpcStatusCodeRequest>(16),
                    kOk, "", GrpcEntryIs(16, "UNAUTHENTICATED")});
    AddCommonRows(rows, m, kOk, "");
  }

  // ListGrpcStatusCodes.
  {
    const std::string m = "ListGrpcStatusCodes";
    rows.push_back(
        {"page_size -1", m, GrpcListPage(-1), kInvalid, "page_size"});
    rows.push_back({"page_size INT32_MIN", m, GrpcListPage(INT32_MIN), kInvalid,
                    "page_size"});
    rows.push_back({"page_size 0 (all 17)", m, GrpcListPage(0), kOk, "",
                    GrpcPageSizeIs(17)});
    rows.push_back(
        {"page_size 1", m, GrpcListPage(1), kOk, "", GrpcPageSizeIs(1)});
    rows.push_back({"page_size INT32_MAX (clamps)", m, GrpcListPage(INT32_MAX),
                    kOk, "", GrpcPageSizeIs(17)});
    rows.push_back({"page_token garbage", m, GrpcListPage(0, "garbage"),
                    kInvalid, "page_token"});
    rows.push_back(NotUtf8Row("page_token not UTF-8", m,
                              LengthDelimited(2, NotUtf8()), "page_token"));
    AddCommonRows(rows, m, kOk, "");
  }

  // Methods the service does not have.
  rows.push_back(
      {"unknown method", "NoSuchMethod", "", StatusCode::UNIMPLEMENTED});
  return rows;
}

}  // namespace statusinfo::testing
