// Captures of real servers' traffic for tests (tests/data/real_heads and
// tests/data/exchanges): the MANIFEST.tsv rows, the heads parsed by the
// CLI's head parser, and the ValidateResponse request for each, built the
// way `statusinfo check` builds it.
//
// Example:
//
//   for (const Capture& capture : LoadManifest(kDir)) {
//     v1::ValidateResponseRequest request = RequestFor(kDir, capture);
//     ...
//   }
#ifndef STATUSINFO_TESTS_SUPPORT_CAPTURES_H_
#define STATUSINFO_TESTS_SUPPORT_CAPTURES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "client/cli/response_head.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::testing {

// One row of MANIFEST.tsv: a response head and the request that produced
// it.
struct Capture {
  std::string file;
  std::string server;
  std::string server_version;
  std::string method;
  std::string path;
  // The headers the capture script added (not Host, User-Agent, ...).
  std::vector<v1::HttpHeader> request_headers;
  // How many content bytes followed the head, when the manifest says
  // (tests/data/exchanges); -1 when it does not.
  int64_t content_bytes = -1;
};

// The rows of `dir`/MANIFEST.tsv (seven columns, or eight with
// content_bytes); a malformed row fails the test.
std::vector<Capture> LoadManifest(const std::string& dir);

// The head in `dir`/`file`, parsed; a head that does not parse fails the
// test.
cli::ResponseHead ParseCapturedHead(const std::string& dir,
                                    const std::string& file);

// Whether content followed the head: the framing says so, except where the
// response cannot have any (HEAD, 1xx, 204, 304; RFC 9112, Section 6.3).
bool HasContent(const cli::ResponseHead& head, absl::string_view method);

// The ValidateResponse request for `head`, answering the capture's request:
// its method and the headers of the manifest. It has content when bytes
// followed the head, or, where the manifest does not say, when HasContent.
v1::ValidateResponseRequest RequestFor(const Capture& capture,
                                       const cli::ResponseHead& head);

// Fills request.request from a request head as curl sent it (the
// `.request` files of tests/data/exchanges): method, target, HTTP version
// and every header field.
void SetRequestHead(absl::string_view request_head,
                    v1::ValidateResponseRequest& request);

// The rule ids of the findings with `severity`, in order.
std::vector<std::string> RuleIds(const v1::ValidateResponseResponse& response,
                                 v1::Severity severity);

// One line per finding, for failure messages.
std::string Describe(const v1::ValidateResponseResponse& response);

}  // namespace statusinfo::testing

#endif  // STATUSINFO_TESTS_SUPPORT_CAPTURES_H_
