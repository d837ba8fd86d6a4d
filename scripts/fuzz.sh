#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang, with AddressSanitizer and
# UndefinedBehaviorSanitizer) in build-asan, replays every saved crash input
# of tests/fuzz/regressions/<target>/, then fuzzes each target for SECONDS
# (default 60) from its seed corpus. Fails if any input crashes, leaks, trips
# a sanitizer or breaks a target's invariants. See docs/reliability.md.
#
#   bash scripts/fuzz.sh          # 60 s per target
#   bash scripts/fuzz.sh 30       # CI (.ci/run)
#   bash scripts/fuzz.sh 300      # the longer local run: 5 minutes per target
#   FUZZ_TARGETS="search_fuzzer rpc_fuzzer" bash scripts/fuzz.sh 600
#
# build-asan is the build scripts/sanitizers.sh uses too, configured the same
# way, so that CI compiles the instrumented libraries once for both (the
# sanitizer tests then also carry libFuzzer's coverage instrumentation, which
# does not change what they do). FUZZ_BUILD_DIR=<dir> builds elsewhere.
#
# New corpus entries go to build-asan/corpus/<target> (kept between runs, so
# a later run starts where the last one stopped); crash inputs go to
# build-asan/artifacts/<target>/. To reproduce one:
#   build-asan/tests/fuzz/<target> build-asan/artifacts/<target>/crash-...
# Once fixed, copy it to tests/fuzz/regressions/<target>/ so CI replays it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: $0 [SECONDS_PER_TARGET]" >&2
  exit 2
fi
build_dir="${FUZZ_BUILD_DIR:-build-asan}"
all_targets=(status_line_fuzzer response_fuzzer catalog_fuzzer search_fuzzer
             rpc_fuzzer check_input_fuzzer har_fuzzer http_fuzzer
             http_wire_fuzzer)
read -r -a targets <<<"${FUZZ_TARGETS:-${all_targets[*]}}"

if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz.sh: clang++ not found; run scripts/install_deps.sh" >&2
  exit 1
fi

echo "fuzz.sh: building ${targets[*]} in $build_dir"
# The same compile options as sanitizers.sh's ASan build (the test option
# only adds targets, so it does not make either script rebuild the other's).
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ \
  -DSTATUSINFO_SANITIZE="address;undefined" \
  -DSTATUSINFO_BUILD_FUZZERS=ON \
  -DSTATUSINFO_BUILD_BENCHMARKS=OFF \
  -DSTATUSINFO_BUILD_TESTS="${FUZZ_BUILD_TESTS:-OFF}" >/dev/null
cmake --build "$build_dir" --target "${targets[@]}"

# Sanitizer reports abort the run, with a symbolized stack. LeakSanitizer is
# on: a leak is a failure too.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:symbolize=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

# Per-target libFuzzer flags.
extra_flags() {
  case "$1" in
    # gRPC frees a call's memory on its own threads after the call returns,
    # so libFuzzer's per-input malloc/free count is nearly always off and it
    # would run a full leak scan after almost every input (about 25 times
    # slower). Leaks are still caught: LeakSanitizer checks the whole process
    # when the run ends, and scripts/sanitizers.sh runs the server tests
    # under LeakSanitizer.
    rpc_fuzzer) echo "-detect_leaks=0" ;;
  esac
}

failed=()
summary=()
for target in "${targets[@]}"; do
  bin="$build_dir/tests/fuzz/$target"
  corpus="$build_dir/corpus/$target"
  artifacts="$build_dir/artifacts/$target"
  log="$build_dir/logs/$target.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  # shellcheck disable=SC2207
  flags=($(extra_flags "$target"))

  # Crashes (and slow inputs) found before, fixed since: each runs once and
  # must pass, in well under 5 seconds.
  regressions=(tests/fuzz/regressions/"$target"/*)
  if [ -e "${regressions[0]}" ]; then
    echo "== $target: replaying ${#regressions[@]} regression input(s)"
    if ! "$bin" "${flags[@]}" -timeout=5 "${regressions[@]}" \
      >"$log.regressions" 2>&1; then
      tail -n 60 "$log.regressions"
      echo "fuzz.sh: $target fails on a saved regression input" >&2
      failed+=("$target (regression)")
      summary+=("$target|regression failed|-|-|-")
      continue
    fi
  fi

  dict=()
  if [ -f "tests/fuzz/$target.dict" ]; then dict=("-dict=tests/fuzz/$target.dict"); fi
  echo "== $target: fuzzing for ${seconds}s"
  rc=0
  "$bin" "${flags[@]}" "${dict[@]}" \
    -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$corpus" "tests/fuzz/corpus/$target" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -n 1 | cut -d' ' -f2)
  entries=$(find "$corpus" -type f | wc -l)
  if [ "$rc" -ne 0 ]; then
    grep -E 'ERROR|FUZZ_CHECK|SUMMARY|#[0-9]+ in ' "$log" | head -n 40 || true
    tail -n 5 "$log"
    echo "fuzz.sh: $target failed (exit $rc); log: $log" >&2
    echo "fuzz.sh: reproduce with: $bin $artifacts/<crash-file>" >&2
    failed+=("$target")
    summary+=("$target|FAILED|${execs:-?}|${rate:-?}|${cov:-?}")
  else
    summary+=("$target|ok|${execs:-?}|${rate:-?}|${cov:-?}")
  fi
  echo "   $target: ${execs:-?} executions (${rate:-?}/s), coverage ${cov:-?}, corpus $entries files"
done

echo
echo "fuzz.sh: ${seconds}s per target"
printf '%-20s %-18s %12s %8s %6s\n' target result executions exec/s cov
for row in "${summary[@]}"; do
  IFS='|' read -r t r e s c <<<"$row"
  printf '%-20s %-18s %12s %8s %6s\n' "$t" "$r" "$e" "$s" "$c"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: all targets passed"
