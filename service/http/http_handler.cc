#include "service/http/http_handler.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/core/utf8.h"
#include "service/http/transcoding.h"
#include "service/server/logging.h"
#include "service/web/web_assets.h"

namespace statusinfo::http {
namespace {

constexpr absl::string_view kJson = "application/json";

// The page's policy: its own files only, no inline script or style (the
// page has none; WebPageTest checks that the browser reports no
// violation), no framing, no plugins.
constexpr absl::string_view kContentSecurityPolicy =
    "default-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

// The methods RFC 9110 (Section 9) and RFC 5789 define. Another token is a
// method this server does not implement: 501 (RFC 9110, Section 15.6.2),
// not 405, which says the resource knows it.
bool IsKnownMethod(absl::string_view method) {
  for (absl::string_view known : {"GET", "HEAD", "POST", "PUT", "DELETE",
                                  "CONNECT", "OPTIONS", "TRACE", "PATCH"}) {
    if (method == known) return true;
  }
  return false;
}

// The Date field of an answer (RFC 9110, Section 6.6.1: IMF-fixdate), made
// once a second per thread rather than once per answer.
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

// The media type of a Content-Type value, lower-cased, parameters dropped.
std::string MediaType(absl::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(content_type));
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

}  // namespace

HttpHandler::HttpHandler(const server::StatusInfoServer& server,
                         const server::ServerConfig& config, RouteTable routes)
    : server_(server),
      routes_(std::move(routes)),
      sampler_(config.access_log_sample_rate) {
  for (absl::string_view origin :
       absl::StrSplit(config.http.cors_origins, ',', absl::SkipWhitespace())) {
    cors_origins_.emplace_back(absl::StripAsciiWhitespace(origin));
  }
}

absl::StatusOr<std::unique_ptr<HttpHandler>> HttpHandler::Create(
    const server::StatusInfoServer& server,
    const server::ServerConfig& config) {
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          server::kServiceName);
  absl::StatusOr<RouteTable> routes = RouteTable::FromService(*service);
  if (!routes.ok()) return routes.status();
  std::unique_ptr<HttpHandler> handler(
      new HttpHandler(server, config, *std::move(routes)));
  for (const HttpRoute& route : handler->routes_.routes()) {
    const server::UnaryMethod* method =
        server.service().FindUnaryMethod(route.method->name());
    if (method == nullptr) {
      return absl::InternalError(absl::StrCat(
          route.method->full_name(), " has a route but is not served"));
    }
    handler->methods_.push_back(method);
    handler->metrics_.push_back(
        server.metrics() == nullptr
            ? nullptr
            : server.metrics()->FindMethod(absl::StrCat(
                  "/", service->full_name(), "/", route.method->name())));
  }
  return handler;
}

std::vector<Header> HttpHandler::CorsHeaders(const RequestHead* head) const {
  std::vector<Header> headers;
  if (cors_origins_.empty()) return headers;
  headers.emplace_back("Vary", "Origin");
  if (head == nullptr || head->origin.empty()) return headers;
  for (const std::string& allowed : cors_origins_) {
    if (allowed == "*" || allowed == head->origin) {
      headers.emplace_back("Access-Control-Allow-Origin",
                           allowed == "*" ? "*" : std::string(head->origin));
      break;
    }
  }
  return headers;
}

HttpAnswer HttpHandler::Reject(int status, absl::StatusCode code,
                               absl::string_view message,
                               const RequestHead* head) {
  if (server_.metrics() != nullptr) server_.metrics()->RecordHttpReject(status);
  HttpAnswer answer;
  answer.status = status;
  answer.content_type = kJson;
  // Messages quote the request (its path, its Content-Type), whose bytes
  // need not be UTF-8; a google.rpc.Status message and JSON text must be.
  answer.body = ErrorToJson(absl::Status(code, core::ToValidUtf8(message)));
  answer.headers = CorsHeaders(head);
  return answer;
}

std::optional<HttpAnswer> HttpHandler::Route(const RequestHead& head,
                                             RouteMatch& match) {
  if (!IsKnownMethod(head.method)) {
    return Reject(501, absl::StatusCode::kUnimplemented,
                  absl::StrCat("method: ", head.method, " is not implemented"),
                  &head);
  }
  if (head.path == "/" || absl::StartsWith(head.path, "/assets/")) {
    return ServeAsset(head);
  }
  // HEAD is GET without the body (RFC 9110, Section 9.3.2); Serialize
  // leaves the body out.
  match = routes_.Match(head.method == "HEAD" ? "GET" : head.method, head.path);
  if (head.method == "OPTIONS") return Options(head, match.allowed_methods);
  if (match.route == nullptr) {
    if (match.allowed_methods.empty()) {
      return Reject(404, absl::StatusCode::kNotFound,
                    absl::StrCat("no route for ", head.path), &head);
    }
    HttpAnswer answer =
        Reject(405, absl::StatusCode::kUnimplemented,
               absl::StrCat(head.path, " takes ",
                            absl::StrJoin(match.allowed_methods, ", "),
                            ", not ", head.method),
               &head);
    answer.headers.emplace_back("Allow", AllowValue(match.allowed_methods));
    return answer;
  }
  if (match.route->body == "*") {
    const std::string type = MediaType(head.content_type);
    if (type != kJson) {
      // Its body is left unread: the connection cannot be reused.
      HttpAnswer answer =
          Reject(415, absl::StatusCode::kInvalidArgument,
                 absl::StrCat("Content-Type: must be application/json, got \"",
                              type, "\""),
                 &head);
      answer.close = true;
      return answer;
    }
  }
  return std::nullopt;
}

