// The bad-input matrix of the HTTP listener: malformed JSON, wrong types,
// unknown fields and query parameters, bodies over the limit or cut short,
// invalid UTF-8 (in the body, the path and the query), header floods,
// oversized heads, bytes that are not HTTP, path traversal on /assets/.
// Each row names the HTTP status it must get and, for a request error, the
// BadRequest field and ErrorInfo reason; every answer is a google.rpc.Status
// JSON body. After the whole matrix the server still answers.
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "service/core/utf8.h"
#include "tests/http/http_test_server.h"

namespace statusinfo::testing {
namespace {

struct BadRow {
  std::string name;
  std::string request;  // the bytes sent
  int status;           // the HTTP status wanted
  std::string field;    // the BadRequest field, when one is wanted
  std::string reason;   // the ErrorInfo reason, when one is wanted
};

std::string PostJson(absl::string_view target, absl::string_view body) {
  return HttpRequest("POST", target, body);
}

std::vector<BadRow> Rows() {
  const std::string kNotUtf8 = "\xc3\x28\xff";
  std::vector<BadRow> rows = {
      {"malformed JSON", PostJson("/v1/statusCodes:validate", "{\"code\": "),
       400, "body", "MALFORMED_REQUEST"},
      {"JSON not an object", PostJson("/v1/statusCodes:validate", "[1,2]"), 400,
       "body", "MALFORMED_REQUEST"},
      {"wrong type", PostJson("/v1/statusCodes:validate", R"({"code": "x"})"),
       400, "body", "MALFORMED_REQUEST"},
      {"wrong nested type",
       PostJson("/v1/responses:validate", R"({"headers": "Date"})"), 400,
       "body", "MALFORMED_REQUEST"},
      {"unknown field",
       PostJson("/v1/statusLines:validate", R"({"statusLin": "x"})"), 400,
       "body", "MALFORMED_REQUEST"},
      {"body not UTF-8",
       PostJson("/v1/statusLines:validate",
                absl::StrCat(R"({"statusLine": ")", kNotUtf8, "\"}")),
       400, "body", "INVALID_UTF8"},
      {"escaped lone surrogate",
       PostJson("/v1/statusLines:validate", R"({"statusLine": "\udc00"})"), 400,
       "", ""},
      {"core limit over HTTP",
       PostJson(
           "/v1/statusLines:validate",
           absl::StrCat(R"({"statusLine": ")", std::string(9000, 'a'), "\"}")),
       400, "status_line", "STATUS_LINE_TOO_LONG"},
      {"query not a number",
       HttpRequest("GET", "/v1/statusCodes?page_size=ten"), 400, "page_size",
       "MALFORMED_REQUEST"},
      {"query out of int32",
       HttpRequest("GET", "/v1/statusCodes?page_size=99999999999"), 400,
       "page_size", "MALFORMED_REQUEST"},
      {"unknown query parameter",
       HttpRequest("GET", "/v1/statusCodes?pageSise=3"), 400, "pageSise",
       "MALFORMED_REQUEST"},
      {"singular parameter twice",
       HttpRequest("GET", "/v1/statusCodes?page_size=3&page_size=4"), 400,
       "page_size", "MALFORMED_REQUEST"},
      {"unknown enum name",
       HttpRequest("GET", "/v1/statusCodes?status_class=GOOD"), 400,
       "status_class", "MALFORMED_REQUEST"},
      {"bad percent escape",
       HttpRequest("GET", "/v1/statusCodes:search?query=%zz"), 400, "query",
       "MALFORMED_REQUEST"},
      {"query not UTF-8",
       HttpRequest("GET", "/v1/statusCodes:search?query=%C3%28"), 400, "query",
       "INVALID_UTF8"},
      {"query on a body route",
       PostJson("/v1/statusCodes:validate?code=3", "{}"), 400, "query",
       "MALFORMED_REQUEST"},
      {"path variable not a number", HttpRequest("GET", "/v1/statusCodes/abc"),
       400, "code", "MALFORMED_REQUEST"},
      {"path variable not UTF-8", HttpRequest("GET", "/v1/statusCodes/%C3%28"),
       400, "code", "MALFORMED_REQUEST"},
      // Quoted in the 404's message, which must still be UTF-8 (found by
      // http_wire_fuzzer).
      {"raw path not UTF-8", HttpRequest("GET", "/v1/" + kNotUtf8), 404, "",
       ""},
      // The head alone: the server answers from Content-Length, and closes
      // (body bytes it left unread would make its close a reset, which
      // can discard the answer before the client reads it).
      {"body over the limit",
       absl::StrCat("POST /v1/statusLines:validate HTTP/1.1\r\nHost: x\r\n"
                    "Content-Type: application/json\r\nContent-Length: ",
                    http::kMaxRequestBodyBytes + 10, "\r\n\r\n"),
       413, "", ""},
      {"not JSON content type",
       HttpRequest("POST", "/v1/statusLines:validate", "status_line=x",
                   "application/x-www-form-urlencoded"),
       415, "", ""},
      {"path traversal", HttpRequest("GET", "/assets/../../etc/passwd"), 404,
       "", ""},
      {"encoded traversal",
       HttpRequest("GET", "/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd"), 404, "",
       ""},
      // A method HTTP does not define: 501 (RFC 9110, Section 15.6.2).
      {"unknown method", HttpRequest("BREW", "/v1/statusCodes/418"), 501, "",
       ""},
      {"known method, no route for it",
       HttpRequest("DELETE", "/v1/statusCodes/418"), 405, "", ""},
      // A TLS record header (NUL byte included), then garbage.
      {"not HTTP", std::string("\x16\x03\x01\x02\x00garbage\r\n\r\n", 16), 400,
       "", ""},
      {"head over 16 KiB",
       HttpRequest("GET", "/v1/statusCodes/200", "", "",
                   absl::StrCat("X-Big: ", std::string(20000, 'a'), "\r\n")),
       431, "", ""},
      {"bad Content-Length",
       "POST /v1/statusCodes:validate HTTP/1.1\r\nHost: x\r\n"
       "Content-Type: application/json\r\nContent-Length: 1x\r\n\r\n",
       400, "", ""},
      {"Content-Length twice, differing",
       "POST /v1/statusCodes:validate HTTP/1.1\r\nHost: x\r\n"
       "Content-Type: application/json\r\nContent-Length: 2\r\n"
       "Content-Length: 3\r\n\r\n{}",
       400, "", ""},
      {"bad chunk size",
       "POST /v1/statusCodes:validate HTTP/1.1\r\nHost: x\r\n"
       "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
       "\r\nzz\r\n{}\r\n0\r\n\r\n",
       400, "", ""},
  };
  std::string flood;
  for (int i = 0; i < 200; ++i) absl::StrAppend(&flood, "X-H", i, ": v\r\n");
  rows.push_back({"header flood",
                  HttpRequest("GET", "/v1/statusCodes/200", "", "", flood), 431,
                  "", ""});
  return rows;
}

