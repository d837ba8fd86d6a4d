// Fuzzes the HAR input of `statusinfo check --har`: ReadHar on the raw bytes,
// and ToHarExchange on every entry it hands over.
//
// Invariants checked: the reader never crashes, hangs or reads past its
// caps; an error is INVALID_ARGUMENT and starts with a JSON path
// ("log.entries[3].request", or "the document") and ": "; entries come in
// order, indices counting from 0; every request built from an entry is within
// the API's limits (core::CheckResponseLimits accepts it, so the server never
// refuses a batch for it), survives the wire, and the exchange's input findings
// are INFO, with the rule ids of har_exchange.h.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "client/cli/har_exchange.h"
#include "client/cli/har_reader.h"
#include "service/core/response_rules.h"
#include "tests/fuzz/fuzz_common.h"

namespace statusinfo::fuzz {
namespace {

void CheckExchange(cli::HarEntry& entry, std::int64_t expected_index) {
  FUZZ_CHECK(entry.index == expected_index, "entries out of order");
  v1::ValidateResponseRequest request;
  const cli::HarExchange exchange = cli::ToHarExchange(entry, request);
  FUZZ_CHECK(exchange.checked == (exchange.status != 0), "checked");
  const absl::Status limits = core::CheckResponseLimits(request);
  FUZZ_CHECK(limits.ok(), limits.ToString());
  CheckRoundTrip(request);
  for (const v1::Finding& finding : exchange.input_findings) {
    FUZZ_CHECK(finding.severity() == v1::SEVERITY_INFO, finding.rule_id());
    FUZZ_CHECK(finding.rule_id() == cli::kHarFieldOverLimitRule ||
                   finding.rule_id() == cli::kHarNoResponseRule,
               finding.rule_id());
  }
}

}  // namespace
}  // namespace statusinfo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  namespace fuzz = statusinfo::fuzz;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::int64_t next = 0;
  const absl::Status status =
      statusinfo::cli::ReadHar(in, [&](statusinfo::cli::HarEntry& entry) {
        fuzz::CheckExchange(entry, next++);
        return absl::OkStatus();
      });
  if (!status.ok()) {
    FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument,
               status.ToString());
    // "PATH: problem"; a path is made of the document's own keys, so it
    // can hold anything (": " too).
    FUZZ_CHECK(absl::StrContains(status.message(), ": "), status.ToString());
  }
  return 0;
}
