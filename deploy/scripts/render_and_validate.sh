#!/usr/bin/env bash
# Renders every kustomize overlay (deploy/k8s/overlays/*), validates every
# object against the Kubernetes API schemas offline, and runs the manifest
# tests (tests/deploy/*.test.mjs):
#   - kubectl kustomize (kubectl's built-in kustomize) renders;
#   - deploy/validate/validate.mjs validates: kubernetes-models' validators
#     generated from the Kubernetes OpenAPI spec, prometheus-operator models
#     for the ServiceMonitor, and a strict unknown-field check from
#     @kubernetes/client-node's model tables (npm packages, installed here by
#     npm ci from deploy/validate/package-lock.json);
#   - tests/deploy/manifests.test.mjs asserts probes, securityContext, ports,
#     grace period vs drain, Services, PDB, HPA, NetworkPolicy per overlay;
#     tests/deploy/validator.test.mjs proves the validator rejects mistakes.
# Validation and tests run in a network namespace of their own with no
# interface up (unshare -n), where unshare is allowed: proof that nothing is
# fetched at validation time.
# Rendered YAML goes to $RENDER_DIR (default /tmp/statusinfo-rendered).
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$DEPLOY_REPO_ROOT"

RENDER_DIR="${RENDER_DIR:-/tmp/statusinfo-rendered}"

command -v kubectl >/dev/null ||
  die "kubectl not found (it comes with this machine image; Debian 12 has no kubectl package)"
kubectl version --client 2>/dev/null | sed 's/^/    /' >&2 || true
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi

# npm packages of the validator: again only when the lock file changed.
stamp=deploy/validate/node_modules/.statusinfo-lock-sha256
want=$(sha256sum deploy/validate/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "npm ci (deploy/validate)"
  npm ci --prefix deploy/validate --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

offline=()
if unshare --net true 2>/dev/null; then
  offline=(unshare --net)
  log "validating with no network (unshare --net)"
else
  log "NOTE: unshare --net not permitted here: validating with the network present"
fi

rm -rf "$RENDER_DIR"
"${offline[@]}" node deploy/validate/validate.mjs --out "$RENDER_DIR"
log "rendered YAML in $RENDER_DIR: $(find "$RENDER_DIR" -name '*.yaml' -printf '%f ')"

"${offline[@]}" node --test --test-reporter=spec \
  tests/deploy/manifests.test.mjs tests/deploy/validator.test.mjs
