#include "service/http/http_server.h"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/post.hpp"
#include "boost/asio/ssl.hpp"
#include "boost/asio/strand.hpp"
#include "boost/asio/write.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "boost/beast/ssl.hpp"
#include "service/http/http_session.h"

namespace statusinfo::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// Splits "host:port" ("[::1]:80" for IPv6) and resolves it to the address
// to listen on.
absl::StatusOr<tcp::endpoint> ResolveAddress(asio::io_context& ioc,
                                             absl::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("--http_address: \"", address, "\" is not host:port"));
  }
  absl::string_view host = address.substr(0, colon);
  const absl::string_view port = address.substr(colon + 1);
  if (absl::ConsumePrefix(&host, "[")) absl::ConsumeSuffix(&host, "]");
  tcp::resolver resolver(ioc);
  boost::system::error_code ec;
  const auto results = resolver.resolve(
      std::string(host), std::string(port),
      tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--http_address: cannot resolve \"", address,
                     "\": ", ec ? ec.message() : "no address"));
  }
  return results.begin()->endpoint();
}

// The TLS context of the server's certificate flags: TLS 1.2 and later;
// client certificates required when a client CA is given.
absl::StatusOr<std::unique_ptr<asio::ssl::context>> TlsContext(
    const server::TlsConfig& tls) {
  auto context =
      std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  context->set_options(
      asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
      asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  boost::system::error_code ec;
  const auto bad = [&ec](absl::string_view flag, const std::string& file) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": OpenSSL refuses \"", file, "\": ", ec.message()));
  };
  if (context->use_certificate_chain_file(tls.cert_file, ec); ec) {
    return bad("--tls_cert_file", tls.cert_file);
  }
  if (context->use_private_key_file(tls.key_file, asio::ssl::context::pem, ec);
      ec) {
    return bad("--tls_key_file", tls.key_file);
  }
  if (tls.mutual()) {
    if (context->load_verify_file(tls.client_ca_file, ec); ec) {
      return bad("--tls_client_ca_file", tls.client_ca_file);
    }
    context->set_verify_mode(asio::ssl::verify_peer |
                             asio::ssl::verify_fail_if_no_peer_cert);
  }
  return context;
}

}  // namespace

class HttpServer::Impl final : public SessionRegistry {
 public:
  Impl(std::unique_ptr<HttpHandler> handler, const server::HttpConfig& config)
      : handler_(std::move(handler)),
        limits_{absl::ToChronoMilliseconds(config.request_timeout),
                absl::ToChronoMilliseconds(config.idle_timeout)},
        threads_wanted_(std::max(1, config.threads)),
        max_connections_(
            static_cast<size_t>(std::max(1, config.max_connections))),
        ioc_(std::in_place, threads_wanted_) {}

  ~Impl() override {
    Shutdown(absl::InfinitePast());
    // Handlers still queued hold sessions, which unregister as they go:
    // before the registry's members.
    acceptor_.reset();
    ioc_.reset();
  }

