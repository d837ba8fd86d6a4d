// How the HTTP listener reads a request off the wire, apart from the
// socket: the limits of Beast's parser, which read errors get an answer
// (and which), the header-line limit, and the RequestHead that HttpHandler
// reads. Shared by the session (http_session.cc) and by
// tests/fuzz/http_wire_fuzzer.cc, so that the fuzzer checks the decisions
// the listener really makes.
//
// Example (one request; the session does this with async reads):
//
//   RequestParser parser;
//   LimitRequest(parser);
//   bhttp::read_header(stream, buffer, parser, ec);
//   if (PeerGone(ec)) return;  // nobody to answer
//   if (std::optional<ReadFailure> failure = CheckHead(ec, parser.get())) {
//     return Answer(handler.Reject(failure->status, failure->code,
//                                  failure->message, nullptr));
//   }
//   RequestHead head = HeadOf(parser.get(), peer);
#ifndef STATUSINFO_SERVICE_HTTP_REQUEST_HEAD_H_
#define STATUSINFO_SERVICE_HTTP_REQUEST_HEAD_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "boost/beast/http/message.hpp"
#include "boost/beast/http/parser.hpp"
#include "boost/beast/http/string_body.hpp"
#include "boost/system/error_code.hpp"
#include "service/http/http_handler.h"

namespace statusinfo::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using RequestParser =
    boost::beast::http::request_parser<boost::beast::http::string_body>;

// Sets the listener's limits on a new parser: kMaxHeadBytes for the head,
// kMaxRequestBodyBytes for the body.
void LimitRequest(RequestParser& parser);

// True for the read errors after which there is nobody to answer: the
// peer left (between requests or in the middle of one), or a timeout
// closed the socket.
bool PeerGone(const boost::system::error_code& ec);

// Why a request is answered without reaching the handler: the connection
// closes after the answer, as the rest of the request cannot be trusted.
struct ReadFailure {
  int status = 400;
  absl::StatusCode code = absl::StatusCode::kInvalidArgument;
  std::string message;
};

// After reading the head ended with `ec` (not PeerGone): the failure to
// answer, when `ec` is set or `message` has more than kMaxHeaderFields
// lines; nullopt when the head is fine.
std::optional<ReadFailure> CheckHead(const boost::system::error_code& ec,
                                     const Request& message);

// After reading the body ended with `ec` (set, not PeerGone).
ReadFailure BodyFailure(const boost::system::error_code& ec);

// The method an answer is serialized for (HEAD's has no body): the
// request's once its head is parsed, even when it failed the checks above;
// GET before.
absl::string_view AnswerMethod(const RequestParser& parser);

// False when the connection closes after `answer`: the answer or the
// request says so, the head could not be parsed, or the server drains.
bool KeepOpen(const RequestParser& parser, const HttpAnswer& answer,
              bool draining);

// True when the request asks for "100 Continue" before it sends its body
// (Expect: 100-continue, RFC 9110, Section 10.1.1).
bool ExpectsContinue(const Request& message);

// What the handler reads of `message`'s head. Its views point into
// `message`, which must outlive it.
RequestHead HeadOf(const Request& message, std::string peer);

}  // namespace statusinfo::http

#endif  // STATUSINFO_SERVICE_HTTP_REQUEST_HEAD_H_
