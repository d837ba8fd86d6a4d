#!/usr/bin/env bash
# Builds the statusinfo-server image from deploy/Dockerfile with podman (the
# same file `docker build -f deploy/Dockerfile .` takes), tags it
# $STATUSINFO_IMAGE (default localhost/statusinfo-server:dev) and prints its
# size. Runs setup_podman.sh first (idempotent). Layers are cached by podman,
# so a second build with unchanged sources takes seconds.
#   STATUSINFO_IMAGE=...  image name
#   EXTRA_PACKAGES="..."  Debian packages for the build stage besides those
#                         scripts/install_deps.sh lists (default: ccache)
#   BUILD_ARGS="..."      extra podman build arguments, e.g. --no-cache
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$DEPLOY_REPO_ROOT"

bash deploy/scripts/setup_podman.sh

build_log=$(mktemp /tmp/statusinfo-image-build.XXXXXX.log)
start=$(now_ms)
# --network host: the build stage's apt-get reaches Debian's mirror without a
# bridge network (none is set up in this sandbox). --pull=never: the base is
# the local debootstrapped debian:bookworm-slim.
# shellcheck disable=SC2086 # BUILD_ARGS: several words on purpose
podman build \
  --file deploy/Dockerfile \
  --ignorefile deploy/Dockerfile.dockerignore \
  --network host \
  --pull=never \
  --layers \
  --tag "$STATUSINFO_IMAGE" \
  ${EXTRA_PACKAGES:+--build-arg "EXTRA_PACKAGES=$EXTRA_PACKAGES"} \
  ${BUILD_ARGS:-} \
  . > "$build_log" 2>&1 || { tail -40 "$build_log" >&2; die "podman build failed (log: $build_log)"; }
grep -E '^\[[0-9]/[0-9]\] STEP|^build packages:|^stage_rootfs:|^ *(Hits|Misses):' "$build_log" | cut -c1-160 >&2 || true
elapsed=$(( ($(now_ms) - start) / 1000 ))

size=$(podman image inspect --format '{{.Size}}' "$STATUSINFO_IMAGE")
log "built $STATUSINFO_IMAGE in ${elapsed}s: $(( size / 1000 / 1000 )) MB ($size bytes, uncompressed)"
# Keep the build stage's layers as the cache of the next build (tagged, so
# that pruning spares them), and drop the stale layers of earlier builds:
# the disk use stays at about one build stage plus the image.
podman build --file deploy/Dockerfile --ignorefile deploy/Dockerfile.dockerignore \
  --network host --pull=never --layers --target build \
  ${EXTRA_PACKAGES:+--build-arg "EXTRA_PACKAGES=$EXTRA_PACKAGES"} \
  --tag localhost/statusinfo-server-build:cache . >/dev/null 2>&1 ||
  log "NOTE: could not tag the build stage (cache may be pruned)"
podman image prune --force >/dev/null 2>&1 || true
