// What `statusinfo check --har` sends for one HAR entry: the
// ValidateResponse request built from it, within the API's limits, and the
// findings about the input (a field over a limit, no response) that the
// server never sees.
//
// Example:
//
//   v1::ValidateResponseRequest request;
//   HarExchange exchange = ToHarExchange(entry, request);  // from ReadHar
//   if (exchange.checked) ... send `request` ...
#ifndef STATUSINFO_CLIENT_CLI_HAR_EXCHANGE_H_
#define STATUSINFO_CLIENT_CLI_HAR_EXCHANGE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "client/cli/har_reader.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::cli {

// Ids of the findings `check --har` makes about its input, which the server
// never sees; docs/rules.md lists them.
inline constexpr char kHarFieldOverLimitRule[] = "har-field-over-limit";
inline constexpr char kHarNoResponseRule[] = "har-no-response";

// The most bytes of header fields (names and values) `check --har` sends
// for one message, so that an entry always fits in a StreamValidateResponses
// message: the API's per-field and count limits alone allow 2 MiB. Real
// heads take a few KiB; servers refuse more than 8 to 64 KiB.
inline constexpr std::size_t kMaxHarHeaderBytes = std::size_t{128} << 10;

// One entry as `check --har` reports it: what identifies it, and what was
// wrong with the input (the ValidateResponse request built from it goes
// straight into a batch).
struct HarExchange {
  std::int64_t index = 0;
  std::string method;
  std::string url;
  int status = 0;
  std::string status_text;
  // False when there is nothing to check: status 0 (no response).
  bool checked = false;
  // INFO findings about the input: a field, the URL, the method or a
  // version over the API's limits or kMaxHarHeaderBytes (left out, so that the
  // rest is still checked), or no response.
  std::vector<v1::Finding> input_findings;
};

// Builds the exchange from `entry` (moving its strings), and in `request`
// (cleared first) what ValidateResponse needs: the request line
// and header fields of both messages, the response's HTTP version in the
// spelling the rules know ("http/2.0" and "h2" are HTTP/2), and whether the
// response has content: response.bodySize > 0 or, when that is unknown
// (-1), content.size > 0 except for a 304, whose content.size browsers fill
// from their cache. HTTP/2 pseudo-header fields (":path") are left out:
// they are not header fields (RFC 9113, Section 8.3).
HarExchange ToHarExchange(HarEntry& entry,
                          v1::ValidateResponseRequest& request);

// At least the bytes the request built from `entry` takes on the wire, for
// batching.
std::size_t ApproximateBytes(const HarEntry& entry);

}  // namespace statusinfo::cli

#endif  // STATUSINFO_CLIENT_CLI_HAR_EXCHANGE_H_
