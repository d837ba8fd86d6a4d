#!/usr/bin/env bash
# The sanitizer runs of docs/reliability.md, both with clang:
#
#   asan: the whole project (server, CLI, every test and the fuzz targets;
#         not bench/) built again in build-asan with AddressSanitizer,
#         LeakSanitizer and UndefinedBehaviorSanitizer, and the full test
#         suite run there. The e2e tests start the binaries of that build, so
#         the server and CLI run instrumented too. (scripts/fuzz.sh shares
#         this build; see there.)
#   tsan: tests/server and tests/http (the server integration and
#         concurrency tests, and the HTTP listener's event loop) built in
#         build-tsan with ThreadSanitizer, and run.
#
#   bash scripts/sanitizers.sh          # both (CI)
#   bash scripts/sanitizers.sh asan     # or: tsan
#
# Any sanitizer report fails the run, also one from a process a test starts
# (a server under test): every report is written to
# <build dir>/sanitizer-logs/, which must stay empty. Suppressions are in
# scripts/lsan.supp and scripts/tsan.supp, each entry with its reason; none is
# for our own code.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

what="${1:-all}"
case "$what" in
  all | asan | tsan) ;;
  *)
    echo "usage: $0 [all|asan|tsan]" >&2
    exit 2
    ;;
esac
if ! command -v clang++ >/dev/null 2>&1; then
  echo "sanitizers.sh: clang++ not found; run scripts/install_deps.sh" >&2
  exit 1
fi
jobs="${SANITIZER_JOBS:-2}"

# configure <build dir> <sanitizers> <fuzzers ON|OFF>
configure() {
  cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ \
    -DSTATUSINFO_SANITIZE="$2" \
    -DSTATUSINFO_BUILD_FUZZERS="$3" \
    -DSTATUSINFO_BUILD_BENCHMARKS=OFF \
    -DSTATUSINFO_BUILD_TESTS=ON >/dev/null
}

# check_logs <dir>: fails, printing them, if sanitizers wrote any report.
check_logs() {
  local reports
  reports=$(find "$1" -type f 2>/dev/null | sort)
  if [ -n "$reports" ]; then
    for f in $reports; do
      echo "---- $f"
      cat "$f"
    done
    echo "sanitizers.sh: sanitizer reports above (in $1)" >&2
    return 1
  fi
}

failed=()

run_asan() {
  local dir=build-asan
  local logs="$root/$dir/sanitizer-logs"
  echo "== ASan+UBSan: building everything in $dir"
  # Configured as scripts/fuzz.sh configures it (with the fuzz targets), so
  # that after a fuzz run only what the tests add is compiled here.
  configure "$dir" "address;undefined" ON
  cmake --build "$dir" -j "$jobs"
  rm -rf "$logs"
  mkdir -p "$logs"
  echo "== ASan+UBSan: ctest (full suite)"
  local rc=0
  # quarantine_size_mb: freed memory waits in a 32 MiB quarantine (not the
  # default 256 MiB) before reuse, still enough to catch a use after free, so
  # that the soak and abusive-client tests, which bound the server's RSS,
  # measure the server rather than ASan's quarantine.
  ASAN_OPTIONS="detect_leaks=1:quarantine_size_mb=32:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:log_path=$logs/asan" \
  LSAN_OPTIONS="suppressions=$root/scripts/lsan.supp:print_suppressions=0" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$logs/ubsan" \
    ctest --test-dir "$dir" --output-on-failure -j "$jobs" || rc=$?
  if ! check_logs "$logs"; then rc=1; fi
  if [ "$rc" -ne 0 ]; then failed+=(asan); fi
}

run_tsan() {
  local dir=build-tsan
  local logs="$root/$dir/sanitizer-logs"
  # ThreadSanitizer maps its shadow memory at fixed addresses, which a
  # kernel with more address-space randomization than clang 14 knows can
  # collide with; without randomization it always fits. Children (the
  # tests, and what they start) inherit this.
  local norandom=()
  if command -v setarch >/dev/null 2>&1; then norandom=(setarch "$(uname -m)" -R); fi
  echo "== TSan: building tests/server and tests/http in $dir"
  configure "$dir" "thread" OFF
  "${norandom[@]}" cmake --build "$dir" -j "$jobs" --target tests/server/all \
    tests/http/all
  rm -rf "$logs"
  mkdir -p "$logs"
  local rc=0
  # ignore_noninstrumented_modules: memory accesses made inside the
  # uninstrumented libraries (memcpy in abseil's Mutex deadlock detector,
  # in gRPC...) are not checked, since their synchronization is invisible to
  # ThreadSanitizer; their locks still order our code's accesses. Every
  # access our code makes is still checked.
  for tests in tests/server tests/http; do
    echo "== TSan: ctest ($tests)"
    TSAN_OPTIONS="ignore_noninstrumented_modules=1:halt_on_error=1:second_deadlock_stack=1:history_size=4:suppressions=$root/scripts/tsan.supp:print_suppressions=0:log_path=$logs/tsan" \
      "${norandom[@]}" ctest --test-dir "$dir/$tests" --output-on-failure \
      -j "$jobs" || rc=$?
  done
  if ! check_logs "$logs"; then rc=1; fi
  if [ "$rc" -ne 0 ]; then failed+=(tsan); fi
}

if [ "$what" = all ] || [ "$what" = asan ]; then run_asan; fi
if [ "$what" = all ] || [ "$what" = tsan ]; then run_tsan; fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "sanitizers.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "sanitizers.sh: no sanitizer reports"
