// Lookups at the caller (issue 12, item 3): a GetStatusCode answered by the
// client's catalog cache against the same call made to a local server, the
// real service on an in-process channel (no network, so the RPC side is
// gRPC's own cost at its lowest). Target: a cached lookup under 100 ns,
// with no allocation (tests/client/catalog_cache_alloc_test.cc checks that).
// After the runs it prints the ratio of the RPC's time to the cached one's,
// both measured in this run.
//
//   build/bench/catalog_cache_benchmark --benchmark_repetitions=5
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "client/lib/catalog_cache.h"
#include "client/lib/status_info_client.h"
#include "grpcpp/server_builder.h"
#include "service/core/catalog_loader.h"
#include "service/server/status_info_service.h"

namespace statusinfo::bench {
namespace {

using client::CatalogSnapshot;

constexpr int kCode = 404;

// The real service behind an in-process channel, a client that calls it
// and one that answers from its cache.
struct Local {
  Local()
      : catalog(*core::LoadCatalog("")),
        service(catalog),
        server([this] {
          grpc::ServerBuilder builder;
          builder.RegisterService(&service);
          return builder.BuildAndStart();
        }()),
        calling(server->InProcessChannel(grpc::ChannelArguments())),
        cached(server->InProcessChannel(grpc::ChannelArguments()), [] {
          client::ClientOptions options;
          options.catalog_cache.enabled = true;
          return options;
        }()) {
    if (!cached.catalog_cache()->Snapshot().ok()) abort();
  }

  core::Catalog catalog;
  server::StatusInfoServiceImpl service;
  std::unique_ptr<grpc::Server> server;
  client::StatusInfoClient calling;
  client::StatusInfoClient cached;
};

Local& TheLocal() {
  static Local* local = new Local;
  return *local;
}

// The baseline: one GetStatusCode call to the local server.
void BM_RpcGetStatusCode(benchmark::State& state) {
  client::StatusInfoClient& calling = TheLocal().calling;
  for (auto _ : state) {
    absl::StatusOr<v1::StatusCode> entry = calling.GetStatusCode(kCode);
    if (!entry.ok()) state.SkipWithError("call failed");
    benchmark::DoNotOptimize(entry);
  }
}
BENCHMARK(BM_RpcGetStatusCode)->UseRealTime();

// The hit path: the cache's current snapshot, then the entry in it; no
// call, no copy, no allocation.
void BM_CachedGetStatusCode(benchmark::State& state) {
  client::CatalogCache& cache = *TheLocal().cached.catalog_cache();
  for (auto _ : state) {
    absl::StatusOr<std::shared_ptr<const CatalogSnapshot>> snapshot =
        cache.Snapshot();
    absl::StatusOr<const v1::StatusCode*> entry =
        (*snapshot)->GetStatusCode(kCode);
    benchmark::DoNotOptimize(entry);
  }
}
BENCHMARK(BM_CachedGetStatusCode)->UseRealTime()->Threads(1)->Threads(2);

// The lookup alone, in a snapshot the caller holds: what the snapshot's
// shared read lock and reference count add above is the difference.
void BM_HeldSnapshotGetStatusCode(benchmark::State& state) {
  const std::shared_ptr<const CatalogSnapshot> snapshot =
      *TheLocal().cached.catalog_cache()->Snapshot();
  for (auto _ : state) {
    absl::StatusOr<const v1::StatusCode*> entry =
        snapshot->GetStatusCode(kCode);
    benchmark::DoNotOptimize(entry);
  }
}
BENCHMARK(BM_HeldSnapshotGetStatusCode)->UseRealTime();

// StatusInfoClient::GetStatusCode with the cache on: the same answer as the
// call, a copy of the entry (its strings and repeated fields: allocations).
void BM_CachedClientGetStatusCode(benchmark::State& state) {
  client::StatusInfoClient& cached = TheLocal().cached;
  for (auto _ : state) {
    absl::StatusOr<v1::StatusCode> entry = cached.GetStatusCode(kCode);
    benchmark::DoNotOptimize(entry);
  }
}
BENCHMARK(BM_CachedClientGetStatusCode)->UseRealTime();

// Prints what the console reporter prints, and keeps each run's real time
// per iteration for the ratio.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.run_type == Run::RT_Iteration || run.aggregate_name == "median") {
        const std::string name =
            run.run_name.function_name + run.run_name.threads;
        real_ns_[name] = run.GetAdjustedRealTime();
        cpu_ns_[name] = run.GetAdjustedCPUTime();
      }
    }
  }
  // The real (wall) or CPU time per iteration of `name`, or 0.
  double ns(const std::string& name, bool cpu) const {
    const std::map<std::string, double>& times = cpu ? cpu_ns_ : real_ns_;
    auto it = times.find(name);
    return it == times.end() ? 0 : it->second;
  }

 private:
  std::map<std::string, double> real_ns_;
  std::map<std::string, double> cpu_ns_;
};

}  // namespace
}  // namespace statusinfo::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  statusinfo::bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  // Wall time is what a caller waits; CPU time (of the calling thread) is
  // steadier on a shared machine. The RPC's CPU time leaves out gRPC's
  // other threads, so its CPU ratio understates the saving.
  for (const bool cpu : {false, true}) {
    const double rpc = reporter.ns("BM_RpcGetStatusCode", cpu);
    const double cached = reporter.ns("BM_CachedGetStatusCodethreads:1", cpu);
    if (rpc <= 0 || cached <= 0) continue;
    std::printf(
        "GetStatusCode (%s time): RPC to a local server %.0f ns, cached at "
        "the caller %.1f ns, ratio %.0fx; target < 100 ns: %s\n",
        cpu ? "CPU" : "wall", rpc, cached, rpc / cached,
        cached < 100 ? "met" : "MISSED");
  }
  benchmark::Shutdown();
  return 0;
}
