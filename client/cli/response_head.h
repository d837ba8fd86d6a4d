// Reading and parsing a raw HTTP response head: the status line and the
// header field lines up to the first empty line, as `curl -sI` prints them,
// `curl -si` prints them before the body, or a capture file holds them.
//
// The parser keeps what the rules judge (the status line with its line
// terminator, header names as sent, a CR inside a value) and only undoes
// what RFC 9112 tells a recipient to undo: the CR of each CRLF, the
// whitespace around field values, and obs-fold (Section 5.2), which it
// replaces with one SP. What the sender got wrong in the framing of the head
// itself, which ValidateResponse cannot see once it is parsed, comes back as
// findings of the head (`head_findings`), with rule ids that start "head-".
//
// Example:
//
//   std::istringstream in("HTTP/1.1 401 Unauthorized\r\nDate: ...\r\n\r\n");
//   absl::StatusOr<std::string> raw = ReadResponseHead(in);
//   absl::StatusOr<ResponseHead> head = ParseResponseHead(*raw);
//   // head->status_code == 401, head->headers[0].name() == "Date"
//   v1::ValidateResponseRequest request =
//       ToValidateResponseRequest(*head, "HEAD", /*has_content=*/false);
#ifndef STATUSINFO_CLIENT_CLI_RESPONSE_HEAD_H_
#define STATUSINFO_CLIENT_CLI_RESPONSE_HEAD_H_

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::cli {

// The most bytes of input a head may take, blank lines and all. Real heads
// are a few hundred bytes; servers cap theirs at 8 to 64 KiB.
inline constexpr std::size_t kMaxHeadBytes = std::size_t{64} * 1024;

// Ids of the findings the parser makes about the head's own framing.
inline constexpr char kHeadObsFoldRule[] = "head-obs-fold";
inline constexpr char kHeadWhitespaceAfterStatusLineRule[] =
    "head-whitespace-after-status-line";

// A finding the parser makes about the head's framing, which the server
// never sees. docs/rules.md lists these in its own section, and a test
// (tests/client/cli_rules_doc_test.cc) keeps that list equal to HeadRules().
struct HeadRule {
  absl::string_view id;
  statusinfo::v1::Severity severity;
  absl::string_view reference;
};

// Every finding ParseResponseHead can make, and the only ones.
absl::Span<const HeadRule> HeadRules();

struct ResponseHead {
  // The first line, with its terminator as received ("\r\n", "\n", or none
  // at the end of the input), so that ValidateStatusLine sees it all.
  std::string status_line;
  // The status line's first word, e.g. "HTTP/1.1" or "HTTP/2".
  std::string http_version;
  // The status line's second word when it is three digits; 0 otherwise.
  int status_code = 0;
  // The header fields in order: names as sent, values without surrounding
  // SP and HTAB, obs-fold replaced with SP.
  std::vector<statusinfo::v1::HttpHeader> headers;
  // Problems with the head's framing (obs-fold, whitespace after the status
  // line), in the order of the input.
  std::vector<statusinfo::v1::Finding> head_findings;
};

// Reads `in` up to and including the first empty line that ends the head
// (leading empty lines are skipped by ParseResponseHead, not here), or to
// the end of the input. Reads nothing past that line, so a body after it is
// left in the stream. INVALID_ARGUMENT when the input is empty or the head
// does not end within `max_bytes`.
absl::StatusOr<std::string> ReadResponseHead(
    std::istream& in, std::size_t max_bytes = kMaxHeadBytes);

// As ReadResponseHead, for a head whose first bytes, `start`, were already
// taken from `in` (to see whether a head or content follows another head).
absl::StatusOr<std::string> ReadResponseHeadFrom(
    absl::string_view start, std::istream& in,
    std::size_t max_bytes = kMaxHeadBytes);

// Parses a head (lines end with CRLF or LF; parsing stops at the first
// empty line). INVALID_ARGUMENT, naming the line, when there is no status
// line starting with "HTTP/" or a header line has no colon.
absl::StatusOr<ResponseHead> ParseResponseHead(absl::string_view text);

// True for HTTP/2 and HTTP/3, which have no status line: a "HTTP/2 200"
// line is a client's rendering of the :status pseudo-header field.
bool HasNoStatusLine(absl::string_view http_version);

// The ValidateResponse request for `head`, as the answer to `method`.
// `has_content` says whether content followed the head.
statusinfo::v1::ValidateResponseRequest ToValidateResponseRequest(
    const ResponseHead& head, absl::string_view method, bool has_content);

}  // namespace statusinfo::cli

#endif  // STATUSINFO_CLIENT_CLI_RESPONSE_HEAD_H_
