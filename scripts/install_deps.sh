#!/usr/bin/env bash
# Installs what statusinfo needs to build and test on Debian 12: the C++
# libraries and tools from Debian's packages, and the npm test tools (buf
# under tools/, playwright-core and axe-core under tests/web/). Safe to run
# again; it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  cmake ninja-build g++ pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libgtest-dev libgmock-dev libbenchmark-dev
  # Prometheus metrics endpoint of the server (brings civetweb, curl, zlib).
  prometheus-cpp-dev
  # The HTTP/JSON listener: Boost.Beast and Asio (header-only) and OpenSSL
  # for HTTPS.
  libboost-dev libssl-dev
  # The TLS tests make their certificates with the openssl command; an
  # HTTPS test calls the server with curl.
  openssl curl
  # .proto files of upstream schemas: grpc.health.v1, google.rpc.
  grpc-proto golang-github-gogo-googleapis-dev
  # Python example client.
  python3 python3-grpcio python3-grpc-tools
  # Style and static checks (scripts/check_format.sh, scripts/static_checks.sh).
  clang-format clang-tidy cppcheck
  # Fuzzing and sanitizer builds (scripts/fuzz.sh, scripts/sanitizers.sh):
  # clang 14, its runtimes (libFuzzer, ASan, UBSan, TSan and
  # FuzzedDataProvider.h are in libclang-rt-14-dev) and llvm-symbolizer
  # (package llvm) for readable sanitizer stacks.
  clang libclang-rt-14-dev llvm
  # Benchmarks (bench/run.sh): h2load, the grpc-go baseline (GOPATH mode,
  # protoc-gen-go with its grpc plugin), taskset for pinning.
  nghttp2-client golang-go golang-google-grpc-dev golang-goprotobuf-dev
  util-linux
  # statusinfo check --har: RapidJSON's streaming SAX reader (header-only)
  # parses HAR files entry by entry in bounded memory.
  rapidjson-dev
  # Benchmark charts (bench/plot_results.py, SVG): matplotlib, for Debian's
  # python3.
  python3-matplotlib
  # The web page's browser test (tests/web): Debian's chromium, driven by
  # playwright-core from npm (tests/web/package.json), which downloads no
  # browser of its own.
  chromium
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# One dpkg-query for every package (a second run, as in CI, costs well
# under a second).
declare -A installed=()
while read -r status name; do
  [ "$status" = ii ] && installed[$name]=1
done < <(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${APT_PACKAGES[@]}" 2>/dev/null || true)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  [ -n "${installed[$p]:-}" ] || missing+=("$p")
done
if ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "install_deps: apt-get install ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x tools/node_modules/.bin/buf ]; then
  echo "install_deps: npm ci (buf)"
  npm ci --prefix tools --no-audit --no-fund --loglevel=error
  missing+=(buf)
fi
if [ ! -d tests/web/node_modules/playwright-core ] ||
   [ ! -d tests/web/node_modules/axe-core ]; then
  echo "install_deps: npm ci (playwright-core and axe-core, for the web page's browser test)"
  npm ci --prefix tests/web --no-audit --no-fund --loglevel=error
  missing+=(playwright-core axe-core)
fi
[ ${#missing[@]} -gt 0 ] || echo "install_deps: everything is installed already"