using HttpBadInputTest = HttpServerTest;

TEST_F(HttpBadInputTest, EveryRowGetsAClear4xxJsonError) {
  for (const BadRow& row : Rows()) {
    SCOPED_TRACE(row.name);
    absl::StatusOr<HttpResponse> http = Fetch(http_port_, row.request);
    ASSERT_TRUE(http.ok()) << http.status();
    EXPECT_EQ(http->status, row.status) << http->body;
    EXPECT_EQ(http->Header("Content-Type"), "application/json");
    EXPECT_TRUE(core::IsValidUtf8(http->body)) << http->body;
    google::rpc::Status status;
    ASSERT_TRUE(
        google::protobuf::util::JsonStringToMessage(http->body, &status).ok())
        << http->body;
    EXPECT_NE(status.code(), 0);
    EXPECT_FALSE(status.message().empty());
    std::string field;
    std::string reason;
    for (const auto& any : status.details()) {
      google::rpc::BadRequest bad_request;
      google::rpc::ErrorInfo info;
      if (any.UnpackTo(&bad_request) &&
          bad_request.field_violations_size() > 0) {
        field = bad_request.field_violations(0).field();
      } else if (any.UnpackTo(&info)) {
        reason = info.reason();
      }
    }
    if (!row.field.empty()) EXPECT_EQ(field, row.field) << http->body;
    if (!row.reason.empty()) EXPECT_EQ(reason, row.reason) << http->body;
  }
  EXPECT_EQ(Get("/v1/statusCodes/404").status, 200);
}

// The answer to HEAD has no body (RFC 9110, Section 9.3.2), also when the
// head is refused after it was parsed (found by http_wire_fuzzer).
TEST_F(HttpBadInputTest, RefusedHeadRequestGetsNoBody) {
  std::string flood;
  for (int i = 0; i < 200; ++i) absl::StrAppend(&flood, "X-H", i, ": v\r\n");
  const std::string request =
      HttpRequest("HEAD", "/v1/statusCodes/200", "", "", flood);
  absl::StatusOr<int> fd = ConnectLoopback(http_port_);
  ASSERT_TRUE(fd.ok()) << fd.status();
  const timeval timeout{10, 0};
  setsockopt(*fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ASSERT_EQ(send(*fd, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  // The server closes after its answer: read to the end.
  std::string answer;
  char chunk[4096];
  for (ssize_t n; (n = recv(*fd, chunk, sizeof chunk, 0)) > 0;) {
    answer.append(chunk, n);
  }
  close(*fd);
  EXPECT_TRUE(absl::StartsWith(answer, "HTTP/1.1 431 ")) << answer;
  EXPECT_TRUE(absl::EndsWith(answer, "\r\n\r\n")) << answer;
}

}  // namespace
}  // namespace statusinfo::testing
