#include "service/http/http_server.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "civetweb.h"
#include "service/http/http_call.h"
#include "service/http/transcoding.h"
#include "service/server/logging.h"
#include "service/web/web_assets.h"

namespace statusinfo::http {
namespace {

constexpr absl::string_view kJson = "application/json";

using Header = std::pair<std::string, std::string>;

// The Date field of an answer (RFC 9110, Section 6.6.1: IMF-fixdate), made
// once a second per worker thread rather than once per answer.
absl::string_view HttpDate() {
  thread_local int64_t second = -1;
  thread_local std::string date;
  const absl::Time now = absl::Now();
  if (const int64_t s = absl::ToUnixSeconds(now); s != second) {
    second = s;
    date =
        absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT", now, absl::UTCTimeZone());
  }
  return date;
}

// Whether civetweb closes the connection after this answer: the request
// asked for it (Connection: close), or is HTTP/1.0 without keep-alive.
bool ClosesAfter(mg_connection* connection) {
  const mg_request_info* request = mg_get_request_info(connection);
  const char* field = mg_get_header(connection, "Connection");
  const std::string value =
      absl::AsciiStrToLower(field != nullptr ? field : "");
  if (absl::StrContains(value, "close")) return true;
  return request->http_version != nullptr &&
         absl::string_view(request->http_version) == "1.0" &&
         !absl::StrContains(value, "keep-alive");
}

// Writes one whole answer, head and body, with one write: civetweb's
// header functions send each header line on its own (7 send calls per
// answer, measured with strace), which made the kernel most of the cost.
// Content-Length always: keep-alive needs it.
void Send(mg_connection* connection, int status, absl::string_view content_type,
          absl::string_view body, const std::vector<Header>& headers,
          bool close = false) {
  std::string out = absl::StrCat("HTTP/1.1 ", status, " ",
                                 mg_get_response_code_text(connection, status),
                                 "\r\nDate: ", HttpDate(), "\r\n");
  // A 204 has no content, and must not say how long it is (RFC 9110,
  // Section 8.6).
  if (status != 204) {
    absl::StrAppend(&out, "Content-Type: ", content_type,
                    "\r\nContent-Length: ", body.size(), "\r\n");
  }
  for (const Header& header : headers) {
    absl::StrAppend(&out, header.first, ": ", header.second, "\r\n");
  }
  absl::StrAppend(&out, "Connection: ",
                  close || ClosesAfter(connection) ? "close" : "keep-alive",
                  "\r\n\r\n");
  // No body for HEAD. civetweb's own errors (HandleError) may come before
  // the request line was parsed: no method then.
  const char* method = mg_get_request_info(connection)->request_method;
  if (method == nullptr || std::strcmp(method, "HEAD") != 0) {
    out.append(body.data(), body.size());
  }
  mg_write(connection, out.data(), out.size());
}

// An error of the HTTP layer itself (no route, wrong method...): the
// google.rpc.Status JSON of every error, with the HTTP status `status`.
void SendError(mg_connection* connection, int status, absl::StatusCode code,
               absl::string_view message, const std::vector<Header>& headers,
               bool close = false) {
  Send(connection, status, kJson, ErrorToJson(absl::Status(code, message)),
       headers, close);
}

// The media type of a Content-Type value, lower-cased, parameters dropped.
std::string MediaType(const char* content_type) {
  if (content_type == nullptr) return "";
  absl::string_view type = content_type;
  type = type.substr(0, type.find(';'));
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(type));
}

enum class BodyRead { kOk, kTooLarge, kCutShort };

// Reads the body, at most kMaxRequestBodyBytes. kCutShort when fewer bytes
// than its Content-Length came (the client stopped, or was too slow:
// --http_request_timeout).
BodyRead ReadBody(mg_connection* connection, int64_t content_length,
                  std::string& body) {
  if (content_length > kMaxRequestBodyBytes) return BodyRead::kTooLarge;
  char buffer[16 << 10];
  while (true) {
    const int n = mg_read(connection, buffer, sizeof(buffer));
    if (n <= 0) break;
    if (body.size() + static_cast<size_t>(n) > kMaxRequestBodyBytes) {
      return BodyRead::kTooLarge;
    }
    body.append(buffer, static_cast<size_t>(n));
  }
  return content_length >= 0 &&
                 body.size() < static_cast<uint64_t>(content_length)
             ? BodyRead::kCutShort
             : BodyRead::kOk;
}

// The Allow value of a path whose routes take `methods`: HEAD with GET,
// and OPTIONS, which every route answers.
std::string AllowValue(const std::vector<std::string>& methods) {
  std::string allow = absl::StrJoin(methods, ", ");
  if (std::find(methods.begin(), methods.end(), "GET") != methods.end()) {
    absl::StrAppend(&allow, ", HEAD");
  }
  absl::StrAppend(&allow, ", OPTIONS");
  return allow;
}

std::string Peer(const mg_request_info& request) {
  const bool v6 = std::strchr(request.remote_addr, ':') != nullptr;
  return v6 ? absl::StrCat("ipv6:[", request.remote_addr,
                           "]:", request.remote_port)
            : absl::StrCat("ipv4:", request.remote_addr, ":",
                           request.remote_port);
}

}  // namespace

