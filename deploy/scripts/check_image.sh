#!/usr/bin/env bash
# Checks the built image ($STATUSINFO_IMAGE) the way a cluster would use it:
#   static:  podman image inspect and skopeo inspect agree that the user is the
#            fixed non-root 10001:10001, the entrypoint is the server binary
#            (exec form), 50051, 9090 and 8080 are exposed; the size is under
#            100 MB; the file system holds no shell, package manager or
#            compiler.
#   running: on the host network bound to loopback, read-only root file
#            system, all capabilities dropped, no-new-privileges: health
#            SERVING through the CLI, a lookup, a call by reflection (buf
#            curl, when tools/ has it), metrics, a lookup over HTTP/JSON
#            (when the server has --http_address); then SIGTERM: health
#            NOT_SERVING while the drain delay runs and calls still served,
#            and exit 0 within drain_delay + shutdown_timeout.
#   also:    the same image runs under an arbitrary non-root UID (OpenShift).
# Bounded waits only; the container is removed on any exit.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$DEPLOY_REPO_ROOT"

DRAIN_DELAY_S=2
SHUTDOWN_TIMEOUT_S=3
MAX_IMAGE_MB=100
name="statusinfo-check-$$"
cli=$(statusinfo_cli)

cleanup() { podman rm --force --ignore --time 0 "$name" "$name-uid" >/dev/null 2>&1 || true; }
trap cleanup EXIT

podman image exists "$STATUSINFO_IMAGE" || die "no image $STATUSINFO_IMAGE: run deploy/scripts/build_image.sh"

# --- static checks ------------------------------------------------------------
user=$(podman image inspect --format '{{.Config.User}}' "$STATUSINFO_IMAGE")
entrypoint=$(podman image inspect --format '{{json .Config.Entrypoint}}' "$STATUSINFO_IMAGE")
ports=$(podman image inspect --format '{{json .Config.ExposedPorts}}' "$STATUSINFO_IMAGE")
[ "$user" = "$STATUSINFO_UID:$STATUSINFO_GID" ] || die "image user is '$user', want $STATUSINFO_UID:$STATUSINFO_GID"
[ "$entrypoint" = '["/usr/local/bin/statusinfo-server"]' ] || die "entrypoint is $entrypoint"
for p in 50051/tcp 9090/tcp 8080/tcp; do
  grep -q "\"$p\"" <<<"$ports" || die "image does not EXPOSE $p ($ports)"
done
log "podman image inspect: user $user, entrypoint $entrypoint, ports $ports"

# skopeo reads the stored OCI config itself (what a registry would serve).
skopeo inspect --config "containers-storage:$STATUSINFO_IMAGE" 2>/dev/null | python3 -c '
import json, sys
cfg = json.load(sys.stdin)["config"]
user = cfg.get("User", "")
uid = user.split(":")[0]
entrypoint = cfg.get("Entrypoint")
cmd = cfg.get("Cmd")
assert uid.isdigit() and int(uid) != 0, "skopeo: user %r is not a numeric non-root uid" % user
assert entrypoint == ["/usr/local/bin/statusinfo-server"], "skopeo: entrypoint %r" % entrypoint
assert not cmd, "skopeo: unexpected Cmd %r" % cmd
print("skopeo inspect --config: user %s, entrypoint %s" % (user, entrypoint), file=sys.stderr)
' || die "skopeo inspect check failed"

size=$(podman image inspect --format '{{.Size}}' "$STATUSINFO_IMAGE")
size_mb=$(( size / 1000 / 1000 ))
[ "$size_mb" -lt "$MAX_IMAGE_MB" ] || die "image is ${size_mb} MB, budget ${MAX_IMAGE_MB} MB"
log "image size: ${size_mb} MB ($size bytes uncompressed)"

