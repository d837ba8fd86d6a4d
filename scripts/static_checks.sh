#!/usr/bin/env bash
# Static analysis of the project's own sources (not generated code, not
# tests): cppcheck, then clang-tidy with the checked-in .clang-tidy. Needs a
# configured build directory for compile_commands.json (default: build).
# Any finding fails.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
mapfile -t sources < <(git ls-files 'service/*.cc' 'client/*.cc')

echo "cppcheck: ${#sources[@]} files"
cppcheck --enable=warning,performance,portability --std=c++17 --quiet \
  --error-exitcode=1 --inline-suppr --suppress=missingIncludeSystem \
  -I . "${sources[@]}"

echo "clang-tidy: ${#sources[@]} files"
run-clang-tidy -quiet -p "$build_dir" -j "$(nproc)" "${sources[@]/#/$PWD/}" \
  > /tmp/statusinfo-clang-tidy.log 2>&1 || {
  grep -E "(warning|error):" /tmp/statusinfo-clang-tidy.log | sort -u | head -50
  echo "clang-tidy reported problems (full log: /tmp/statusinfo-clang-tidy.log)"
  exit 1
}
echo "static checks passed"