HttpServer::HttpServer(const server::StatusInfoServer& server,
                       const server::ServerConfig& config, RouteTable routes)
    : server_(server),
      routes_(std::move(routes)),
      sampler_(config.access_log_sample_rate) {
  for (absl::string_view origin :
       absl::StrSplit(config.http.cors_origins, ',', absl::SkipWhitespace())) {
    cors_origins_.emplace_back(absl::StripAsciiWhitespace(origin));
  }
}

HttpServer::~HttpServer() { Shutdown(absl::InfinitePast()); }

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(
    const server::StatusInfoServer& server,
    const server::ServerConfig& config) {
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          server::kServiceName);
  absl::StatusOr<RouteTable> routes = RouteTable::FromService(*service);
  if (!routes.ok()) return routes.status();
  std::unique_ptr<HttpServer> http(
      new HttpServer(server, config, *std::move(routes)));
  for (const HttpRoute& route : http->routes_.routes()) {
    const server::UnaryMethod* method =
        server.service().FindUnaryMethod(route.method->name());
    if (method == nullptr) {
      return absl::InternalError(absl::StrCat(
          route.method->full_name(), " has a route but is not served"));
    }
    http->methods_.push_back(method);
    http->metrics_.push_back(
        server.metrics() == nullptr
            ? nullptr
            : server.metrics()->FindMethod(absl::StrCat(
                  "/", service->full_name(), "/", route.method->name())));
  }
  absl::StatusOr<int> port = http->Listen(config);
  if (!port.ok()) return port.status();
  http->port_ = *port;
  return http;
}

void HttpServer::Shutdown(absl::Time /*end*/) {
  // mg_stop lets each worker finish the request it is serving (microseconds
  // here), closes every connection, and joins the threads.
  if (context_ == nullptr) return;
  mg_stop(context_);
  context_ = nullptr;
}

int HttpServer::HandleRequest(mg_connection* connection, void* self) {
  static_cast<HttpServer*>(self)->Handle(connection);
  return 1;  // answered: civetweb adds nothing
}

int HttpServer::HandleError(mg_connection* connection, int status,
                            const char* message) {
  // civetweb's own errors (a malformed request line, headers too large...):
  // the same JSON as ours, the connection closed after it.
  mg_disable_keep_alive(connection);
  Send(connection, status, kJson,
       ErrorToJson(absl::InvalidArgumentError(
           absl::StrCat("request: ", message != nullptr ? message : ""))),
       {}, /*close=*/true);
  return 0;
}

std::vector<Header> HttpServer::CorsHeaders(mg_connection* connection) const {
  std::vector<Header> headers;
  if (cors_origins_.empty()) return headers;
  const char* origin = mg_get_header(connection, "Origin");
  headers.emplace_back("Vary", "Origin");
  if (origin == nullptr) return headers;
  for (const std::string& allowed : cors_origins_) {
    if (allowed == "*" || allowed == origin) {
      headers.emplace_back("Access-Control-Allow-Origin",
                           allowed == "*" ? "*" : origin);
      break;
    }
  }
  return headers;
}