# The file list of the image: nothing to exec but the server and the loader.
podman create --name "$name" "$STATUSINFO_IMAGE" >/dev/null
files=$(podman export "$name" | tar -t)
podman rm "$name" >/dev/null
bad=$(grep -E '(^|/)(s?bin/)?(sh|bash|dash|busybox|apt|apt-get|dpkg|gcc|g\+\+|cc|c\+\+|ld|perl|python3?)$' <<<"$files" || true)
[ -z "$bad" ] || die "image contains $bad"
others=$(grep -vE '^(usr/local/bin/statusinfo-server|(usr/)?lib(64|x32)?/.*|usr/share/doc/.*|etc/(passwd|group|ld\.so\.cache)|(etc|usr|usr/local|usr/local/bin|usr/share|tmp)/?)$' <<<"$files" || true)
[ -z "$others" ] || die "unexpected files in the image: $(head -20 <<<"$others")"
log "file system: $(wc -l <<<"$files") entries, no shell, package manager or compiler"
if podman run --rm --entrypoint /bin/sh "$STATUSINFO_IMAGE" -c true >/dev/null 2>&1; then
  die "/bin/sh ran in the image"
fi

# --- the running container ---------------------------------------------------
flags=$(server_flags)
has_flag() { grep -qE -- "--$1 " <<<"$flags"; }
# The manifests configure these through STATUSINFO_* variables.
for f in address metrics_address drain_delay shutdown_timeout log_format log_level catalog_file \
         tls_cert_file tls_key_file tls_client_ca_file; do
  has_flag "$f" || die "the server in the image has no --$f (deploy/k8s sets STATUSINFO_${f^^})"
done
port=$(free_port)
metrics_port=$(free_port)
while [ "$metrics_port" = "$port" ]; do metrics_port=$(free_port); done
http_port=$(free_port)
while [ "$http_port" = "$port" ] || [ "$http_port" = "$metrics_port" ]; do http_port=$(free_port); done

podman run --detach --name "$name" \
  --network host --read-only --cap-drop ALL --security-opt no-new-privileges \
  --env STATUSINFO_ADDRESS="127.0.0.1:$port" \
  --env STATUSINFO_METRICS_ADDRESS="127.0.0.1:$metrics_port" \
  --env STATUSINFO_HTTP_ADDRESS="127.0.0.1:$http_port" \
  --env STATUSINFO_DRAIN_DELAY="${DRAIN_DELAY_S}s" \
  --env STATUSINFO_SHUTDOWN_TIMEOUT="${SHUTDOWN_TIMEOUT_S}s" \
  --env STATUSINFO_LOG_FORMAT=json \
  "$STATUSINFO_IMAGE" >/dev/null
t0=$(now_ms)
health() { "$cli" --target="127.0.0.1:$port" --timeout=1s health "$@"; }
if ! wait_until 30 "health SERVING on 127.0.0.1:$port" health; then
  podman logs "$name" >&2 || true
  die "the container never became SERVING"
fi
log "SERVING after $(( $(now_ms) - t0 )) ms (read-only root fs, no capabilities, user $(podman inspect --format '{{.Config.User}}' "$name"))"
health statusinfo.v1.StatusInfoService >/dev/null || die "statusinfo.v1.StatusInfoService is not SERVING"

out=$("$cli" --target="127.0.0.1:$port" get 404) || die "lookup failed: $out"
grep -qi 'not found' <<<"$out" || die "get 404 said: $out"
log "get 404: $(head -1 <<<"$out")"

# Server reflection, as grpcurl would use it (buf curl from tools/, if there).
buf="$DEPLOY_REPO_ROOT/tools/node_modules/.bin/buf"
if [ -x "$buf" ]; then
  methods=$("$buf" curl --protocol grpc --http2-prior-knowledge --list-methods "http://127.0.0.1:$port") ||
    die "reflection: cannot list methods"
  grep -q '^statusinfo.v1.StatusInfoService/GetStatusCode$' <<<"$methods" || die "reflection does not list GetStatusCode"
  grep -q '^grpc.health.v1.Health/Check$' <<<"$methods" || die "reflection does not list grpc.health.v1.Health"
  "$buf" curl --protocol grpc --http2-prior-knowledge -d '{"code":404}' \
    "http://127.0.0.1:$port/statusinfo.v1.StatusInfoService/GetStatusCode" | grep -q '"reasonPhrase": "Not Found"' ||
    die "reflection-driven call failed"
  log "reflection: $(wc -l <<<"$methods") methods listed; a call by reflection (buf curl) answered"
