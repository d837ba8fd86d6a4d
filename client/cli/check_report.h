// What `statusinfo check` learnt about a response head, and how it prints
// it: as text for people, or as one JSON document for programs.
#ifndef STATUSINFO_CLIENT_CLI_CHECK_REPORT_H_
#define STATUSINFO_CLIENT_CLI_CHECK_REPORT_H_

#include <optional>
#include <ostream>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "client/cli/response_head.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::cli {

// The parsed head, the status line's verdict (none for HTTP/2 and HTTP/3),
// the request sent to ValidateResponse, and its verdict (none when the
// status line has no code).
struct CheckReport {
  ResponseHead head;
  std::optional<v1::ValidateStatusLineResponse> status_line;
  v1::ValidateResponseRequest request;
  std::optional<v1::ValidateResponseResponse> response;
  // Findings about the input rather than the response, e.g. request header
  // fields left out because they are over the API's limits
  // (request-field-over-limit).
  std::vector<v1::Finding> input_findings;
};

// Counts of findings by severity, over everything `check` found: the
// head's, the status line's and the response's.
struct Tally {
  int errors = 0;
  int warnings = 0;
  int infos = 0;
};
Tally Count(const CheckReport& report);

// One JSON document: {"statusLine": ..., "headFindings": [...],
// "inputFindings": [...], "request": ..., "response": ...}, each part in
// protobuf's JSON mapping; statusLine, headFindings, inputFindings and
// response are left out when absent.
absl::Status PrintCheckJson(const CheckReport& report, std::ostream& out);

// The status line's verdict, the head's findings, the input's, the
// response's, and a "Result:" line with the counts.
void PrintCheckText(const CheckReport& report, std::ostream& out);

// The reports of several heads of one input, in order (JSON Lines: one
// PrintCheckJson document per head). One report prints as PrintCheckJson.
absl::Status PrintChecksJson(absl::Span<const CheckReport> reports,
                             std::ostream& out);

// The reports of several heads of one input, in order: each under a
// "Head N of M:" heading, then a "Result of M heads:" line with the counts
// over all of them. One report prints as PrintCheckText, without heading.
void PrintChecksText(absl::Span<const CheckReport> reports, std::ostream& out);

}  // namespace statusinfo::cli

#endif  // STATUSINFO_CLIENT_CLI_CHECK_REPORT_H_
