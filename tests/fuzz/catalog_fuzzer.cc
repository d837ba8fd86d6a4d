// Fuzzes the text-format catalog loader (--catalog_file): the input is the
// file's text. core::ParseCatalogText, then Catalog::Create (and BuildCatalog
// over the built-in data), as LoadCatalog
// does for the file on its own; a catalog that loads is then merged over the
// built-in one, and both are put through what the server does with a
// catalog: search indexing and searching, listing every page, validation,
// lookup and translation of each code.
//
// Invariants checked: a parse error names the source and a position; every
// code a created catalog indexes is in range and found by Find; listing
// pages visit every matching entry once, in order, and end; search results
// are scored in (0, 1]; entries round-trip through the wire format (as
// GetStatusCode sends them).
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "service/core/code_validation.h"
#include "service/core/internal/catalog_enrichment.h"
#include "service/core/listing.h"
#include "service/core/lookup.h"
#include "service/core/search.h"
#include "service/core/translation.h"
#include "tests/fuzz/fuzz_common.h"

namespace statusinfo::fuzz {
namespace {

constexpr absl::string_view kSource = "fuzz.textproto";

void CheckSearch(const core::Catalog& catalog, const core::SearchIndex& index,
                 const std::string& query) {
  v1::SearchStatusCodesRequest request;
  request.set_query(query);
  request.set_page_size(core::kMaxSearchResults);
  absl::StatusOr<v1::SearchStatusCodesResponse> found = index.Search(request);
  if (!found.ok()) return;  // e.g. an empty or over-long phrase
  for (const v1::ScoredStatusCode& result : found->results()) {
    FUZZ_CHECK(result.score() > 0 && result.score() <= 1.0 + 1e-9,
               result.ShortDebugString());
    FUZZ_CHECK(catalog.Find(result.status_code().code()) != nullptr,
               result.ShortDebugString());
  }
}

// Pages through ListStatusCodes with small pages, as a client would.
void CheckListing(const core::Catalog& catalog, bool include_unofficial) {
  v1::ListStatusCodesRequest request;
  request.set_page_size(7);
  request.set_include_unofficial(include_unofficial);
  int seen = 0;
  int last_code = 0;
  for (int page = 0;; ++page) {
    FUZZ_CHECK(page <= core::kMaxStatusCode, "ListStatusCodes does not end");
    absl::StatusOr<v1::ListStatusCodesResponse> listed =
        core::ListStatusCodes(catalog, request);
    FUZZ_CHECK(listed.ok(), listed.status().ToString());
    for (const v1::StatusCode& entry : listed->status_codes()) {
      FUZZ_CHECK(entry.code() > last_code, listed->ShortDebugString());
      last_code = entry.code();
      ++seen;
    }
    if (listed->next_page_token().empty()) {
      FUZZ_CHECK(seen == listed->total_size(), listed->ShortDebugString());
      break;
    }
    request.set_page_token(listed->next_page_token());
  }
  v1::ListGrpcStatusCodesRequest grpc_request;
  grpc_request.set_page_size(5);
  for (int page = 0;; ++page) {
    FUZZ_CHECK(page <= core::kMaxGrpcCode + 1,
               "ListGrpcStatusCodes does not end");
    absl::StatusOr<v1::ListGrpcStatusCodesResponse> listed =
        core::ListGrpcStatusCodes(catalog, grpc_request);
    FUZZ_CHECK(listed.ok(), listed.status().ToString());
    if (listed->next_page_token().empty()) break;
    grpc_request.set_page_token(listed->next_page_token());
  }
}

// Runs what the server does with a catalog.
void Exercise(const core::Catalog& catalog) {
  for (const v1::StatusCode* entry : catalog.entries()) {
    FUZZ_CHECK(core::IsValidStatusCode(entry->code()), entry->DebugString());
    FUZZ_CHECK(catalog.Find(entry->code()) == entry, entry->DebugString());
    // What GetStatusCode sends must be readable by the client.
    CheckRoundTrip(*entry);
    FUZZ_CHECK(core::GetStatusCode(catalog, entry->code()).ok(),
               entry->DebugString());
    core::ValidateStatusCode(catalog, entry->code());
    v1::TranslateStatusRequest translate;
    translate.set_http_status_code(entry->code());
    FUZZ_CHECK(core::TranslateStatus(catalog, translate).ok(),
               entry->DebugString());
  }
  for (const v1::GrpcStatusCode* entry : catalog.grpc_entries()) {
    FUZZ_CHECK(catalog.FindGrpc(entry->code()) == entry, entry->DebugString());
    CheckRoundTrip(*entry);
    v1::TranslateStatusRequest translate;
    translate.set_grpc_code(entry->code());
    FUZZ_CHECK(core::TranslateStatus(catalog, translate).ok(),
               entry->DebugString());
  }
  CheckListing(catalog, /*include_unofficial=*/false);
  CheckListing(catalog, /*include_unofficial=*/true);
  const core::SearchIndex index(catalog);
  // Search for each entry's own phrases, and a typo of them, so that the
  // fuzzer's words reach the query side too.
  int searches = 0;
  for (const v1::StatusCode* entry : catalog.entries()) {
    if (++searches > 8) break;
    CheckSearch(catalog, index, entry->reason_phrase());
    std::string typo = entry->reason_phrase();
    if (typo.size() > 4) typo.erase(2, 1);
    CheckSearch(catalog, index, typo);
    for (const std::string& keyword : entry->keywords()) {
      CheckSearch(catalog, index, keyword);
    }
  }
  CheckSearch(catalog, index, "4");
  CheckSearch(catalog, index, "not found");
}

void FuzzCatalog(absl::string_view text) {
  absl::StatusOr<v1::StatusCatalog> data =
      core::ParseCatalogText(text, kSource);
  if (!data.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(data.status()),
               data.status().ToString());
    FUZZ_CHECK(
        absl::StartsWith(data.status().message(), absl::StrCat(kSource, ":")),
        data.status().ToString());
    return;
  }
  absl::StatusOr<core::Catalog> alone = core::Catalog::Create(*data);
  if (!alone.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(alone.status()),
               alone.status().ToString());
    return;
  }
  Exercise(*alone);
  // As LoadCatalog does with a file that checks out on its own.
  v1::StatusCatalog merged = core::BuiltinCatalogData();
  core::MergeCatalog(*data, merged);
  absl::StatusOr<core::Catalog> catalog = core::BuildCatalog(merged);
  FUZZ_CHECK(catalog.ok(), catalog.status().ToString());
  Exercise(*catalog);
}

}  // namespace
}  // namespace statusinfo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  statusinfo::fuzz::FuzzCatalog(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
