// Microbenchmarks of the core (service/core): what each RPC costs before
// gRPC. Targets: lookup < 20 ns, response validation with 10
// headers < 1 us, search < 10 us, catalog load < 5 ms.
//
//   build-bench/bench/core_benchmark --benchmark_repetitions=5
#include <string>

#include "bench/scenarios.h"
#include "benchmark/benchmark.h"
#include "service/core/catalog.h"
#include "service/core/catalog_loader.h"
#include "service/core/listing.h"
#include "service/core/lookup.h"
#include "service/core/response_rules.h"
#include "service/core/search.h"
#include "service/core/status_line.h"

namespace statusinfo::bench {
namespace {

const core::Catalog& TheCatalog() {
  static const core::Catalog* catalog = [] {
    absl::StatusOr<core::Catalog> c = core::LoadCatalog("");
    if (!c.ok()) abort();
    return new core::Catalog(*std::move(c));
  }();
  return *catalog;
}

// Catalog::Find, the O(1) array read behind GetStatusCode.
void BM_LookupByCode(benchmark::State& state) {
  const core::Catalog& catalog = TheCatalog();
  int code = kLookupCode;
  for (auto _ : state) {
    benchmark::DoNotOptimize(code);
    const v1::StatusCode* entry = catalog.Find(code);
    benchmark::DoNotOptimize(entry);
  }
}
BENCHMARK(BM_LookupByCode);

// core::GetStatusCode: the lookup with its error handling (StatusOr).
void BM_GetStatusCode(benchmark::State& state) {
  const core::Catalog& catalog = TheCatalog();
  int code = kLookupCode;
  for (auto _ : state) {
    benchmark::DoNotOptimize(code);
    absl::StatusOr<const v1::StatusCode*> entry =
        core::GetStatusCode(catalog, code);
    benchmark::DoNotOptimize(entry);
  }
}
BENCHMARK(BM_GetStatusCode);

// A lookup that fails: the error path builds a message and details.
void BM_GetStatusCodeNotFound(benchmark::State& state) {
  const core::Catalog& catalog = TheCatalog();
  int code = 299;
  for (auto _ : state) {
    benchmark::DoNotOptimize(code);
    absl::StatusOr<const v1::StatusCode*> entry =
        core::GetStatusCode(catalog, code);
    benchmark::DoNotOptimize(entry);
  }
}
BENCHMARK(BM_GetStatusCodeNotFound);

// BatchGetStatusCodes of 20 codes (the entries, not yet copied).
void BM_BatchGet20(benchmark::State& state) {
  const core::Catalog& catalog = TheCatalog();
  const v1::BatchGetStatusCodesRequest request = BatchRequest();
  for (auto _ : state) {
    auto entries = core::BatchGetStatusCodes(catalog, request.codes());
    benchmark::DoNotOptimize(entries);
  }
}
BENCHMARK(BM_BatchGet20);

// One page of ListStatusCodes (50 entries, copied into the response).
void BM_ListPage(benchmark::State& state) {
  const core::Catalog& catalog = TheCatalog();
  const v1::ListStatusCodesRequest request = ListRequest();
  for (auto _ : state) {
    auto page = core::ListStatusCodes(catalog, request);
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_ListPage);

void BM_Search(benchmark::State& state, const char* query) {
  const core::SearchIndex index(TheCatalog());
  v1::SearchStatusCodesRequest request = SearchRequest();
  request.set_query(query);
  for (auto _ : state) {
    auto result = index.Search(request);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK_CAPTURE(BM_Search, typo_two_words, "gateway timout");
BENCHMARK_CAPTURE(BM_Search, one_word, "timeout");
BENCHMARK_CAPTURE(BM_Search, number_prefix, "50");
BENCHMARK_CAPTURE(BM_Search, phrase, "request header fields too large");

void BM_StatusLineParse(benchmark::State& state) {
  const core::Catalog& catalog = TheCatalog();
  for (auto _ : state) {
    auto result = core::ValidateStatusLine(catalog, kStatusLine);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_StatusLineParse);

// ValidateResponse of a response with 10 headers, limits check included
// (what the RPC does).
void ValidateLoop(benchmark::State& state,
                  const v1::ValidateResponseRequest& request) {
  for (auto _ : state) {
    absl::StatusOr<v1::ValidateResponseResponse> result =
        core::CheckAndValidateResponse(TheCatalog(), request);
    benchmark::DoNotOptimize(result);
  }
}

void BM_ValidateResponse10Headers(benchmark::State& state) {
  ValidateLoop(state, ValidateRequest());
}
BENCHMARK(BM_ValidateResponse10Headers);

// The same response with its request as an HttpRequest (issue 11): a
// conditional range GET with eight header fields, so that the precondition,
// range and version rules run. Its ratio to BM_ValidateResponse10Headers is
// the cost of the request facts (target: within 1.10).
void BM_ValidateExchange10Headers(benchmark::State& state) {
  const v1::ValidateResponseRequest response = ValidateRequest();
  v1::ValidateResponseRequest request;
  request.set_status_code(response.status_code());
  request.set_has_content(response.has_content());
  request.set_http_version(response.http_version());
  *request.mutable_headers() = response.headers();
  v1::HttpRequest& sent = *request.mutable_request();
  sent.set_method("GET");
  sent.set_target("/api/v1/items?page=2");
  sent.set_http_version("HTTP/1.1");
  const char* headers[][2] = {
      {"Host", "api.example.com"},
      {"User-Agent", "curl/7.88.1"},
      {"Accept", "application/json"},
      {"Accept-Encoding", "gzip, br"},
      {"If-None-Match", "\"0123456789\", W/\"abcdef\""},
      {"If-Modified-Since", "Fri, 04 Nov 1994 08:00:00 GMT"},
      {"If-Match", "\"33a64df551425fcc55e4d42a148795d9f25f89d4\""},
      {"Range", "bytes=0-1522"},
  };
  for (const auto& h : headers) {
    v1::HttpHeader* header = sent.add_headers();
    header->set_name(h[0]);
    header->set_value(h[1]);
  }
  ValidateLoop(state, request);
}
BENCHMARK(BM_ValidateExchange10Headers);

// What StreamValidateResponses does per message of 100 responses, apart
// from gRPC: parse the message, check and validate each response, serialize
// the results. Reported per response (items).
void BM_StreamMessage100(benchmark::State& state) {
  const std::string bytes = StreamRequest().SerializeAsString();
  for (auto _ : state) {
    v1::StreamValidateResponsesRequest request;
    request.ParseFromString(bytes);
    v1::StreamValidateResponsesResponse response;
    if (!core::ValidateResponses(TheCatalog(), request, core::kMaxStreamBatch,
                                 response)
             .ok()) {
      abort();
    }
    std::string out = response.SerializeAsString();
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * kStreamBatch);
}
BENCHMARK(BM_StreamMessage100);

// The catalog as the server loads it at start-up: parse the embedded data,
// enrich, index; plus the search index it builds next.
void BM_CatalogLoad(benchmark::State& state) {
  for (auto _ : state) {
    absl::StatusOr<core::Catalog> catalog = core::LoadCatalog("");
    benchmark::DoNotOptimize(catalog);
  }
  state.SetLabel("LoadCatalog(\"\")");
}
BENCHMARK(BM_CatalogLoad)->Unit(benchmark::kMillisecond);

void BM_CatalogLoadAndSearchIndex(benchmark::State& state) {
  for (auto _ : state) {
    absl::StatusOr<core::Catalog> catalog = core::LoadCatalog("");
    core::SearchIndex index(*catalog);
    benchmark::DoNotOptimize(index);
  }
}
BENCHMARK(BM_CatalogLoadAndSearchIndex)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace statusinfo::bench

BENCHMARK_MAIN();
