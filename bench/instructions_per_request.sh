#!/usr/bin/env bash
# Instructions per request of statusinfo-server binaries, counted by
# valgrind (callgrind's Ir), for comparing two builds on a loaded machine:
# unlike CPU time, an instruction count hardly depends on what else runs.
#
#   bench/instructions_per_request.sh before=/tmp/old/statusinfo-server \
#       after=build-bench/service/statusinfo-server
#
# Per binary and method: (Ir after N2 requests - Ir after N1) / (N2 - N1),
# so that start-up and shutdown cancel out. Each request is one h2load
# call with the fixtures of bench_fixtures (bench/run.sh builds them in
# build-bench/bench/fixtures; FIXTURES overrides), metrics on, as in
# bench/run.sh. Needs valgrind and h2load. Takes a few minutes.
set -euo pipefail
FIXTURES=${FIXTURES:-build-bench/bench/fixtures}
N1=${N1:-1000}
N2=${N2:-4000}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Prints the Ir of `binary` serving `n` calls of `method` with `body`.
instructions() {
  local binary=$1 method=$2 body=$3 n=$4 port log pid
  port=$(free_port)
  log=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" \
    --address="127.0.0.1:$port" --metrics_address=127.0.0.1:0 \
    --drain_delay=0s --shutdown_timeout=1s 2>"$log" &
  pid=$!
  for _ in $(seq 1 600); do
    grep -q '"serving"' "$log" && break
    sleep 0.1
  done
  h2load -c 1 -m 10 -t 1 -n "$n" -d "$FIXTURES/$body" \
    -H 'content-type: application/grpc' -H 'te: trailers' \
    "http://127.0.0.1:$port/statusinfo.v1.StatusInfoService/$method" |
    grep -q "$n succeeded" || echo "$method: not every call succeeded" >&2
  kill -TERM "$pid"
  wait "$pid" || true
  grep -o 'Collected : [0-9]*' "$log" | awk '{print $3}'
  rm -f "$log"
}

[ $# -gt 0 ] || { sed -n '2,13p' "$0"; exit 2; }
for spec in "GetStatusCode get.req" "ValidateResponse validate.req" \
            "SearchStatusCodes search.req"; do
  read -r method body <<<"$spec"
  for arg in "$@"; do
    name=${arg%%=*}
    binary=${arg#*=}
    a=$(instructions "$binary" "$method" "$body" "$N1")
    b=$(instructions "$binary" "$method" "$body" "$N2")
    echo "$method $name: $(((b - a) / (N2 - N1))) instructions per request"
  done
done
