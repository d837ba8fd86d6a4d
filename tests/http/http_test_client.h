// A minimal HTTP/1.1 client over a plain socket, for tests of the HTTP
// listener: it sends exactly the bytes a test writes (malformed ones too)
// and reads answers framed by Content-Length, on one keep-alive connection.
//
// Example:
//
//   absl::StatusOr<HttpConnection> c = HttpConnection::Connect(port);
//   absl::StatusOr<HttpResponse> r =
//       c->RoundTrip("GET /v1/statusCodes/404 HTTP/1.1\r\nHost: x\r\n\r\n");
//   EXPECT_EQ(r->status, 200);
#ifndef STATUSINFO_TESTS_HTTP_HTTP_TEST_CLIENT_H_
#define STATUSINFO_TESTS_HTTP_HTTP_TEST_CLIENT_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace statusinfo::testing {

// A TCP socket connected to 127.0.0.1:`port` (the caller closes it).
absl::StatusOr<int> ConnectLoopback(int port);

struct HttpResponse {
  int status = 0;
  // The head as received, status line and header lines, CRLFs included.
  std::string head;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header named `name` (case-insensitive); "" when none.
  std::string Header(absl::string_view name) const;
};

class HttpConnection {
 public:
  static absl::StatusOr<HttpConnection> Connect(int port);
  HttpConnection(HttpConnection&& other) noexcept;
  HttpConnection& operator=(HttpConnection&&) = delete;
  ~HttpConnection();

  absl::Status Send(absl::string_view bytes);
  // Reads one answer (waits up to 10 s for each read); its head alone when
  // `head_only` (the answer to a HEAD request).
  absl::StatusOr<HttpResponse> Read(bool head_only = false);
  // Sends `request` and reads its answer (the head alone for HEAD).
  absl::StatusOr<HttpResponse> RoundTrip(absl::string_view request);
  // True when the server closes the connection within `timeout` (what it
  // sends first, if anything, is discarded); false when it stays open.
  bool WaitForClose(absl::Duration timeout);

 private:
  explicit HttpConnection(int fd) : fd_(fd) {}
  // Reads more bytes into buffer_; false on close, error or timeout.
  bool Fill(absl::Duration timeout);

  int fd_;
  std::string buffer_;
};

// A request's bytes: `method` `target`, Host, and when `body` is given,
// Content-Type `content_type` and Content-Length; `extra` header lines
// ("Name: value\r\n" each) go before the blank line.
std::string HttpRequest(absl::string_view method, absl::string_view target,
                        absl::string_view body = "",
                        absl::string_view content_type = "application/json",
                        absl::string_view extra = "");

// Parses one whole answer (head and Content-Length body) from `bytes`.
absl::StatusOr<HttpResponse> ParseHttpResponse(absl::string_view bytes);

// One request on a new connection.
absl::StatusOr<HttpResponse> Fetch(int port, absl::string_view request);

}  // namespace statusinfo::testing

#endif  // STATUSINFO_TESTS_HTTP_HTTP_TEST_CLIENT_H_
