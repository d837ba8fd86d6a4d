// Placeholder until the status-line parser lands (issue 3).
#include "service/core/status_line.h"

namespace statusinfo::core {

absl::Span<const RuleInfo> StatusLineRules() { return {}; }

absl::StatusOr<v1::ValidateStatusLineResponse> ValidateStatusLine(
    const Catalog&, absl::string_view) {
  return absl::UnimplementedError("ValidateStatusLine is not implemented yet");
}

}  // namespace statusinfo::core
