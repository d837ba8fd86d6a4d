// The heads on the input of `statusinfo check`, and whether each response
// has content.
//
// One input may hold several heads in a row: `curl -i` prints each interim
// 1xx head (100 Continue, 103 Early Hints) before the final one, and then
// the body; `curl -sIL` prints the head of every hop of a redirect chain.
// ReadResponseHeads splits them: after a 1xx head other than 101 the next
// head starts (an interim response ends with its header section, RFC 9110,
// Section 15.2); after a final head (or a 101, after which curl prints the
// head of an h2c upgrade), bytes starting with "HTTP/" are the next hop's head,
// and any other bytes are the content of that response, the last one: they
// are never parsed as a head.
//
// InferHasContent then says whether a response has content, from the
// request method, the status code, the framing header fields and the bytes
// seen after the head, so that a 404 page with `Content-Length: 341` is
// known to have content although `curl -s -D - -o /dev/null` printed only
// its head.
//
// Example:
//
//   std::istringstream in("HTTP/1.1 103 Early Hints\r\n\r\n"
//                         "HTTP/1.1 200 OK\r\n\r\n<html>");
//   absl::StatusOr<std::vector<InputHead>> heads = ReadResponseHeads(in);
//   // heads->size() == 2; (*heads)[1].bytes_follow == true
//   bool content = InferHasContent((*heads)[1].head, "GET",
//                                  (*heads)[1].bytes_follow);  // true
#ifndef STATUSINFO_CLIENT_CLI_RESPONSE_HEADS_H_
#define STATUSINFO_CLIENT_CLI_RESPONSE_HEADS_H_

#include <cstddef>
#include <istream>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/cli/response_head.h"

namespace statusinfo::cli {

// The most heads one input may hold: curl follows at most 50 redirects by
// default, and each hop may have a few 1xx heads before it.
inline constexpr int kMaxHeads = 100;

// One head of the input.
struct InputHead {
  ResponseHead head;
  // Bytes other than CR and LF followed the head, and were not a head: the
  // response's content (curl -i). Only ever true for the last head.
  bool bytes_follow = false;
};

// Reads and parses every head on `in`, in order, each within `max_bytes`.
// Content after the last head is read to the end of the input and dropped
// (so that the writer of a pipe never sees it closed early). Blank lines
// between and after heads are not content. INVALID_ARGUMENT when there is
// no head, a head does not parse (the message names the head when it is
// not the first), or there are more than kMaxHeads.
absl::StatusOr<std::vector<InputHead>> ReadResponseHeads(
    std::istream& in, std::size_t max_bytes = kMaxHeadBytes);

// Whether the response `head`, the answer to `method` (empty if unknown),
// has content. Never for HEAD, a 2xx to CONNECT, a 1xx, 204 or 304 (RFC
// 9110, Section 6.4.1); otherwise when `bytes_follow`, or when its framing
// announces some: Transfer-Encoding (RFC 9112, Section 6.3: chunked data,
// or content up to the end of the connection), or a Content-Length above 0
// (a list of equal values counts as one). Without either, nothing shows
// content, and none is assumed.
bool InferHasContent(const ResponseHead& head, absl::string_view method,
                     bool bytes_follow);

}  // namespace statusinfo::cli

#endif  // STATUSINFO_CLIENT_CLI_RESPONSE_HEADS_H_