  absl::Status Listen(const server::ServerConfig& config) {
    if (config.tls.enabled()) {
      absl::StatusOr<std::unique_ptr<asio::ssl::context>> tls =
          TlsContext(config.tls);
      if (!tls.ok()) return tls.status();
      tls_ = *std::move(tls);
    }
    absl::StatusOr<tcp::endpoint> endpoint =
        ResolveAddress(*ioc_, config.http.address);
    if (!endpoint.ok()) return endpoint.status();
    acceptor_.emplace(asio::make_strand(*ioc_));
    boost::system::error_code ec;
    acceptor_->open(endpoint->protocol(), ec);
    if (!ec) acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_->bind(*endpoint, ec);
    if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return absl::UnavailableError(
          absl::StrCat("--http_address: cannot listen on \"",
                       config.http.address, "\": ", ec.message()));
    }
    port_ = acceptor_->local_endpoint().port();
    Accept();
    for (int i = 0; i < threads_wanted_; ++i) {
      threads_.emplace_back([this] { ioc_->run(); });
    }
    return absl::OkStatus();
  }

  int port() const { return port_; }

  void SetServing(bool serving) { draining_ = !serving; }

  void Shutdown(absl::Time end) {
    if (threads_.empty()) return;
    draining_ = true;
    asio::post(acceptor_->get_executor(), [this] { acceptor_->close(); });
    ForEachSession([](Session& s) { s.CloseIfIdle(); });
    AwaitNoSession(end);
    // Past the deadline: whatever is left is closed, mid-request or not.
    ForEachSession([](Session& s) { s.Close(); });
    AwaitNoSession(absl::Now() + absl::Seconds(5));
    ioc_->stop();
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
  }

  // SessionRegistry:
  HttpHandler& handler() override { return *handler_; }
  const SessionLimits& limits() const override { return limits_; }
  bool draining() const override { return draining_; }
  void Unregister(Session* session) override {
    absl::MutexLock lock(&mu_);
    sessions_.erase(session);
    if (sessions_.empty()) none_left_.SignalAll();
  }

 private:
  void Accept() {
    acceptor_->async_accept(
        asio::make_strand(*ioc_),
        [this](boost::system::error_code ec, tcp::socket socket) {
          if (ec == asio::error::operation_aborted || !acceptor_->is_open()) {
            return;
          }
          if (!ec) Begin(std::move(socket));
          Accept();
        });
  }

  void Begin(tcp::socket socket) {
    boost::system::error_code ignored;
    // Each answer is one write: no reason to wait for the peer's ACK.
    socket.set_option(tcp::no_delay(true), ignored);
    if (OpenSessions() >= max_connections_) return Refuse(std::move(socket));
    std::shared_ptr<Session> session;
    if (tls_ != nullptr) {
      session = NewTlsSession(*this, std::move(socket), *tls_);
    } else {
      session = NewPlainSession(*this, std::move(socket));
    }
    {
      absl::MutexLock lock(&mu_);
      sessions_.emplace(session.get(), session);
    }
    session->Start();
  }

  size_t OpenSessions() {
    absl::MutexLock lock(&mu_);
    return sessions_.size();
  }

  // One connection over --http_max_connections: told so and closed at
  // once. Plaintext gets a 503 in one non-blocking write (a new socket's
  // send buffer is empty); TLS would need a handshake first, so it is
  // closed.
  void Refuse(tcp::socket socket) {
    HttpAnswer answer = handler_->Reject(
        503, absl::StatusCode::kUnavailable,
        absl::StrCat("connections: over the limit of ", max_connections_,
                     " (--http_max_connections)"),
        nullptr);
    if (tls_ != nullptr) return;
    answer.headers.emplace_back("Retry-After", "1");
    const std::string bytes = handler_->Serialize(answer, "GET", false);
    boost::system::error_code ignored;
    socket.non_blocking(true, ignored);
    socket.write_some(asio::buffer(bytes), ignored);
    socket.shutdown(tcp::socket::shutdown_send, ignored);
  }

  // A CondVar, not Mutex::Await: the waiter itself checks the map, under
  // the lock (an Await condition may run on the unlocking thread).
  void AwaitNoSession(absl::Time deadline) {
    absl::MutexLock lock(&mu_);
    while (!sessions_.empty()) {
      if (none_left_.WaitWithDeadline(&mu_, deadline)) return;
    }
  }

  template <typename F>
  void ForEachSession(F f) {
    std::vector<std::shared_ptr<Session>> live;
    {
      absl::MutexLock lock(&mu_);
      for (auto& [raw, weak] : sessions_) {
        if (std::shared_ptr<Session> s = weak.lock()) live.push_back(s);
      }
    }
    for (const std::shared_ptr<Session>& s : live) f(*s);
  }

  const std::unique_ptr<HttpHandler> handler_;
  const SessionLimits limits_;
  const int threads_wanted_;
  const size_t max_connections_;
  std::atomic<bool> draining_{false};
  std::unique_ptr<asio::ssl::context> tls_;
  absl::Mutex mu_;
  absl::CondVar none_left_;
  absl::flat_hash_map<Session*, std::weak_ptr<Session>> sessions_
      ABSL_GUARDED_BY(mu_);
  // Last: destroyed first (see ~Impl).
  std::optional<asio::io_context> ioc_;
  std::optional<tcp::acceptor> acceptor_;
  std::vector<std::thread> threads_;
  int port_ = 0;
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() = default;

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(
    const server::StatusInfoServer& server,
    const server::ServerConfig& config) {
  absl::StatusOr<std::unique_ptr<HttpHandler>> handler =
      HttpHandler::Create(server, config);
  if (!handler.ok()) return handler.status();
  auto impl = std::make_unique<Impl>(*std::move(handler), config.http);
  if (absl::Status listening = impl->Listen(config); !listening.ok()) {
    return listening;
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

int HttpServer::port() const { return impl_->port(); }

void HttpServer::Shutdown(absl::Time end) { impl_->Shutdown(end); }

void HttpServer::SetServing(bool serving) { impl_->SetServing(serving); }

}  // namespace statusinfo::http
