#include "service/http/http_session.h"

#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "boost/asio/post.hpp"
#include "boost/asio/write.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "boost/beast/ssl.hpp"
#include "service/http/http_server.h"
#include "service/http/request_head.h"

namespace statusinfo::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;

constexpr absl::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

std::string Peer(const tcp::socket& socket) {
  ErrorCode ec;
  const tcp::endpoint remote = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  const asio::ip::address address = remote.address();
  return address.is_v6()
             ? absl::StrCat("ipv6:[", address.to_string(), "]:", remote.port())
             : absl::StrCat("ipv4:", address.to_string(), ":", remote.port());
}

template <typename Stream>
class Connection final
    : public Session,
      public std::enable_shared_from_this<Connection<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  template <typename... Args>
  Connection(SessionRegistry& registry, tcp::socket socket, Args&&... args)
      : registry_(registry),
        peer_(Peer(socket)),
        stream_(std::move(socket), std::forward<Args>(args)...) {}

  ~Connection() override { registry_.Unregister(this); }

  void Start() override {
    if constexpr (kTls) {
      Lowest().expires_after(registry_.limits().request_timeout);
      stream_.async_handshake(
          asio::ssl::stream_base::server,
          [self = this->shared_from_this()](const ErrorCode& ec) {
            if (ec) return self->Close();
            self->WaitForRequest();
          });
    } else {
      WaitForRequest();
    }
  }

  void CloseIfIdle() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->idle_) self->Close();
    });
  }

  void Close() override {
    asio::post(stream_.get_executor(),
               [self = this->shared_from_this()] { self->Lowest().close(); });
  }

 private:
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  // Idle until the first byte of the next request (or the end of one that
  // came with the last: pipelining).
  void WaitForRequest() {
    parser_.emplace();
    LimitRequest(*parser_);
    if (buffer_.size() > 0) return ReadHead();
    idle_ = true;
    Lowest().expires_after(registry_.limits().idle_timeout);
    stream_.async_read_some(
        buffer_.prepare(4096),
        [self = this->shared_from_this()](const ErrorCode& ec, size_t n) {
          self->idle_ = false;
          if (ec) return self->Lowest().close();
          self->buffer_.commit(n);
          self->ReadHead();
        });
  }

  void ReadHead() {
    // The request timeout runs from the request's first byte to its answer.
    Lowest().expires_after(registry_.limits().request_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](const ErrorCode& ec, size_t) {
          self->OnHead(ec);
        });
  }

  void OnHead(const ErrorCode& ec) {
    if (PeerGone(ec)) return Lowest().close();
    const auto& message = parser_->get();
    if (std::optional<ReadFailure> failure = CheckHead(ec, message)) {
      return Fail(*failure);
    }
    head_ = HeadOf(message, peer_);
    if (std::optional<HttpAnswer> answer =
            registry_.handler().Route(head_, match_)) {
      // A body left unread cannot be told from the next request.
      answer->close = answer->close || !parser_->is_done();
      return Send(*answer);
    }
    if (parser_->is_done()) return Serve();
    if (ExpectsContinue(message)) {
      // curl asks before sending a body over 1 KiB, and waits a second
      // for this answer otherwise.
      return asio::async_write(
          stream_, asio::buffer(kContinue.data(), kContinue.size()),
          [self = this->shared_from_this()](const ErrorCode& ec, size_t) {
            if (ec) return self->Lowest().close();
            self->ReadBody();
          });
    }
    ReadBody();
  }

  void ReadBody() {
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](const ErrorCode& ec, size_t) {
          if (PeerGone(ec)) return self->Lowest().close();
          if (ec) return self->Fail(BodyFailure(ec));
          self->Serve();
        });
  }

  void Serve() {
    Send(registry_.handler().Serve(head_, match_, parser_->get().body()));
  }

  // An answer to a request that could not be read whole: the connection
  // closes after it.
  void Fail(const ReadFailure& failure) {
    const bool parsed = parser_->is_header_done();
    HttpAnswer answer =
        registry_.handler().Reject(failure.status, failure.code,
                                   failure.message, parsed ? &head_ : nullptr);
    answer.close = true;
    Send(answer);
  }

  void Send(const HttpAnswer& answer) {
    closing_ = !KeepOpen(*parser_, answer, registry_.draining());
    out_ = registry_.handler().Serialize(answer, AnswerMethod(*parser_),
                                         !closing_);
    Lowest().expires_after(registry_.limits().request_timeout);
    asio::async_write(
        stream_, asio::buffer(out_),
        [self = this->shared_from_this()](const ErrorCode& ec, size_t) {
          if (ec) return self->Lowest().close();
          if (self->closing_) return self->Linger();
          self->head_ = RequestHead();
          self->WaitForRequest();
        });
  }

  // Closes after an answer. Bytes of the request still unread would make
  // the close a reset, and a reset can discard the answer before the
  // client reads it: so the sending side closes first, and what the client
  // still sends is read and dropped until it closes too (or the request
  // timeout passes).
  void Linger() {
    // Nothing is owed to the peer any more: a shutdown may close it now.
    idle_ = true;
    if constexpr (kTls) {
      stream_.async_shutdown([self = this->shared_from_this()](
                                 const ErrorCode&) { self->Lowest().close(); });
    } else {
      ErrorCode ignored;
      Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
      Drain();
    }
  }

  void Drain() {
    buffer_.clear();
    stream_.async_read_some(
        buffer_.prepare(16 << 10),
        [self = this->shared_from_this()](const ErrorCode& ec, size_t) {
          if (ec) return self->Lowest().close();
          self->Drain();
        });
  }

  SessionRegistry& registry_;
  const std::string peer_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  // Views into parser_'s message: valid until the next request.
  RequestHead head_;
  RouteMatch match_;
  std::string out_;
  bool idle_ = false;
  bool closing_ = false;
};

}  // namespace

std::shared_ptr<Session> NewPlainSession(SessionRegistry& registry,
                                         tcp::socket socket) {
  return std::make_shared<Connection<beast::tcp_stream>>(registry,
                                                         std::move(socket));
}

std::shared_ptr<Session> NewTlsSession(SessionRegistry& registry,
                                       tcp::socket socket,
                                       asio::ssl::context& tls) {
  return std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(
      registry, std::move(socket), tls);
}

}  // namespace statusinfo::http
