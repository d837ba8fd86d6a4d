// Fuzzes the HTTP listener from the bytes a client sends: Beast's request
// parser with the session's limits (service/http/request_head.h), then for
// each request in the input (keep-alive and pipelining: one after the
// other, while the connection stays open) the session's steps: the head's
// checks, HttpHandler::Route, the body read eagerly, HttpHandler::Serve, or
// HttpHandler::Reject for a request that cannot be read. The handler serves
// a real StatusInfoServer's service, with CORS on for one origin.
//
// The input is what the client sends before it closes its side of the
// connection; the fuzzer reads it with Beast's synchronous read_header and
// read, whose parsing is the async ones' (the session's) step for step.
//
// Invariants of every answer, as serialized: a status of 100 to 599, a
// status line "HTTP/1.1 <status> ", head lines free of CR, LF and other
// control bytes (nothing from the request may split a header: Allow, the
// CORS Origin echo and error messages included), one Content-Length equal
// to the body's size (none for 204), no body for HEAD; every JSON body is
// UTF-8 and every 4xx/5xx body a google.rpc.Status that parses back, whose
// non-zero code is the one the status stands for.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "boost/asio/buffer.hpp"
#include "boost/asio/error.hpp"
#include "boost/beast/core/flat_buffer.hpp"
#include "boost/beast/http/read.hpp"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/status.pb.h"
#include "service/core/catalog_loader.h"
#include "service/http/http_call.h"
#include "service/http/http_handler.h"
#include "service/http/request_head.h"
#include "service/server/server.h"
#include "tests/fuzz/fuzz_common.h"

namespace statusinfo::fuzz {
namespace {

using ErrorCode = boost::system::error_code;

constexpr char kOrigin[] = "https://a.example";
constexpr char kPeer[] = "ipv4:127.0.0.1:5000";

// The client's bytes as a SyncReadStream: all of them, then end of file
// (the client closed its sending side).
class InputStream {
 public:
  explicit InputStream(absl::string_view input) : rest_(input) {}

  template <typename MutableBuffers>
  size_t read_some(const MutableBuffers& buffers, ErrorCode& ec) {
    ec = {};
    if (rest_.empty()) {
      ec = boost::asio::error::eof;
      return 0;
    }
    const size_t n = boost::asio::buffer_copy(
        buffers, boost::asio::buffer(rest_.data(), rest_.size()));
    rest_.remove_prefix(n);
    return n;
  }

  template <typename MutableBuffers>
  size_t read_some(const MutableBuffers& buffers) {
    ErrorCode ec;
    const size_t n = read_some(buffers, ec);
    FUZZ_CHECK(!ec || ec == boost::asio::error::eof, ec.message());
    return n;
  }

 private:
  absl::string_view rest_;
};

// A started server (its gRPC listener on a loopback port, which no input
// uses) and the HTTP listener's handler over it. Built once, never
// destroyed: the server's threads outlive LLVMFuzzerTestOneInput.
struct Harness {
  Harness() {
    server::ServerConfig config;
    config.address = "127.0.0.1:0";
    // Metrics on, as deployed: Reject and Serve count into them.
    config.metrics_address = "127.0.0.1:0";
    config.http.cors_origins = kOrigin;
    absl::StatusOr<std::unique_ptr<server::StatusInfoServer>> started =
        server::StatusInfoServer::Start(*core::LoadCatalog(""), config);
    FUZZ_CHECK(started.ok(), started.status().ToString());
    server = *std::move(started);
    absl::StatusOr<std::unique_ptr<http::HttpHandler>> created =
        http::HttpHandler::Create(*server, config);
    FUZZ_CHECK(created.ok(), created.status().ToString());
    handler = *std::move(created);
  }

