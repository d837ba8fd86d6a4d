#!/usr/bin/env bash
# Runs the benchmark suite and writes bench/RESULTS.md, the measurements
# (bench/results.json) and their charts (bench/charts/*.svg, drawn by
# bench/plot_results.py with matplotlib), which RESULTS.md shows.
#
#   bench/run.sh            full run: 3 rounds, about 5 minutes
#   bench/run.sh --quick    1 round of short runs, about 1 minute
#   bench/run.sh --help     every option (rounds, durations, CPUs, baselines)
#   bench/run.sh --variants experiments on the GetStatusCode hot path
#                           (bench_variants_server), printed, not saved
#
# Builds what it needs in build-bench/ (Release; BUILD_DIR overrides), then
# runs bench/run_bench.py: statusinfo (metrics on), statusinfo with metrics
# off, and the bare C++, grpc-go and Node baselines, each pinned to CPU 0,
# with h2load / bench_loadgen on CPU 1, alternating servers within rounds;
# and statusinfo's HTTP listener against nginx serving the same JSON.
# Needs what scripts/install_deps.sh installs. Run it on a quiet machine:
# the report records the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-bench}

for arg in "$@"; do
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then
    exec python3 bench/run_bench.py --help
  fi
done

for tool in h2load taskset python3 cmake node; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "bench/run.sh: $tool not found: bash scripts/install_deps.sh" >&2
    exit 1
  }
done
# nginx, the baseline of the HTTP scenario (http_get): installed here, as
# root, rather than by scripts/install_deps.sh, since only this needs it.
if ! command -v nginx >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "bench/run.sh: apt-get install nginx-light (the HTTP baseline)" >&2
    apt-get install -y --no-install-recommends nginx-light >/dev/null
  else
    echo "bench/run.sh: nginx not found: apt-get install nginx-light, or leave" \
      "http_get out of --scenarios" >&2
    exit 1
  fi
fi
if [ ! -d tools/node_modules/@grpc/grpc-js ] || [ ! -d tools/node_modules/@grpc/proto-loader ]; then
  echo "bench/run.sh: npm ci --prefix tools (@grpc/grpc-js for the Node baseline)" >&2
  npm ci --prefix tools --no-audit --no-fund --loglevel=error
fi

# Release, without the tests (not needed here); re-run each time so that an
# existing directory gets these settings too.
generator=()
[ -f "$BUILD_DIR/CMakeCache.txt" ] || generator=(-G Ninja)
cmake -S . -B "$BUILD_DIR" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DSTATUSINFO_BUILD_TESTS=OFF -DSTATUSINFO_BUILD_BENCHMARKS=ON >/dev/null
targets=(statusinfo-server core_benchmark bench_fixtures bench_bare_server bench_loadgen
         bench_variants_server)
if cmake --build "$BUILD_DIR" --target help | grep -c '^bench_go_server:' >/dev/null; then
  targets+=(bench_go_server)
fi
cmake --build "$BUILD_DIR" --target "${targets[@]}"
"$BUILD_DIR/bench/bench_fixtures" "$BUILD_DIR/bench/fixtures" >&2

exec python3 bench/run_bench.py --build-dir "$BUILD_DIR" --command "bench/run.sh $*" "$@"
