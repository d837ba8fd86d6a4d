#!/usr/bin/env bash
# Runs the rendered dev Deployment for real with `podman kube play` and talks
# gRPC to it, then tears it down. What changes between the rendered dev
# overlay and what is played (a kustomize layer over the rendered file,
# nothing else): the image is the one build_image.sh made, with
# imagePullPolicy Never; the pod uses the host network with the gRPC and
# metrics listeners bound to free loopback ports (no bridge network in this
# sandbox; podman 4.3 would publish containerPorts, which host networking
# refuses, so the ports list is dropped and the probe ports follow the
# listener; the HTTP listener too). Everything else, the env, the catalog
# ConfigMap volume, the securityContext, is played as rendered.
# Checks: health SERVING (both services), a lookup, the organisation's catalog
# entry from the ConfigMap, metrics, a lookup over HTTP/JSON (when the server
# has --http_address); that podman applied the user, read-only
# root, no capabilities and no-new-privileges; then a stop with the pod's
# grace period: exit code 0.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$DEPLOY_REPO_ROOT"

podman image exists "$STATUSINFO_IMAGE" || bash deploy/scripts/build_image.sh
cli=$(statusinfo_cli)
work=$(mktemp -d /tmp/statusinfo-kube-play.XXXXXX)
played=""
cleanup() {
  if [ -n "$played" ]; then
    podman kube down "$work/play.yaml" >/dev/null 2>&1 || true
    # ConfigMaps become podman volumes of the same name.
    awk '/^kind: ConfigMap/ { c = 1 } c && /^  name: / { print $2; c = 0 }' "$work/play.yaml" |
      while read -r v; do podman volume rm --force "$v" >/dev/null 2>&1 || true; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(free_port)
metrics_port=$(free_port)
while [ "$metrics_port" = "$port" ]; do metrics_port=$(free_port); done
http_port=$(free_port)
while [ "$http_port" = "$port" ] || [ "$http_port" = "$metrics_port" ]; do http_port=$(free_port); done

kubectl kustomize deploy/k8s/overlays/dev > "$work/dev.yaml"
cat > "$work/kustomization.yaml" <<YAML
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - dev.yaml
patches:
  - target:
      kind: Deployment
      name: statusinfo
    patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: statusinfo
      spec:
        template:
          spec:
            containers:
              - name: server
                image: $STATUSINFO_IMAGE
                imagePullPolicy: Never
                env:
                  - name: STATUSINFO_ADDRESS
                    value: "127.0.0.1:$port"
                  - name: STATUSINFO_METRICS_ADDRESS
                    value: "127.0.0.1:$metrics_port"
                  - name: STATUSINFO_HTTP_ADDRESS
                    value: "127.0.0.1:$http_port"
  - target:
      kind: Deployment
      name: statusinfo
    patch: |-
      - op: remove
        path: /spec/template/spec/containers/0/ports
      - op: replace
        path: /spec/template/spec/containers/0/startupProbe/grpc/port
        value: $port
      - op: replace
        path: /spec/template/spec/containers/0/readinessProbe/grpc/port
        value: $port
      - op: replace
        path: /spec/template/spec/containers/0/livenessProbe/grpc/port
        value: $port
YAML
kubectl kustomize "$work" > "$work/play.yaml"
grace=$(awk '/terminationGracePeriodSeconds:/ { print $2 }' "$work/play.yaml")

t0=$(now_ms)
played=1
podman kube play --network host --replace "$work/play.yaml" > "$work/play.out" 2>&1 ||
  { cat "$work/play.out" >&2; die "podman kube play failed"; }
pod=$(podman pod ps --filter name=statusinfo --format '{{.Name}}' | head -1)
container="$pod-server"
if [ -z "$pod" ] || ! podman container exists "$container"; then
  die "no pod/container from kube play ($(cat "$work/play.out"))"
fi
log "played $pod in $(( $(now_ms) - t0 )) ms"

health() { "$cli" --target="127.0.0.1:$port" --timeout=1s health "$@"; }
if ! wait_until 30 "health SERVING on 127.0.0.1:$port" health; then
  podman logs "$container" >&2 || true
  die "the played pod never became SERVING"
fi
health statusinfo.v1.StatusInfoService >/dev/null || die "statusinfo.v1.StatusInfoService not SERVING"
log "SERVING $(( $(now_ms) - t0 )) ms after kube play"

out=$("$cli" --target="127.0.0.1:$port" get 404) || die "get 404 failed: $out"
grep -qi 'not found' <<<"$out" || die "get 404 said: $out"
out=$("$cli" --target="127.0.0.1:$port" get 461) || die "get 461 (the ConfigMap's catalog entry) failed: $out"
grep -q 'Upstream Quota Exceeded' <<<"$out" || die "catalog additions not loaded: $out"
log "gRPC: get 404 -> $(head -1 <<<"$("$cli" --target="127.0.0.1:$port" get 404)"); get 461 -> $(head -1 <<<"$out") (from the catalog ConfigMap)"

python3 - "$metrics_port" <<'PY' || die "no metrics on 127.0.0.1:$metrics_port"
import sys, urllib.request
body = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/metrics", timeout=2).read().decode()
assert "grpc_server_handled_total" in body or "# TYPE" in body, body[:200]
PY
log "metrics: /metrics answers on 127.0.0.1:$metrics_port"

# The HTTP/JSON listener, from the rendered env (a server built before it
# existed ignores STATUSINFO_HTTP_ADDRESS).
if grep -qE -- "--http_address " <<<"$(server_flags)"; then
  wait_until 10 "HTTP on 127.0.0.1:$http_port" http_lookup "$http_port" ||
    die "GET /v1/statusCodes/404 on 127.0.0.1:$http_port did not answer Not Found"
  log "http: GET /v1/statusCodes/404 answers on 127.0.0.1:$http_port"
else
  log "NOTE: the server in the image has no --http_address: HTTP check skipped"
fi

# What podman made of the pod's securityContext.
read -r user ro caps secopt < <(podman inspect "$container" \
  --format '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{len .EffectiveCaps}} {{json .HostConfig.SecurityOpt}}')
[ "$user" = "$STATUSINFO_UID:$STATUSINFO_GID" ] || [ "$user" = "$STATUSINFO_UID" ] || die "container user $user"
[ "$ro" = true ] || die "root file system not read-only"
[ "$caps" = 0 ] || die "$caps capabilities left"
grep -q no-new-privileges <<<"$secopt" || die "no-new-privileges not set ($secopt)"
log "as played: user $user, read-only root, 0 capabilities, no-new-privileges"

# Stop as the kubelet would: SIGTERM, the grace period, then SIGKILL.
t_stop=$(now_ms)
podman pod stop --time "$grace" "$pod" >/dev/null
code=$(podman inspect "$container" --format '{{.State.ExitCode}}')
[ "$code" = 0 ] || { podman logs "$container" | tail -5 >&2; die "exit code $code after stop"; }
log "pod stop (grace ${grace}s): server exited 0 after $(( $(now_ms) - t_stop )) ms"
podman kube down "$work/play.yaml" >/dev/null
log "OK"
