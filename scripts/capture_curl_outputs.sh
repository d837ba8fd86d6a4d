#!/usr/bin/env bash
# Captures whole curl outputs with several response heads, for
# tests/e2e/cli_check_e2e_test.cc: what `statusinfo check` reads when it is
# fed `curl -i` (interim 1xx heads, the final head, the body), `curl -sIL`
# (every hop of a redirect chain) or `curl -s -D - -o /dev/null` (the head
# of a response whose body went elsewhere).
#
# The server is Node.js's own http module (Debian's nodejs, or any node on
# PATH), on 127.0.0.1 and a port the kernel picks, stopped on exit: it sends
# 103 Early Hints (writeEarlyHints) and 100 Continue (for a request with
# Expect: 100-continue) itself, which Debian's nginx and Apache do not. The
# outputs are
#   tests/data/real_heads/curl_output/node_<case>.txt  curl's standard output
#   tests/data/real_heads/curl_output/MANIFEST.tsv     the command, when
# (README.md there says what each holds).
# and are committed, so the tests need neither node nor curl.
#
# Usage: scripts/capture_curl_outputs.sh [OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-tests/data/real_heads/curl_output}"
mkdir -p "$OUT"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The pages: every response says what it is, with Content-Type and
# Content-Length, as a careful origin would.
cat >"$work/server.js" <<'JS'
const http = require('http');
const page = (title) => `<!doctype html><title>${title}</title><h1>${title}</h1>\n`;
function send(res, status, headers, body) {
  res.writeHead(status, Object.assign({
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  }, headers));
  res.end(body);
}
const server = http.createServer((req, res) => {
  const url = req.url;
  if (url === '/hints') {
    res.writeEarlyHints({link: '</style.css>; rel=preload; as=style'});
    return send(res, 200, {}, page('With early hints'));
  }
  if (url === '/upload' && req.method === 'POST') {
    req.resume();
    return req.on('end', () => send(res, 201, {Location: '/upload/1'},
                                    page('Created')));
  }
  if (url === '/old') return send(res, 301, {Location: '/moved'}, page('Moved'));
  if (url === '/moved') return send(res, 302, {Location: '/page'}, page('Found'));
  if (url === '/page') return send(res, 200, {}, page('The page'));
  return send(res, 404, {}, page('Not Found'));
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
JS

node "$work/server.js" >"$work/port" &
server_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/port" ] && break
  sleep 0.1
done
port="$(head -1 "$work/port")"
base="http://127.0.0.1:${port}"
node_version="$(node --version)"
curl_version="$(curl --version | head -1 | cut -d' ' -f2)"

manifest="$OUT/MANIFEST.tsv"
printf 'file\tserver\tserver_version\tcurl_version\tcommand\tcaptured\n' >"$manifest"
capture() {
  local name="$1"
  shift
  curl "$@" >"$OUT/$name"
  printf '%s\tnode\t%s\t%s\tcurl %s\t%s\n' "$name" "$node_version" \
    "$curl_version" "${*//$base/URL}" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    >>"$manifest"
}

capture node_early_hints_i.txt -si --http1.1 "$base/hints"
capture node_continue_i.txt -si --http1.1 -H 'Expect: 100-continue' \
  --data-binary 'x=1' "$base/upload"
capture node_redirects_sIL.txt -sIL --http1.1 "$base/old"
capture node_redirects_iL.txt -siL --http1.1 "$base/old"
capture node_missing_D.txt -s --http1.1 -D - -o /dev/null "$base/missing"
echo "captured into $OUT"
