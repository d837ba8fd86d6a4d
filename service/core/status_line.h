// Parsing and checking an HTTP/1.1 status line (RFC 9112, Section 4):
//
//   status-line = HTTP-version SP status-code SP [ reason-phrase ]
//
// Example:
//
//   absl::StatusOr<v1::ValidateStatusLineResponse> r =
//       ValidateStatusLine(catalog, "HTTP/1.1 404 Not Found\r\n");
//   // r->valid() == true, r->status_code() == 404
#ifndef STATUSINFO_SERVICE_CORE_STATUS_LINE_H_
#define STATUSINFO_SERVICE_CORE_STATUS_LINE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "service/core/catalog.h"
#include "service/core/limits.h"
#include "service/core/rule_info.h"
#include "statusinfo/v1/status_info_service.pb.h"

namespace statusinfo::core {

// Every status-line rule, in a stable order (listed in docs/rules.md too).
absl::Span<const RuleInfo> StatusLineRules();

// Parses and checks `line`. Problems with the line are findings; only a line
// longer than kMaxStatusLineBytes is an error (INVALID_ARGUMENT naming
// status_line and the limit).
absl::StatusOr<statusinfo::v1::ValidateStatusLineResponse> ValidateStatusLine(
    const Catalog& catalog, absl::string_view line);

}  // namespace statusinfo::core

#endif  // STATUSINFO_SERVICE_CORE_STATUS_LINE_H_