  std::unique_ptr<server::StatusInfoServer> server;
  std::unique_ptr<http::HttpHandler> handler;
};

Harness& TheHarness() {
  static Harness* const harness = new Harness;
  return *harness;
}

// The pairs of status and code of the listener's own answers that are not
// the catalog's mapping of the code (http_handler.h, request_head.h).
bool ListenerOwn(int status, absl::StatusCode code) {
  switch (status) {
    case 405:
      return code == absl::StatusCode::kUnimplemented;
    case 413:
      return code == absl::StatusCode::kResourceExhausted;
    case 415:
    case 431:
      return code == absl::StatusCode::kInvalidArgument;
    default:
      return false;
  }
}

// An error's body: a google.rpc.Status whose code fits the status; for a
// request that could not be read, the failure's own code and message.
void CheckErrorBody(const http::HttpAnswer& answer,
                    const http::ReadFailure* failure) {
  FUZZ_CHECK(answer.content_type == "application/json", answer.body);
  google::rpc::Status status;
  FUZZ_CHECK(
      google::protobuf::util::JsonStringToMessage(answer.body, &status).ok(),
      absl::StrCat(answer.status, " body: ", answer.body));
  FUZZ_CHECK(status.code() != 0, answer.body);
  const auto code = static_cast<absl::StatusCode>(status.code());
  if (failure != nullptr) {
    FUZZ_CHECK(code == failure->code && status.message() == failure->message,
               answer.body);
    return;
  }
  FUZZ_CHECK(http::HttpStatusFor(TheHarness().server->catalog(), code) ==
                     answer.status ||
                 ListenerOwn(answer.status, code),
             absl::StrCat(answer.status, " with ", answer.body));
}

// A header line "Name: value": a token for the name, no control byte but
// HTAB in the value.
void CheckHeaderLine(absl::string_view line) {
  const size_t colon = line.find(": ");
  FUZZ_CHECK(colon != absl::string_view::npos && colon > 0, std::string(line));
  for (char c : line.substr(0, colon)) {
    FUZZ_CHECK(absl::ascii_isalnum(c) || c == '-', std::string(line));
  }
  for (char c : line.substr(colon + 2)) {
    const auto byte = static_cast<unsigned char>(c);
    FUZZ_CHECK(byte == '\t' || (byte >= 0x20 && byte != 0x7f),
               absl::StrCat("control byte ", byte, " in ", line));
  }
}

// The answer's bytes on the wire. `head_request`: the request's method was
// HEAD.
void CheckWire(absl::string_view out, const http::HttpAnswer& answer,
               bool head_request) {
  FUZZ_CHECK(answer.status >= 100 && answer.status <= 599,
             absl::StrCat(answer.status));
  FUZZ_CHECK(
      absl::StartsWith(out, absl::StrCat("HTTP/1.1 ", answer.status, " ")),
      std::string(out.substr(0, 80)));
  const size_t end = out.find("\r\n\r\n");
  FUZZ_CHECK(end != absl::string_view::npos, std::string(out));
  int lengths = 0;
  bool status_line = true;
  for (absl::string_view line : absl::StrSplit(out.substr(0, end), "\r\n")) {
    FUZZ_CHECK(line.find_first_of("\r\n") == absl::string_view::npos,
               absl::StrCat("bare CR or LF in: ", line));
    if (std::exchange(status_line, false)) continue;
    CheckHeaderLine(line);
    if (absl::StartsWithIgnoreCase(line, "Content-Length:")) {
      ++lengths;
      FUZZ_CHECK(line == absl::StrCat("Content-Length: ", answer.body.size()),
                 std::string(line));
    }
  }
  FUZZ_CHECK(lengths == (answer.status == 204 ? 0 : 1), std::string(out));
  const absl::string_view body = out.substr(end + 4);
  if (head_request || answer.status == 204) {
    FUZZ_CHECK(body.empty(), absl::StrCat(answer.status, " body: ", body));
  } else {
    FUZZ_CHECK(body == answer.body, std::string(out));
  }
}

// Serializes `answer` as the session's Send does, checks it; false when the
// connection closes after it.
bool Send(const http::RequestParser& parser, const http::HttpAnswer& answer,
          const http::ReadFailure* failure = nullptr) {
  const bool keep_open = http::KeepOpen(parser, answer, /*draining=*/false);
  const std::string out = TheHarness().handler->Serialize(
      answer, http::AnswerMethod(parser), keep_open);
  // HEAD as the parser read it, not as the answer was serialized for.
  CheckWire(out, answer,
            parser.is_header_done() && parser.get().method_string() == "HEAD");
  if (answer.content_type == "application/json") {
    FUZZ_CHECK(IsValidUtf8(answer.body), answer.body);
  }
  if (answer.status >= 400) CheckErrorBody(answer, failure);
  return keep_open;
}

// The session's Fail: an answer from the handler, then a close.
bool Fail(const http::RequestParser& parser, const http::RequestHead& head,
          const http::ReadFailure& failure) {
  http::HttpAnswer answer = TheHarness().handler->Reject(
      failure.status, failure.code, failure.message,
      parser.is_header_done() ? &head : nullptr);
  answer.close = true;
  FUZZ_CHECK(!Send(parser, answer, &failure), "open after a failure");
  return false;
}

// One request whose head was read with `ec`: false when the connection
// closes after it.
bool Answer(InputStream& stream, boost::beast::flat_buffer& buffer,
            http::RequestParser& parser, ErrorCode ec) {
  http::HttpHandler& handler = *TheHarness().handler;
  http::RequestHead head;
  if (std::optional<http::ReadFailure> failure =
          http::CheckHead(ec, parser.get())) {
    return Fail(parser, head, *failure);
  }
  head = http::HeadOf(parser.get(), kPeer);
  http::RouteMatch match;
  if (std::optional<http::HttpAnswer> early = handler.Route(head, match)) {
    early->close = early->close || !parser.is_done();
    return Send(parser, *early);
  }
  if (!parser.is_done()) {
    // After "HTTP/1.1 100 Continue" when the client expects it.
    boost::beast::http::read(stream, buffer, parser, ec);
    if (http::PeerGone(ec)) return false;
    if (ec) return Fail(parser, head, http::BodyFailure(ec));
  }
  return Send(parser, handler.Serve(head, match, parser.get().body()));
}

void FuzzWire(absl::string_view input) {
  InputStream stream(input);
  boost::beast::flat_buffer buffer;
  for (;;) {
    http::RequestParser parser;
    http::LimitRequest(parser);
    ErrorCode ec;
    boost::beast::http::read_header(stream, buffer, parser, ec);
    if (http::PeerGone(ec)) return;
    if (!Answer(stream, buffer, parser, ec)) return;
  }
}

}  // namespace
}  // namespace statusinfo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  statusinfo::fuzz::FuzzWire(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