HttpAnswer HttpHandler::Serve(const RequestHead& head, const RouteMatch& match,
                              absl::string_view body) {
  const HttpRoute& route = *match.route;
  const size_t index = static_cast<size_t>(&route - routes_.routes().data());
  const bool log = sampler_.enabled() && sampler_.Sample() &&
                   server::LogEnabled(server::LogLevel::kInfo);
  const auto start = std::chrono::steady_clock::now();
  HttpCall call(route, match.bindings, head.query, body, server_.catalog(),
                metrics_[index], &json_cache_);
  methods_[index]->serve(call);
  if (log) {
    const std::chrono::duration<double> seconds =
        std::chrono::steady_clock::now() - start;
    server::LogAccess(
        absl::StrCat("/", server::kServiceName, "/", route.method->name()),
        call.code(), seconds.count(), head.peer);
  }
  HttpAnswer answer;
  answer.status = call.http_status();
  answer.content_type = kJson;
  answer.body = call.body();
  answer.headers = CorsHeaders(&head);
  return answer;
}

HttpAnswer HttpHandler::ServeAsset(const RequestHead& head) {
  if (head.method != "GET" && head.method != "HEAD") {
    HttpAnswer answer =
        Reject(405, absl::StatusCode::kUnimplemented,
               absl::StrCat(head.path, " takes GET or HEAD, not ", head.method),
               &head);
    answer.headers.emplace_back("Allow", "GET, HEAD");
    return answer;
  }
  const web::Asset* asset = web::FindAsset(head.path);
  if (asset == nullptr) {
    return Reject(404, absl::StatusCode::kNotFound,
                  absl::StrCat("no such file: ", head.path), &head);
  }
  HttpAnswer answer;
  answer.status = 200;
  answer.content_type = asset->content_type;
  answer.body = std::string(asset->body);
  answer.headers = CorsHeaders(&head);
  answer.headers.emplace_back("Content-Security-Policy",
                              std::string(kContentSecurityPolicy));
  return answer;
}

HttpAnswer HttpHandler::Options(const RequestHead& head,
                                const std::vector<std::string>& allowed) {
  if (allowed.empty()) {
    return Reject(404, absl::StatusCode::kNotFound,
                  absl::StrCat("no route for ", head.path), &head);
  }
  HttpAnswer answer;
  answer.status = 204;
  answer.headers = CorsHeaders(&head);
  const std::string methods = AllowValue(allowed);
  answer.headers.emplace_back("Allow", methods);
  const bool cors_allowed = std::any_of(
      answer.headers.begin(), answer.headers.end(),
      [](const Header& h) { return h.first == "Access-Control-Allow-Origin"; });
  if (cors_allowed) {
    // The preflight answer (Fetch standard, CORS protocol): what a page of
    // an allowed origin may send, for 10 minutes.
    answer.headers.emplace_back("Access-Control-Allow-Methods", methods);
    answer.headers.emplace_back("Access-Control-Allow-Headers", "Content-Type");
    answer.headers.emplace_back("Access-Control-Max-Age", "600");
  }
  return answer;
}

std::string HttpHandler::Serialize(const HttpAnswer& answer,
                                   absl::string_view method,
                                   bool keep_alive) const {
  const v1::StatusCode* entry = server_.catalog().Find(answer.status);
  std::string out = absl::StrCat(
      "HTTP/1.1 ", answer.status, " ",
      entry != nullptr ? absl::string_view(entry->reason_phrase()) : "",
      "\r\nDate: ", HttpDate(), "\r\n");
  // A 204 has no content, and must not say how long it is (RFC 9110,
  // Section 8.6).
  if (answer.status != 204) {
    absl::StrAppend(&out, "Content-Type: ", answer.content_type,
                    "\r\nContent-Length: ", answer.body.size(), "\r\n");
  }
  for (const Header& header : answer.headers) {
    absl::StrAppend(&out, header.first, ": ", header.second, "\r\n");
  }
  absl::StrAppend(&out, "X-Content-Type-Options: nosniff\r\nConnection: ",
                  keep_alive && !answer.close ? "keep-alive" : "close",
                  "\r\n\r\n");
  if (method != "HEAD") out.append(answer.body);
  return out;
}

}  // namespace statusinfo::http