else
  log "NOTE: no tools/node_modules/.bin/buf (scripts/install_deps.sh installs it): reflection check skipped"
fi

metrics_ok() { python3 - "$metrics_port" <<'PY'
import sys, urllib.request
body = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/metrics", timeout=2).read().decode()
assert "grpc_server_handled_total" in body, body[:200]
PY
}
wait_until 10 "metrics on 127.0.0.1:$metrics_port" metrics_ok || die "no Prometheus metrics on :$metrics_port/metrics"
log "metrics: /metrics answers on 127.0.0.1:$metrics_port"

# The HTTP/JSON listener the image's env turns on; a server built before it
# existed ignores STATUSINFO_HTTP_ADDRESS.
if has_flag http_address; then
  wait_until 10 "HTTP on 127.0.0.1:$http_port" http_lookup "$http_port" ||
    die "GET /v1/statusCodes/404 on 127.0.0.1:$http_port did not answer Not Found"
  log "http: GET /v1/statusCodes/404 answers on 127.0.0.1:$http_port"
else
  log "NOTE: the server in the image has no --http_address: HTTP check skipped"
fi

# --- SIGTERM: drain, then exit 0 ---------------------------------------------
t_term=$(now_ms)
podman kill --signal TERM "$name" >/dev/null
# Health flips at once; calls are still served during the drain delay.
wait_until "$DRAIN_DELAY_S" "health NOT_SERVING after SIGTERM" bash -c "! '$cli' --target=127.0.0.1:$port --timeout=1s health" ||
  die "health still SERVING during the drain delay"
"$cli" --target="127.0.0.1:$port" get 200 >/dev/null || die "calls were refused during the drain delay"
log "draining: health NOT_SERVING after $(( $(now_ms) - t_term )) ms, calls still served"
# The window: drain delay + shutdown timeout, and 2 s for the process to go.
limit_s=$(( DRAIN_DELAY_S + SHUTDOWN_TIMEOUT_S + 2 ))
exit_code=$(timeout "$limit_s" podman wait "$name") || die "still running ${limit_s}s after SIGTERM (drain ${DRAIN_DELAY_S}s + shutdown ${SHUTDOWN_TIMEOUT_S}s + 2s)"
took=$(( $(now_ms) - t_term ))
[ "$exit_code" = 0 ] || { podman logs "$name" >&2; die "exit code $exit_code after SIGTERM"; }
[ "$took" -ge $(( DRAIN_DELAY_S * 1000 - 100 )) ] || die "exited ${took} ms after SIGTERM, before the ${DRAIN_DELAY_S}s drain delay"
log "SIGTERM -> exit 0 in ${took} ms (limit ${limit_s}s)"
podman logs "$name" 2>&1 | tail -3 | sed 's/^/    /' >&2
podman rm "$name" >/dev/null

# --- arbitrary UID (as OpenShift's restricted SCC runs images) ---------------
podman run --detach --name "$name-uid" --network host --read-only --cap-drop ALL \
  --user 123456:0 --env STATUSINFO_ADDRESS="127.0.0.1:$port" --env STATUSINFO_METRICS_ADDRESS= \
  --env STATUSINFO_HTTP_ADDRESS= \
  --env STATUSINFO_DRAIN_DELAY=0s "$STATUSINFO_IMAGE" >/dev/null
wait_until 30 "health SERVING as uid 123456" health || { podman logs "$name-uid" >&2; die "does not run as an arbitrary uid"; }
podman rm --force --time 10 "$name-uid" >/dev/null
log "runs as an arbitrary non-root uid too"
log "OK"
