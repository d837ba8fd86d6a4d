// The HTTP/JSON listener of statusinfo.v1.StatusInfoService (issue 14):
// every route the proto's google.api.http annotations declare
// (http_rules.h), served by the same UnaryMethods as the gRPC server, plus
// the web page's files at "/" and "/assets/..." (service/web/).
//
// Built on civetweb (Debian's libcivetweb, already linked through
// prometheus-cpp): HTTP/1.1 with keep-alive, one thread per connection
// (HttpConfig::threads of them), request and idle timeouts. No TLS:
// Debian 12's civetweb crashes with OpenSSL 3 (http_server.cc says how), so
// Start refuses a server configured with TLS. Around the routes it answers,
// always with a google.rpc.Status JSON body:
//  - 404 for a path no route or asset has; 405 with Allow for a path whose
//    routes take other methods;
//  - 415 for a POST whose Content-Type is not application/json;
//  - 413 for a body over kMaxRequestBodyBytes;
//  - OPTIONS: 204 with Allow, and the CORS preflight answer when the
//    Origin is one of HttpConfig::cors_origins (docs/operators.md).
//
// Example:
//
//   absl::StatusOr<std::unique_ptr<HttpServer>> http =
//       HttpServer::Start(*server, config);   // a started StatusInfoServer
//   if (!http.ok()) return http.status();     // names --http_address
//   int port = (*http)->port();
//   server->AddListener(*std::move(http));    // stopped with the server
#ifndef STATUSINFO_SERVICE_HTTP_HTTP_SERVER_H_
#define STATUSINFO_SERVICE_HTTP_HTTP_SERVER_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/http/http_call.h"
#include "service/http/http_rules.h"
#include "service/server/config.h"
#include "service/server/rpc_interceptor.h"
#include "service/server/server.h"

struct mg_context;
struct mg_connection;
struct mg_request_info;

namespace statusinfo::http {

// The largest request body read, in bytes: the gRPC server's default
// --max_receive_message_bytes, so that the JSON of any request a gRPC
// client may send by default fits (JSON is larger than the wire format, and
// the largest requests, ValidateResponse's, are far below either).
inline constexpr int kMaxRequestBodyBytes = 1 << 20;

class HttpServer final : public server::Listener {
 public:
  // Starts listening on config.http.address, serving `server`'s service,
  // catalog and metrics (`server` must outlive this). INVALID_ARGUMENT for
  // a google.api.http rule that cannot be served; FAILED_PRECONDITION when
  // TLS is configured (see above); UNAVAILABLE naming --http_address when
  // the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(
      const server::StatusInfoServer& server,
      const server::ServerConfig& config);

  ~HttpServer() override;
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }
  void Shutdown(absl::Time end) override;

 private:
  // A header line of an answer: name, value.
  using Header = std::pair<std::string, std::string>;

  HttpServer(const server::StatusInfoServer& server,
             const server::ServerConfig& config, RouteTable routes);

  // Starts civetweb; the port bound.
  absl::StatusOr<int> Listen(const server::ServerConfig& config);

  static int HandleRequest(mg_connection* connection, void* self);
  static int HandleError(mg_connection* connection, int status,
                         const char* message);
  void Handle(mg_connection* connection);
  // A route's request: the body checked and read, the method served.
  void Serve(mg_connection* connection, const mg_request_info& request,
             const RouteMatch& match, const std::vector<Header>& headers);
  void ServeAsset(mg_connection* connection, absl::string_view method,
                  absl::string_view path, std::vector<Header> headers);
  // OPTIONS: Allow, and the CORS preflight answer for an allowed origin.
  void Options(mg_connection* connection, absl::string_view path,
               const std::vector<std::string>& allowed,
               std::vector<Header> headers);
  // Vary, and Access-Control-Allow-Origin when the request's Origin is
  // allowed; none when CORS is off.
  std::vector<Header> CorsHeaders(mg_connection* connection) const;

  const server::StatusInfoServer& server_;
  const RouteTable routes_;
  // Per route, in routes_'s order: the method that serves it and its
  // metrics (null when off).
  std::vector<const server::UnaryMethod*> methods_;
  std::vector<const server::ServerMetrics::MethodMetrics*> metrics_;
  std::vector<std::string> cors_origins_;
  JsonCache json_cache_;
  server::AccessLogSampler sampler_;
  mg_context* context_ = nullptr;
  int port_ = 0;
};

}  // namespace statusinfo::http

#endif  // STATUSINFO_SERVICE_HTTP_HTTP_SERVER_H_
