// Fuzzes SearchIndex::Search over the built-in catalog. The first four bytes
// of the input give page_size (any int32, so negatives and huge values too);
// the rest is the query.
//
// Invariants checked: only an empty (or all white space) query, one longer
// than kMaxQueryBytes and a negative page size are errors; at most
// min(page_size or 10, 100) results; scores in (0, 1], best first, ties in
// code order; each result is a catalog entry; the response round-trips.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/strings/ascii.h"
#include "service/core/search.h"
#include "tests/fuzz/fuzz_common.h"

namespace statusinfo::fuzz {
namespace {

const core::SearchIndex& Index() {
  static const core::SearchIndex* const index =
      new core::SearchIndex(BuiltinCatalog());
  return *index;
}

void FuzzSearch(const uint8_t* data, std::size_t size) {
  v1::SearchStatusCodesRequest request;
  if (size >= 4) {
    int32_t page_size;
    std::memcpy(&page_size, data, sizeof page_size);
    request.set_page_size(page_size);
    data += 4;
    size -= 4;
  }
  request.set_query(std::string(reinterpret_cast<const char*>(data), size));
  absl::StatusOr<v1::SearchStatusCodesResponse> found = Index().Search(request);
  const bool bad_request =
      absl::StripAsciiWhitespace(request.query()).empty() ||
      request.query().size() > static_cast<std::size_t>(core::kMaxQueryBytes) ||
      request.page_size() < 0;
  if (bad_request) {
    FUZZ_CHECK(absl::IsInvalidArgument(found.status()),
               found.status().ToString());
    return;
  }
  FUZZ_CHECK(found.ok(), found.status().ToString());
  const int limit =
      request.page_size() == 0
          ? core::kDefaultSearchResults
          : std::min(request.page_size(), core::kMaxSearchResults);
  FUZZ_CHECK(found->results_size() <= limit, found->ShortDebugString());
  for (int i = 0; i < found->results_size(); ++i) {
    const v1::ScoredStatusCode& result = found->results(i);
    FUZZ_CHECK(result.score() > 0 && result.score() <= 1.0 + 1e-9,
               result.ShortDebugString());
    FUZZ_CHECK(BuiltinCatalog().Find(result.status_code().code()) != nullptr,
               result.ShortDebugString());
    if (i == 0) continue;
    const v1::ScoredStatusCode& previous = found->results(i - 1);
    FUZZ_CHECK(
        previous.score() > result.score() ||
            (previous.score() == result.score() &&
             previous.status_code().code() < result.status_code().code()),
        found->ShortDebugString());
  }
  CheckRoundTrip(*found);
}

}  // namespace
}  // namespace statusinfo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  statusinfo::fuzz::FuzzSearch(data, size);
  return 0;
}
