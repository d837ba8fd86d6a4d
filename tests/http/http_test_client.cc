#include "tests/http/http_test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace statusinfo::testing {

std::string HttpResponse::Header(absl::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

namespace {

// The status line and header lines of `head` (which ends with the blank
// line) into `response`.
absl::Status ParseHead(absl::string_view head, HttpResponse& response) {
  response.head = std::string(head);
  head.remove_suffix(4);
  const std::vector<absl::string_view> lines = absl::StrSplit(head, "\r\n");
  const std::vector<absl::string_view> status_line =
      absl::StrSplit(lines[0], absl::MaxSplits(' ', 2));
  if (status_line.size() < 2 ||
      !absl::SimpleAtoi(status_line[1], &response.status)) {
    return absl::DataLossError(absl::StrCat("bad status line: ", lines[0]));
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    if (colon == absl::string_view::npos) continue;
    response.headers.emplace_back(
        std::string(lines[i].substr(0, colon)),
        std::string(absl::StripAsciiWhitespace(lines[i].substr(colon + 1))));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int> ConnectLoopback(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError(std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address),
              sizeof(address)) != 0) {
    const std::string error = std::strerror(errno);
    close(fd);
    return absl::UnavailableError(error);
  }
  return fd;
}

absl::StatusOr<HttpConnection> HttpConnection::Connect(int port) {
  absl::StatusOr<int> fd = ConnectLoopback(port);
  if (!fd.ok()) return fd.status();
  return HttpConnection(*fd);
}

HttpConnection::HttpConnection(HttpConnection&& other) noexcept
    : fd_(other.fd_), buffer_(std::move(other.buffer_)) {
  other.fd_ = -1;
}

HttpConnection::~HttpConnection() {
  if (fd_ >= 0) close(fd_);
}

absl::Status HttpConnection::Send(absl::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

bool HttpConnection::Fill(absl::Duration timeout) {
  pollfd p{fd_, POLLIN, 0};
  const int ready =
      poll(&p, 1, static_cast<int>(absl::ToInt64Milliseconds(timeout)));
  if (ready <= 0) return false;
  char chunk[16 << 10];
  const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

absl::StatusOr<HttpResponse> HttpConnection::RoundTrip(
    absl::string_view request) {
  // A server may answer and close before the whole request is sent (a body
  // over its limit): its answer is still there to read.
  const absl::Status sent = Send(request);
  absl::StatusOr<HttpResponse> response =
      Read(absl::StartsWith(request, "HEAD "));
  if (!response.ok() && !sent.ok()) return sent;
  return response;
}

absl::StatusOr<HttpResponse> HttpConnection::Read(bool head_only) {
  size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!Fill(absl::Seconds(10))) {
      return absl::UnavailableError("no answer head: " + buffer_);
    }
  }
  HttpResponse response;
  if (absl::Status s = ParseHead(buffer_.substr(0, end + 4), response);
      !s.ok()) {
    return s;
  }
  size_t length = 0;
  if (!head_only) {
    (void)absl::SimpleAtoi(response.Header("Content-Length"), &length);
  }
  buffer_.erase(0, end + 4);
  while (buffer_.size() < length) {
    if (!Fill(absl::Seconds(10))) {
      return absl::UnavailableError("answer body cut short");
    }
  }
  response.body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return response;
}

bool HttpConnection::WaitForClose(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return false;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(absl::ToInt64Milliseconds(left))) <= 0) {
      return false;
    }
    char chunk[4096];
    const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return true;  // closed (or reset)
  }
}

std::string HttpRequest(absl::string_view method, absl::string_view target,
                        absl::string_view body, absl::string_view content_type,
                        absl::string_view extra) {
  std::string request =
      absl::StrCat(method, " ", target, " HTTP/1.1\r\nHost: localhost\r\n");
  if (!body.empty() || method == "POST") {
    if (!content_type.empty()) {
      absl::StrAppend(&request, "Content-Type: ", content_type, "\r\n");
    }
    absl::StrAppend(&request, "Content-Length: ", body.size(), "\r\n");
  }
  absl::StrAppend(&request, extra, "\r\n", body);
  return request;
}

absl::StatusOr<HttpResponse> ParseHttpResponse(absl::string_view bytes) {
  const size_t end = bytes.find("\r\n\r\n");
  if (end == absl::string_view::npos) {
    return absl::DataLossError(absl::StrCat("no answer head: ", bytes));
  }
  HttpResponse response;
  if (absl::Status s = ParseHead(bytes.substr(0, end + 4), response); !s.ok()) {
    return s;
  }
  size_t length = 0;
  (void)absl::SimpleAtoi(response.Header("Content-Length"), &length);
  response.body = std::string(bytes.substr(end + 4, length));
  return response;
}

absl::StatusOr<HttpResponse> Fetch(int port, absl::string_view request) {
  absl::StatusOr<HttpConnection> connection = HttpConnection::Connect(port);
  if (!connection.ok()) return connection.status();
  return connection->RoundTrip(request);
}

}  // namespace statusinfo::testing
