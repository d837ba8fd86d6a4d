// What the HTTP listener answers, apart from the bytes on the wire: the
// routes the proto's google.api.http annotations declare (http_rules.h),
// each served by the same UnaryMethod as its gRPC call (http_call.h); the
// web page's files at "/" and "/assets/..." (service/web/); and the HTTP
// layer's own answers, always with a google.rpc.Status JSON body:
//  - 404 for a path no route or file has; 405 with Allow for a path whose
//    routes take other methods; 501 for a method HTTP does not define;
//  - 415 for a POST whose Content-Type is not application/json;
//  - OPTIONS: 204 with Allow, and the CORS preflight answer when the
//    Origin is one of HttpConfig::cors_origins (docs/operators.md);
//  - whatever the transport refuses (Reject: a body over the limit, a
//    request that is not HTTP...).
// Each of these is counted in statusinfo_http_rejected_requests_total.
//
// No sockets here (http_server.h has them), so that tests and the fuzzer
// can drive it with parsed requests alone.
//
// Example:
//
//   HttpHandler handler(server, config, *std::move(routes));
//   RouteMatch match;
//   std::optional<HttpAnswer> early = handler.Route(head, match);
//   HttpAnswer answer = early ? *std::move(early)
//                             : handler.Serve(head, match, body);
//   Write(handler.Serialize(answer, head.method, keep_alive));
#ifndef STATUSINFO_SERVICE_HTTP_HTTP_HANDLER_H_
#define STATUSINFO_SERVICE_HTTP_HTTP_HANDLER_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/http/http_call.h"
#include "service/http/http_rules.h"
#include "service/server/config.h"
#include "service/server/rpc_interceptor.h"
#include "service/server/server.h"

namespace statusinfo::http {

// The largest request body read, in bytes: the gRPC server's default
// --max_receive_message_bytes, so that the JSON of any request a gRPC
// client may send by default fits (JSON is larger than the wire format, and
// the largest requests, ValidateResponse's, are far below either).
inline constexpr int kMaxRequestBodyBytes = 1 << 20;

// The parts of a request's head the handler reads.
struct RequestHead {
  absl::string_view method;
  // The request target's path as sent (still percent-encoded), and its
  // query (after '?'; empty for none).
  absl::string_view path;
  absl::string_view query;
  absl::string_view content_type;
  // The Origin field; empty when absent.
  absl::string_view origin;
  // "ipv4:127.0.0.1:5000" or "ipv6:[::1]:5000", for the access log.
  std::string peer;
};

// A header line of an answer: name, value.
using Header = std::pair<std::string, std::string>;

struct HttpAnswer {
  int status = 500;
  // A static string: "application/json" or an asset's type.
  absl::string_view content_type;
  std::string body;
  std::vector<Header> headers;
  // Close the connection after this answer (the rest of the request was
  // not read, or cannot be trusted).
  bool close = false;
};

class HttpHandler {
 public:
  // The routes of `server`'s service, each with the method that serves it.
  // INTERNAL when a route's method is not served. `server` must outlive
  // this.
  static absl::StatusOr<std::unique_ptr<HttpHandler>> Create(
      const server::StatusInfoServer& server,
      const server::ServerConfig& config);

  // Decides from the head alone: the answer (an error, a file, OPTIONS), or
  // nullopt with `match` set to the route to Serve once the body is read.
  std::optional<HttpAnswer> Route(const RequestHead& head, RouteMatch& match);

  // Calls the route's method with the request's body (empty for routes
  // without one).
  HttpAnswer Serve(const RequestHead& head, const RouteMatch& match,
                   absl::string_view body);

  // An answer of the HTTP layer itself: `status` with a google.rpc.Status
  // body of `code` and `message` (octets that are not UTF-8 replaced by
  // U+FFFD), counted. `head` (may be null: the request could not be
  // parsed) gives the CORS headers.
  HttpAnswer Reject(int status, absl::StatusCode code,
                    absl::string_view message, const RequestHead* head);

  // The whole answer as sent: status line (with the catalog's reason
  // phrase), Date, Content-Type and Content-Length (none for 204), the
  // answer's fields, Connection, and the body (none for HEAD).
  std::string Serialize(const HttpAnswer& answer, absl::string_view method,
                        bool keep_alive) const;

 private:
  HttpHandler(const server::StatusInfoServer& server,
              const server::ServerConfig& config, RouteTable routes);

  HttpAnswer ServeAsset(const RequestHead& head);
  HttpAnswer Options(const RequestHead& head,
                     const std::vector<std::string>& allowed);
  // Vary, and Access-Control-Allow-Origin when the request's Origin is
  // allowed; none when CORS is off.
  std::vector<Header> CorsHeaders(const RequestHead* head) const;

  const server::StatusInfoServer& server_;
  const RouteTable routes_;
  // Per route, in routes_'s order: the method that serves it and its
  // metrics (null when off).
  std::vector<const server::UnaryMethod*> methods_;
  std::vector<const server::ServerMetrics::MethodMetrics*> metrics_;
  std::vector<std::string> cors_origins_;
  JsonCache json_cache_;
  server::AccessLogSampler sampler_;
};

}  // namespace statusinfo::http

#endif  // STATUSINFO_SERVICE_HTTP_HTTP_HANDLER_H_
