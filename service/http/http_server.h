// The HTTP/JSON listener of statusinfo.v1.StatusInfoService (issue 14): the
// bytes on the wire around HttpHandler (http_handler.h), which decides
// every answer.
//
// Built on Boost.Beast and Asio (Debian's libboost1.74-dev, header-only):
// HTTP/1.1 with keep-alive, HTTPS with the server's certificate flags
// (mutual TLS too when --tls_client_ca_file is set), an event loop on
// HttpConfig::threads threads (connections are not tied to threads), a
// timeout for each request and for idle keep-alive connections. Limits: a
// head of kMaxHeadBytes and kMaxHeaderFields lines (431 beyond), a body of
// kMaxRequestBodyBytes (413), `Expect: 100-continue` honoured.
//
// Draining: once SetServing(false), every answer says Connection: close,
// so keep-alive clients leave while the balancers still route to others.
// Shutdown stops accepting, closes idle connections, lets requests in
// flight finish until the deadline, then closes the rest.
//
// Example:
//
//   absl::StatusOr<std::unique_ptr<HttpServer>> http =
//       HttpServer::Start(*server, config);   // a started StatusInfoServer
//   if (!http.ok()) return http.status();     // names the flag at fault
//   int port = (*http)->port();
//   server->AddListener(*std::move(http));    // stopped with the server
#ifndef STATUSINFO_SERVICE_HTTP_HTTP_SERVER_H_
#define STATUSINFO_SERVICE_HTTP_HTTP_SERVER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/http/http_handler.h"
#include "service/server/config.h"
#include "service/server/server.h"

namespace statusinfo::http {

// The largest request head (request line and fields), in bytes, and the
// most header lines: browsers send about 20 lines and 2 KiB.
inline constexpr int kMaxHeadBytes = 16 << 10;
inline constexpr int kMaxHeaderFields = 100;

class HttpServer final : public server::Listener {
 public:
  // Starts listening on config.http.address, serving `server`'s service,
  // catalog and metrics (`server` must outlive this), over TLS when
  // config.tls is set. INVALID_ARGUMENT for a google.api.http rule that
  // cannot be served or an address that does not parse, naming the flag;
  // INVALID_ARGUMENT naming --tls_cert_file, --tls_key_file or
  // --tls_client_ca_file for a file OpenSSL does not accept; UNAVAILABLE
  // naming --http_address when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(
      const server::StatusInfoServer& server,
      const server::ServerConfig& config);

  ~HttpServer() override;
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const;
  void Shutdown(absl::Time end) override;
  void SetServing(bool serving) override;

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace statusinfo::http

#endif  // STATUSINFO_SERVICE_HTTP_HTTP_SERVER_H_
