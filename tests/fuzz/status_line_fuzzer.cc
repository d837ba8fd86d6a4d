// Fuzzes core::ValidateStatusLine with the raw input as the status line.
//
// Beyond "no crash, no sanitizer report", it checks what the API promises:
// only an over-long line is an error; `valid` is true exactly when no finding
// is an ERROR; the response reaches a client intact (every string UTF-8);
// every finding names a rule of StatusLineRules().
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "service/core/status_line.h"
#include "tests/fuzz/fuzz_common.h"

namespace statusinfo::fuzz {
namespace {

const absl::flat_hash_set<std::string>& RuleIds() {
  static const auto* const ids = [] {
    auto* set = new absl::flat_hash_set<std::string>();
    for (const core::RuleInfo& rule : core::StatusLineRules()) {
      set->insert(std::string(rule.id));
    }
    return set;
  }();
  return *ids;
}

void FuzzStatusLine(absl::string_view line) {
  absl::StatusOr<v1::ValidateStatusLineResponse> result =
      core::ValidateStatusLine(BuiltinCatalog(), line);
  if (line.size() > static_cast<std::size_t>(core::kMaxStatusLineBytes)) {
    FUZZ_CHECK(absl::IsInvalidArgument(result.status()),
               result.status().ToString());
    return;
  }
  FUZZ_CHECK(result.ok(), result.status().ToString());
  bool has_error = false;
  for (const v1::Finding& finding : result->findings()) {
    FUZZ_CHECK(RuleIds().contains(finding.rule_id()), finding.rule_id());
    FUZZ_CHECK(finding.severity() != v1::SEVERITY_UNSPECIFIED,
               finding.rule_id());
    FUZZ_CHECK(!finding.message().empty(), finding.rule_id());
    has_error = has_error || finding.severity() == v1::SEVERITY_ERROR;
  }
  FUZZ_CHECK(result->valid() == !has_error, result->ShortDebugString());
  // The code is reported only when it is three digits.
  FUZZ_CHECK(result->status_code() >= 0 && result->status_code() <= 999,
             result->ShortDebugString());
  FUZZ_CHECK(IsValidUtf8(result->reason_phrase()), result->reason_phrase());
  FUZZ_CHECK(IsValidUtf8(result->http_version()), result->http_version());
  CheckRoundTrip(*result);
}

}  // namespace
}  // namespace statusinfo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  statusinfo::fuzz::FuzzStatusLine(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