void HttpServer::Handle(mg_connection* connection) {
  const mg_request_info& request = *mg_get_request_info(connection);
  const absl::string_view method = request.request_method;
  const absl::string_view path = request.local_uri_raw != nullptr
                                     ? request.local_uri_raw
                                     : request.request_uri;
  std::vector<Header> headers = CorsHeaders(connection);
  // civetweb keeps the first MG_MAX_HEADERS lines and drops the rest
  // silently: a request that reaches the limit is refused instead.
  if (request.num_headers >= MG_MAX_HEADERS) {
    mg_disable_keep_alive(connection);
    return SendError(connection, 431, absl::StatusCode::kInvalidArgument,
                     absl::StrCat("headers: more than ", MG_MAX_HEADERS - 1,
                                  " header lines"),
                     headers, /*close=*/true);
  }
  if (path == "/" || absl::StartsWith(path, "/assets/")) {
    return ServeAsset(connection, method, path, std::move(headers));
  }
  // HEAD is GET without the body (RFC 9110, Section 9.3.2); Send leaves
  // the body out.
  const RouteMatch match =
      routes_.Match(method == "HEAD" ? "GET" : method, path);
  if (method == "OPTIONS") {
    return Options(connection, path, match.allowed_methods, std::move(headers));
  }
  if (match.route == nullptr) {
    if (match.allowed_methods.empty()) {
      return SendError(connection, 404, absl::StatusCode::kNotFound,
                       absl::StrCat("no route for ", path), headers);
    }
    headers.emplace_back("Allow", AllowValue(match.allowed_methods));
    return SendError(connection, 405, absl::StatusCode::kUnimplemented,
                     absl::StrCat(path, " takes ",
                                  absl::StrJoin(match.allowed_methods, ", "),
                                  ", not ", method),
                     headers);
  }
  Serve(connection, request, match, headers);
}

void HttpServer::Serve(mg_connection* connection,
                       const mg_request_info& request, const RouteMatch& match,
                       const std::vector<Header>& headers) {
  const HttpRoute& route = *match.route;
  std::string body;
  if (route.body == "*") {
    const std::string type =
        MediaType(mg_get_header(connection, "Content-Type"));
    if (type != kJson) {
      return SendError(
          connection, 415, absl::StatusCode::kInvalidArgument,
          absl::StrCat("Content-Type: must be application/json, got \"", type,
                       "\""),
          headers);
    }
    const BodyRead read = ReadBody(connection, request.content_length, body);
    if (read != BodyRead::kOk) {
      // The rest of the body is not read: the connection cannot be reused.
      mg_disable_keep_alive(connection);
      if (read == BodyRead::kTooLarge) {
        return SendError(connection, 413, absl::StatusCode::kResourceExhausted,
                         absl::StrCat("body: larger than the limit of ",
                                      kMaxRequestBodyBytes, " bytes"),
                         headers, /*close=*/true);
      }
      return SendError(connection, 400, absl::StatusCode::kInvalidArgument,
                       "body: shorter than its Content-Length (the client "
                       "stopped sending, or timed out)",
                       headers, /*close=*/true);
    }
  }
  const size_t index = static_cast<size_t>(&route - routes_.routes().data());
  const bool log = sampler_.enabled() && sampler_.Sample() &&
                   server::LogEnabled(server::LogLevel::kInfo);
  const auto start = std::chrono::steady_clock::now();
  HttpCall call(route, match.bindings,
                request.query_string != nullptr ? request.query_string : "",
                body, server_.catalog(), metrics_[index], &json_cache_);
  methods_[index]->serve(call);
  Send(connection, call.http_status(), kJson, call.body(), headers);
  if (log) {
    const std::chrono::duration<double> seconds =
        std::chrono::steady_clock::now() - start;
    server::LogAccess(
        absl::StrCat("/", server::kServiceName, "/", route.method->name()),
        call.code(), seconds.count(), Peer(request));
  }
}

