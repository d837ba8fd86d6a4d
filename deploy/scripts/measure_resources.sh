#!/usr/bin/env bash
# Measures the server's memory and CPU in the image under a little load, to
# size the Deployment's requests and limits (deploy/k8s/base/deployment.yaml
# quotes the numbers). Not part of CI; run by hand after build_image.sh.
#   WORKERS=4 SECONDS_OF_LOAD=20 deploy/scripts/measure_resources.sh
# Load: WORKERS parallel CLI processes in loops against the container on
# loopback: odd workers make single GetStatusCode calls (one per process, so
# a new connection each time), even ones BatchGetStatusCodes of every
# catalogued code (large responses). Samples /proc/<pid> of the server every
# 0.25 s. The load is as much as two cores give with the clients on them.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$DEPLOY_REPO_ROOT"

WORKERS="${WORKERS:-4}"
SECONDS_OF_LOAD="${SECONDS_OF_LOAD:-20}"
name="statusinfo-measure-$$"
cli=$(statusinfo_cli)
work=$(mktemp -d)
cleanup() {
  podman rm --force --time 0 "$name" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$(free_port)
podman run --detach --name "$name" --network host --read-only --cap-drop ALL \
  --env STATUSINFO_ADDRESS="127.0.0.1:$port" --env STATUSINFO_METRICS_ADDRESS="127.0.0.1:0" \
  --env STATUSINFO_DRAIN_DELAY=0s "$STATUSINFO_IMAGE" >/dev/null
wait_until 30 "SERVING" "$cli" --target="127.0.0.1:$port" health || die "not SERVING"
pid=$(podman inspect --format '{{.State.Pid}}' "$name")
hz=$(getconf CLK_TCK)
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
threads() { awk '/^Threads:/ { print $2 }' "/proc/$pid/status"; }

codes=$("$cli" --target="127.0.0.1:$port" list --unofficial | grep -oE '^ *[1-5][0-9][0-9]\b' | tr -d ' ' | sort -u | tr '\n' ' ')
ncodes=$(wc -w <<<"$codes")
idle_rss=$(rss_kb)
log "idle: RSS $(( idle_rss / 1024 )) MiB, $(threads) threads; load: $WORKERS workers x ${SECONDS_OF_LOAD}s, $ncodes codes per pass"

end=$(( $(now_ms) + SECONDS_OF_LOAD * 1000 ))
for w in $(seq "$WORKERS"); do
  (
    n=0 entries=0
    # shellcheck disable=SC2206
    all=($codes)
    while [ "$(now_ms)" -lt "$end" ]; do
      if [ $(( w % 2 )) -eq 1 ]; then
        "$cli" --target="127.0.0.1:$port" get "${all[RANDOM % ${#all[@]}]}" >/dev/null 2>&1 || true
        entries=$(( entries + 1 ))
      else
        # shellcheck disable=SC2086
        "$cli" --target="127.0.0.1:$port" get $codes >/dev/null 2>&1 || true
        entries=$(( entries + ${#all[@]} ))
      fi
      n=$(( n + 1 ))
    done
    echo "$n $entries" > "$work/counts.$w"
  ) &
done
t0=$(now_ms); c0=$(cpu_ticks); peak=0
while [ "$(now_ms)" -lt "$end" ]; do
  r=$(rss_kb); [ "$r" -gt "$peak" ] && peak=$r
  sleep 0.25
done
wait
t1=$(now_ms); c1=$(cpu_ticks)
rpcs=$(awk '{ s += $1 } END { print s }' "$work"/counts.*)
entries=$(awk '{ s += $2 } END { print s }' "$work"/counts.*)
ms=$(( t1 - t0 ))
millicores=$(( (c1 - c0) * 1000 * 1000 / hz / ms ))
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
log "load: $rpcs RPCs ($entries status-code entries) in $(( ms / 1000 )).$(( ms % 1000 / 100 ))s = $(( rpcs * 1000 / ms )) RPC/s, $(( entries * 1000 / ms )) entries/s"
log "server CPU: ${millicores}m on average ($(( (c1 - c0) * 1000 * 1000 / hz / rpcs )) us per RPC)"
log "server RSS: idle $(( idle_rss / 1024 )) MiB, peak $(( peak / 1024 )) MiB (VmHWM $(( hwm / 1024 )) MiB), $(threads) threads"
