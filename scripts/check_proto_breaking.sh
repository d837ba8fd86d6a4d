#!/usr/bin/env bash
# Fails when the API in proto/ breaks wire or JSON compatibility with an
# earlier version of itself, by `buf breaking` with the rules of
# proto/buf.yaml (FILE). Compares against the previous commit by default:
#
#   bash scripts/check_proto_breaking.sh            # against HEAD~1
#   bash scripts/check_proto_breaking.sh main       # against a branch/ref
#   PROTO_BREAKING_AGAINST=origin/main bash scripts/check_proto_breaking.sh
#
# With no such commit (the first commit, a shallow clone, no .git) there is
# nothing to compare: it says so and succeeds. Needs buf from
# scripts/install_deps.sh (tools/node_modules/.bin/buf).
set -euo pipefail
cd "$(dirname "$0")/.."
against="${1:-${PROTO_BREAKING_AGAINST:-HEAD~1}}"
buf=tools/node_modules/.bin/buf
if [ ! -x "$buf" ]; then
  echo "check_proto_breaking: $buf not found; run scripts/install_deps.sh" >&2
  exit 1
fi
if ! commit=$(git rev-parse --verify --quiet "${against}^{commit}" 2>/dev/null); then
  # A ref given by name must exist; the default HEAD~1 may not (first
  # commit, shallow clone, no .git).
  if [ -n "${1:-${PROTO_BREAKING_AGAINST:-}}" ]; then
    echo "check_proto_breaking: no commit '$against'" >&2
    exit 2
  fi
  echo "check_proto_breaking: skipped: no commit '$against' to compare with" \
    "(first commit or shallow clone)"
  exit 0
fi
if ! git cat-file -e "${commit}:proto" 2>/dev/null; then
  echo "check_proto_breaking: skipped: '$against' has no proto/ directory"
  exit 0
fi
# The earlier proto/ in a temporary directory, removed on exit: simpler and
# more portable than buf's .git input, which needs the full history.
old=$(mktemp -d "${TMPDIR:-/tmp}/statusinfo-proto-XXXXXX")
trap 'rm -rf "$old"' EXIT
git archive "$commit" proto | tar -x -C "$old"
echo "check_proto_breaking: proto/ against $against ($(git rev-parse --short "$commit"))"
"$buf" breaking proto --against "$old/proto"
echo "check_proto_breaking: no breaking change"
