#include "service/http/request_head.h"

#include <iterator>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "boost/asio/error.hpp"
#include "boost/asio/ssl/error.hpp"
#include "boost/beast/core/error.hpp"
#include "boost/beast/http/error.hpp"
#include "service/http/http_server.h"

namespace statusinfo::http {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;

absl::string_view Std(boost::beast::string_view s) {
  return {s.data(), s.size()};
}

ReadFailure TooLarge() {
  return {413, absl::StatusCode::kResourceExhausted,
          absl::StrCat("body: larger than the limit of ", kMaxRequestBodyBytes,
                       " bytes")};
}

}  // namespace

void LimitRequest(RequestParser& parser) {
  parser.header_limit(kMaxHeadBytes);
  parser.body_limit(kMaxRequestBodyBytes);
}

bool PeerGone(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
         ec == boost::beast::error::timeout ||
         ec == asio::error::operation_aborted ||
         ec == asio::error::connection_reset ||
         ec == asio::ssl::error::stream_truncated;
}

std::optional<ReadFailure> CheckHead(const boost::system::error_code& ec,
                                     const Request& message) {
  if (ec == bhttp::error::header_limit) {
    return ReadFailure{431, absl::StatusCode::kInvalidArgument,
                       absl::StrCat("head: larger than the limit of ",
                                    kMaxHeadBytes, " bytes")};
  }
  // A Content-Length over the limit fails as soon as the head is read.
  if (ec == bhttp::error::body_limit) return TooLarge();
  if (ec) {
    return ReadFailure{400, absl::StatusCode::kInvalidArgument,
                       absl::StrCat("request: ", ec.message())};
  }
  if (std::distance(message.begin(), message.end()) > kMaxHeaderFields) {
    return ReadFailure{
        431, absl::StatusCode::kInvalidArgument,
        absl::StrCat("head: more than ", kMaxHeaderFields, " header lines")};
  }
  return std::nullopt;
}

ReadFailure BodyFailure(const boost::system::error_code& ec) {
  if (ec == bhttp::error::body_limit) return TooLarge();
  if (ec == bhttp::error::partial_message) {
    return {400, absl::StatusCode::kInvalidArgument,
            "body: shorter than its Content-Length (the client stopped "
            "sending)"};
  }
  return {400, absl::StatusCode::kInvalidArgument,
          absl::StrCat("body: ", ec.message())};
}

absl::string_view AnswerMethod(const RequestParser& parser) {
  return parser.is_header_done() ? Std(parser.get().method_string()) : "GET";
}

bool KeepOpen(const RequestParser& parser, const HttpAnswer& answer,
              bool draining) {
  return !answer.close && !draining && parser.is_header_done() &&
         parser.get().keep_alive();
}

bool ExpectsContinue(const Request& message) {
  return absl::EqualsIgnoreCase(Std(message[bhttp::field::expect]),
                                "100-continue");
}

RequestHead HeadOf(const Request& message, std::string peer) {
  const absl::string_view target = Std(message.target());
  const size_t question = target.find('?');
  RequestHead head;
  head.method = Std(message.method_string());
  head.path = target.substr(0, question);
  head.query = question == absl::string_view::npos
                   ? absl::string_view()
                   : target.substr(question + 1);
  head.content_type = Std(message[bhttp::field::content_type]);
  head.origin = Std(message[bhttp::field::origin]);
  head.peer = std::move(peer);
  return head;
}

}  // namespace statusinfo::http
