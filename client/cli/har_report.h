// What `statusinfo check --har` makes of each HAR entry, and how it prints
// the results: a block per entry with findings and a summary table as text,
// or JSON Lines (one object per entry, then one summary object).
//
// Example:
//
//   v1::ValidateResponseRequest request;
//   HarExchange exchange = ToHarExchange(entry, request);  // from ReadHar
//   ... send the request, get `result` back ...
//   HarReport report(/*json=*/false);
//   report.Add(exchange, result, std::cout);  // prints the entry's block
//   report.PrintSummary(std::cout);
#ifndef STATUSINFO_CLIENT_CLI_HAR_REPORT_H_
#define STATUSINFO_CLIENT_CLI_HAR_REPORT_H_

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
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

// Counts findings and prints each entry as it is added.
class HarReport {
 public:
  explicit HarReport(bool json) : json_(json) {}

  // Prints the entry: as text only when it has findings, as JSON always.
  // `result` holds the server's findings (empty when not checked).
  void Add(const HarExchange& exchange,
           const v1::ValidateResponseResponse& result, std::ostream& out);

  // Text: a line of totals and a table of findings by rule and severity.
  // JSON: {"summary": {...}}.
  void PrintSummary(std::ostream& out) const;

  std::int64_t entries() const { return entries_; }
  std::int64_t findings() const { return errors_ + warnings_ + infos_; }
  std::int64_t errors() const { return errors_; }

 private:
  void Count(const v1::Finding& finding);

  bool json_;
  std::int64_t entries_ = 0;
  std::int64_t entries_with_findings_ = 0;
  std::int64_t unchecked_ = 0;
  std::int64_t errors_ = 0;
  std::int64_t warnings_ = 0;
  std::int64_t infos_ = 0;
  // (rule id, severity) -> count.
  std::map<std::pair<std::string, v1::Severity>, std::int64_t> by_rule_;
};

// `text` as a JSON string, quotes included (the text is UTF-8).
std::string JsonQuote(absl::string_view text);

}  // namespace statusinfo::cli

#endif  // STATUSINFO_CLIENT_CLI_HAR_REPORT_H_