void HttpServer::ServeAsset(mg_connection* connection, absl::string_view method,
                            absl::string_view path,
                            std::vector<Header> headers) {
  if (method != "GET" && method != "HEAD") {
    headers.emplace_back("Allow", "GET, HEAD");
    return SendError(connection, 405, absl::StatusCode::kUnimplemented,
                     absl::StrCat(path, " takes GET or HEAD, not ", method),
                     headers);
  }
  const web::Asset* asset = web::FindAsset(path);
  if (asset == nullptr) {
    return SendError(connection, 404, absl::StatusCode::kNotFound,
                     absl::StrCat("no such file: ", path), headers);
  }
  Send(connection, 200, asset->content_type, asset->body, headers);
}

void HttpServer::Options(mg_connection* connection, absl::string_view path,
                         const std::vector<std::string>& allowed,
                         std::vector<Header> headers) {
  if (allowed.empty()) {
    return SendError(connection, 404, absl::StatusCode::kNotFound,
                     absl::StrCat("no route for ", path), headers);
  }
  const std::string methods = AllowValue(allowed);
  headers.emplace_back("Allow", methods);
  const bool cors_allowed = std::any_of(
      headers.begin(), headers.end(),
      [](const Header& h) { return h.first == "Access-Control-Allow-Origin"; });
  if (cors_allowed) {
    // The preflight answer (Fetch standard, CORS protocol): what a page of
    // an allowed origin may send, for 10 minutes.
    headers.emplace_back("Access-Control-Allow-Methods", methods);
    headers.emplace_back("Access-Control-Allow-Headers", "Content-Type");
    headers.emplace_back("Access-Control-Max-Age", "600");
  }
  Send(connection, 204, kJson, "", headers);
}

absl::StatusOr<int> HttpServer::Listen(const server::ServerConfig& config) {
  if (config.tls.enabled()) {
    // Debian 12's civetweb 1.15 loads OpenSSL at run time and looks up
    // SSL_get_peer_certificate, which OpenSSL 3 no longer exports (a macro
    // over SSL_get1_peer_certificate now): its worker calls a null pointer
    // on the first TLS connection. Refused rather than crash.
    return absl::FailedPreconditionError(
        "--http_address: HTTPS is not available with Debian 12's civetweb "
        "1.15 and OpenSSL 3 (it crashes on the first TLS connection): "
        "leave --http_address empty with --tls_cert_file, or put a "
        "TLS-terminating proxy in front of a plaintext statusinfo");
  }
  const server::HttpConfig& http = config.http;
  const std::string& ports = http.address;
  const std::string threads = absl::StrCat(http.threads);
  const std::string request_timeout =
      absl::StrCat(absl::ToInt64Milliseconds(http.request_timeout));
  const std::string idle_timeout =
      absl::StrCat(absl::ToInt64Milliseconds(http.idle_timeout));
  std::vector<const char*> options = {
      "listening_ports", ports.c_str(), "num_threads", threads.c_str(),
      "request_timeout_ms", request_timeout.c_str(), "keep_alive_timeout_ms",
      idle_timeout.c_str(), "enable_keep_alive", "yes",
      // civetweb writes the head and the body apart: with Nagle's algorithm
      // the body waits for the client's delayed ACK, 40 ms per answer on
      // Linux (measured: 172 req/s on 8 keep-alive connections; thousands
      // with this).
      "tcp_nodelay", "1",
      // Nothing is served from disk, and no directory listed.
      "enable_directory_listing", "no",
      // CORS is ours (--http_cors_origins): civetweb would otherwise answer
      // every preflight itself, for any origin.
      "access_control_allow_origin", "", "access_control_allow_methods", "",
      "access_control_allow_headers", ""};
  mg_callbacks callbacks{};
  callbacks.http_error = &HttpServer::HandleError;
  callbacks.log_message = [](const mg_connection*, const char* message) {
    server::LogEvent(server::LogLevel::kDebug, "http").Add("message", message);
    return 1;
  };
  options.push_back(nullptr);
  context_ = mg_start(&callbacks, this, options.data());
  mg_server_port port{};
  if (context_ == nullptr || mg_get_server_ports(context_, 1, &port) < 1 ||
      port.port == 0) {
    return absl::UnavailableError(
        absl::StrCat("--http_address: cannot listen on \"", http.address,
                     "\" (the port is in use, or the host is not local)"));
  }
  mg_set_request_handler(context_, "/", &HttpServer::HandleRequest, this);
  return port.port;
}

}  // namespace statusinfo::http
