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
#include "client/cli/har_exchange.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::cli {

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
