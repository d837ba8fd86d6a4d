# shellcheck shell=bash disable=SC2034
# Shared helpers for the deploy scripts. Source it; do not run it.
#   source "$(dirname "$0")/lib.sh"

# The repository root, whatever the caller's working directory.
DEPLOY_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DEPLOY_REPO_ROOT

# The image the scripts build, run and inspect (override for a registry push).
STATUSINFO_IMAGE="${STATUSINFO_IMAGE:-localhost/statusinfo-server:dev}"
# The base image the Dockerfile names (FROM debian:bookworm-slim resolves to it).
DEBIAN_BASE_IMAGE="docker.io/library/debian:bookworm-slim"
# Fixed UID/GID of the image's user (keep in step with deploy/Dockerfile and the
# k8s securityContext).
STATUSINFO_UID=10001
STATUSINFO_GID=10001

log() { echo "[$(basename "$0")] $*" >&2; }
die() { log "FAIL: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages named, skipping those already there.
apt_install() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# now_ms: milliseconds since the epoch.
now_ms() { date +%s%3N; }

# wait_until DEADLINE_SECONDS DESCRIPTION COMMAND...: runs COMMAND every 0.2 s
# until it succeeds or the deadline passes (then returns 1).
wait_until() {
  local seconds="$1" what="$2"; shift 2
  local deadline=$(( $(now_ms) + seconds * 1000 ))
  while ! "$@" >/dev/null 2>&1; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
      log "timed out after ${seconds}s waiting for: $what"
      return 1
    fi
    sleep 0.2
  done
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
  python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

# statusinfo_cli: path of the CLI built from this tree (builds it into
# build-deploy/ if no build has it yet). STATUSINFO_CLI overrides.
statusinfo_cli() {
  if [ -n "${STATUSINFO_CLI:-}" ]; then echo "$STATUSINFO_CLI"; return; fi
  local c
  for c in "$DEPLOY_REPO_ROOT/build/client/statusinfo" \
           "$DEPLOY_REPO_ROOT/build-deploy/client/statusinfo"; do
    if [ -x "$c" ]; then echo "$c"; return; fi
  done
  log "no CLI build found: building statusinfo-cli into build-deploy/"
  cmake -S "$DEPLOY_REPO_ROOT" -B "$DEPLOY_REPO_ROOT/build-deploy" -G Ninja \
        -DSTATUSINFO_BUILD_TESTS=OFF >&2
  ninja -C "$DEPLOY_REPO_ROOT/build-deploy" statusinfo-cli >&2
  echo "$DEPLOY_REPO_ROOT/build-deploy/client/statusinfo"
}

# server_flags: the --helpfull text of the server in $STATUSINFO_IMAGE.
server_flags() {
  podman run --rm --network none "$STATUSINFO_IMAGE" --helpfull 2>&1 || true
}

# http_lookup PORT: GET /v1/statusCodes/404 on 127.0.0.1:PORT answers the
# StatusCode in protobuf's JSON mapping (the HTTP/JSON API).
http_lookup() {
  python3 - "$1" <<'PY'
import json, sys, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/v1/statusCodes/404"
with urllib.request.urlopen(url, timeout=2) as r:
    assert r.status == 200, r.status
    assert r.headers.get_content_type() == "application/json", r.headers["Content-Type"]
    body = json.load(r)
assert body.get("reasonPhrase") == "Not Found", body
PY
}
