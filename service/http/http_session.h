// One HTTP/1.1 connection of the HTTP listener (http_server.h), plaintext
// or TLS: reads requests one after the other with Boost.Beast's parser,
// has HttpHandler answer each, and writes each answer with one write.
//
// Its steps, each bounded by a timeout: (TLS handshake,) wait for the
// first byte of a request (idle timeout), read the head and body (request
// timeout, counted from that first byte), write the answer (request
// timeout); then the next request, or a close. A connection runs on one
// strand, so its steps never overlap; the registry may ask it to close
// from any thread.
//
// Example (the listener's accept loop):
//
//   std::shared_ptr<Session> session = NewPlainSession(registry, socket);
//   registry.Add(session);   // its own bookkeeping
//   session->Start();        // runs until the connection ends
#ifndef STATUSINFO_SERVICE_HTTP_HTTP_SESSION_H_
#define STATUSINFO_SERVICE_HTTP_HTTP_SESSION_H_

#include <chrono>
#include <memory>

#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/ssl/context.hpp"
#include "service/http/http_handler.h"

namespace statusinfo::http {

struct SessionLimits {
  std::chrono::milliseconds request_timeout;
  std::chrono::milliseconds idle_timeout;
};

class Session {
 public:
  virtual ~Session() = default;
  virtual void Start() = 0;
  // Both may be called from any thread; they act on the session's strand.
  // Closes the connection if it is waiting for a request.
  virtual void CloseIfIdle() = 0;
  // Closes it whatever it is doing.
  virtual void Close() = 0;
};

// What sessions need from the listener that owns them.
class SessionRegistry {
 public:
  virtual ~SessionRegistry() = default;
  virtual HttpHandler& handler() = 0;
  virtual const SessionLimits& limits() const = 0;
  // True once the server drains: answers say Connection: close.
  virtual bool draining() const = 0;
  // Called by each session as it is destroyed.
  virtual void Unregister(Session* session) = 0;
};

// `socket`'s executor must be a strand. `registry` (and `tls`) must outlive
// the session.
std::shared_ptr<Session> NewPlainSession(SessionRegistry& registry,
                                         boost::asio::ip::tcp::socket socket);
std::shared_ptr<Session> NewTlsSession(SessionRegistry& registry,
                                       boost::asio::ip::tcp::socket socket,
                                       boost::asio::ssl::context& tls);

}  // namespace statusinfo::http

#endif  // STATUSINFO_SERVICE_HTTP_HTTP_SESSION_H_
