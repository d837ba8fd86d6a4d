#!/usr/bin/env bash
# Captures whole HTTP/1.1 exchanges (the request head curl sent, the response
# head as received) from real servers other than nginx and Apache: origins
# (lighttpd, Caddy, Python's http.server, BusyBox httpd, webfs, mini_httpd),
# a cache (Varnish in front of lighttpd), a reverse proxy (HAProxy in front
# of Caddy) and a forward proxy (Squid, to lighttpd). For
# tests/core/exchange_corpus_test.cc: real servers as the oracle of the
# rules that read the request and the response together.
#
# Each server runs from Debian's package, in the foreground, on 127.0.0.1
# and a free high port, with a minimal configuration in a temporary
# directory: no system service, no port 80. All are stopped on exit,
# whatever happens. The outputs are
#   tests/data/exchanges/<server>_<case>.http      the response head
#   tests/data/exchanges/<server>_<case>.request   the request head sent
#   tests/data/exchanges/MANIFEST.tsv              what was asked, of whom, when,
#                                                  and how many content bytes came
# and are committed, so the tests need none of the servers. Run by hand,
# not in CI.
#
# Usage: scripts/capture_exchanges.sh [OUTPUT_DIR]   (run as root or sudo)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-tests/data/exchanges}"
# shellcheck source=scripts/capture_lib.sh
source scripts/capture_lib.sh

install_servers() {
  local missing=() pair
  for pair in curl:curl lighttpd:lighttpd caddy:caddy haproxy:haproxy \
    varnishd:varnish squid:squid busybox:busybox webfsd:webfs \
    mini_httpd:mini-httpd; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${pair%%:*}" ] ||
      missing+=("${pair#*:}")
  done
  install_packages "${missing[@]}"
}

# The server started last, its port, and the proxy to go through (if any):
# globals, read by capture.
PIDS=()
DIR=""
PROXY=""
ORIGIN=""
VERSION=""

# start NAME COMMAND...: runs a server in the background (its output in the
# temporary directory) and remembers it for the EXIT trap.
start() {
  local name="$1"
  shift
  "$@" >"$DIR/$name.out" 2>&1 &
  PIDS+=($!)
}

# capture SERVER PORT CASE METHOD PATH [HEADER...]: asks with curl over
# HTTP/1.1, saves the response head (curl -D writes the lines as received)
# and the request head (curl -v's "> " lines).
capture() {
  local server="$1" port="$2" name="$3" method="$4" path="$5"
  shift 5
  local file="${server}_${name}.http" request="${server}_${name}.request"
  local args=(-s -v --http1.1 -D "$OUT/$file" -o /dev/null)
  case "$method" in
    GET) ;;
    HEAD) args+=(-I) ;;
    POST) args+=(--data-binary 'x=1') ;;  # with Content-Length: 3
    *) args+=(-X "$method") ;;
  esac
  local header url="http://127.0.0.1:${port}${path}"
  for header in "$@"; do args+=(-H "$header"); done
  if [ -n "$PROXY" ]; then
    args+=(-x "http://127.0.0.1:${PROXY}")
    url="http://127.0.0.1:${ORIGIN}${path}"
  fi
  # The content's size tells whether the response had any: a head without
  # Content-Length or Transfer-Encoding is delimited by the close.
  local size
  size="$(curl "${args[@]}" -w '%{size_download}' "$url" 2>"$DIR/curl.err")"
  sed -n 's/^> //p' "$DIR/curl.err" >"$OUT/$request"
  local joined="-"
  if [ $# -gt 0 ]; then
    joined="$(printf '%s | ' "$@")"
    joined="${joined% | }"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$file" "$server" "$VERSION" \
    "$method" "$path" "$joined" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$size" \
    >>"$OUT/MANIFEST.tsv"
  echo "captured $file: $(head -n 1 "$OUT/$file" | tr -d '\r')"
}

# The requests every server gets: plain, conditional, range, wrong method.
capture_all() {
  local server="$1" port="$2"
  local c=(capture "$server" "$port")
  "${c[@]}" get_200 GET /index.html
  "${c[@]}" head_200 HEAD /index.html
  local first="$OUT/${server}_get_200.http"
  local etag lm
  etag="$(header_of "$first" ETag)"
  lm="$(header_of "$first" Last-Modified)"
  "${c[@]}" range_206 GET /index.html 'Range: bytes=0-9'
  "${c[@]}" range_suffix GET /index.html 'Range: bytes=-5'
  "${c[@]}" range_multi GET /index.html 'Range: bytes=0-4,10-14'
  "${c[@]}" range_416 GET /index.html 'Range: bytes=99999-'
  if [ -n "$etag" ]; then
    "${c[@]}" if_none_match_304 GET /index.html "If-None-Match: $etag"
    "${c[@]}" if_range_etag GET /index.html 'Range: bytes=0-9' "If-Range: $etag"
  fi
  "${c[@]}" if_none_match_other GET /index.html 'If-None-Match: "no-such-etag"'
  "${c[@]}" if_match_false GET /index.html 'If-Match: "no-such-etag"'
  "${c[@]}" if_match_star GET /index.html 'If-Match: *'
  if [ -n "$lm" ]; then
    "${c[@]}" if_modified_since_304 GET /index.html "If-Modified-Since: $lm"
    "${c[@]}" if_range_date GET /index.html 'Range: bytes=0-9' "If-Range: $lm"
  fi
  "${c[@]}" if_modified_since_old GET /index.html \
    'If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT'
  "${c[@]}" if_unmodified_since_old GET /index.html \
    'If-Unmodified-Since: Sat, 01 Jan 2000 00:00:00 GMT'
  "${c[@]}" if_range_stale GET /index.html 'Range: bytes=0-9' \
    'If-Range: "no-such-etag"'
  "${c[@]}" missing_404 GET /no-such-page.html
  "${c[@]}" dir_301 GET /dir
  "${c[@]}" dir_listing GET /dir/
  local form='Content-Type: application/x-www-form-urlencoded'
  "${c[@]}" post_static POST /index.html "$form"
  "${c[@]}" delete DELETE /index.html
  "${c[@]}" unknown_method FROB /index.html
  "${c[@]}" options OPTIONS /index.html
  "${c[@]}" gzip GET /gz/big.txt 'Accept-Encoding: gzip'
}

# ---- the servers: each writes a minimal configuration and starts ----

start_lighttpd() {
  local port="$1" d="$DIR/lighttpd"
  mkdir -p "$d"
  cat >"$d/lighttpd.conf" <<CONF
server.document-root = "$DIR/www"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$d/error.log"
server.modules = ("mod_redirect", "mod_deflate", "mod_dirlisting")
index-file.names = ("index.html")
dir-listing.activate = "disable"
mimetype.assign = (".html" => "text/html", ".txt" => "text/plain")
url.redirect = ("^/old\$" => "/index.html")
url.redirect-code = 302
deflate.mimetypes = ("text/plain")
deflate.allowed-encodings = ("gzip")
CONF
  start lighttpd /usr/sbin/lighttpd -D -f "$d/lighttpd.conf"
}

start_caddy() {
  local port="$1" d="$DIR/caddy"
  mkdir -p "$d"
  cat >"$d/Caddyfile" <<CONF
{
	admin off
	auto_https off
	storage file_system $d/data
}
http://127.0.0.1:$port {
	root * $DIR/www
	encode gzip
	redir /old /index.html 302
	file_server
}
CONF
  start caddy env HOME="$d" XDG_DATA_HOME="$d" XDG_CONFIG_HOME="$d" \
    caddy run --adapter caddyfile --config "$d/Caddyfile"
}

start_python() {
  start python /usr/bin/python3 -m http.server --bind 127.0.0.1 \
    --directory "$DIR/www" "$1"
}

start_busybox() {
  start busybox busybox httpd -f -p "127.0.0.1:$1" -h "$DIR/www"
}

start_webfs() {
  start webfs webfsd -F -4 -i 127.0.0.1 -p "$1" -r "$DIR/www" -f index.html
}

start_mini_httpd() {
  start mini_httpd /usr/sbin/mini_httpd -D -h 127.0.0.1 -p "$1" \
    -d "$DIR/www" -u nobody -l /dev/null
}

start_varnish() {
  local port="$1" backend="$2"
  mkdir -p "$DIR/varnish"
  start varnish /usr/sbin/varnishd -F -n "$DIR/varnish" -a "127.0.0.1:$port" \
    -b "127.0.0.1:$backend" -s malloc,16m
}

start_haproxy() {
  local port="$1" backend="$2" d="$DIR/haproxy"
  mkdir -p "$d"
  cat >"$d/haproxy.cfg" <<CONF
defaults
  mode http
  timeout connect 5s
  timeout client 10s
  timeout server 10s
frontend web
  bind 127.0.0.1:$port
  default_backend origin
backend origin
  server caddy 127.0.0.1:$backend
CONF
  start haproxy /usr/sbin/haproxy -db -f "$d/haproxy.cfg"
}

start_squid() {
  local port="$1" d="$DIR/squid"
  mkdir -p "$d"
  cat >"$d/squid.conf" <<CONF
http_port 127.0.0.1:$port
pid_filename $d/squid.pid
cache_log $d/cache.log
access_log none
cache_store_log none
cache_mem 8 MB
coredump_dir $d
http_access allow all
CONF
  chown -R proxy: "$d" 2>/dev/null || true
  start squid /usr/sbin/squid -N -f "$d/squid.conf"
}

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait
  if [ -n "$DIR" ]; then rm -rf "$DIR"; fi
}

# run NAME VERSION START_FN [ARG...]: starts a server on a free port,
# captures every case from it.
run() {
  local name="$1" version="$2" fn="$3"
  shift 3
  local port
  port="$(free_port)"
  "$fn" "$port" "$@"
  wait_for_port "$port"
  VERSION="$version"
  capture_all "$name" "$port"
}

main() {
  install_servers
  trap cleanup EXIT
  DIR="$(mktemp -d /tmp/statusinfo-exchanges.XXXXXX)"
  chmod 755 "$DIR"
  make_site "$DIR/www"
  mkdir -p "$OUT"
  rm -f "$OUT"/*.http "$OUT"/*.request
  printf 'file\tserver\tserver_version\tmethod\tpath\trequest_headers\tcaptured\tcontent_bytes\n' \
    >"$OUT/MANIFEST.tsv"

  local lighttpd_port caddy_port
  run lighttpd "$(/usr/sbin/lighttpd -v | head -n 1 | cut -d' ' -f1)" start_lighttpd
  lighttpd_port="$(free_port)"
  start_lighttpd "$lighttpd_port"
  wait_for_port "$lighttpd_port"
  caddy_port="$(free_port)"
  start_caddy "$caddy_port"
  wait_for_port "$caddy_port"
  run caddy "Caddy/$(caddy version | cut -d' ' -f1)" start_caddy
  run python "$(/usr/bin/python3 --version | tr ' ' '/')" start_python
  run busybox "$(busybox | head -n 1 | cut -d' ' -f1-2 | tr ' ' '/')" start_busybox
  run webfs "$(dpkg-query -W -f='webfs/${Version}' webfs)" start_webfs
  run mini_httpd "$(dpkg-query -W -f='mini_httpd/${Version}' mini-httpd)" start_mini_httpd
  run varnish "$(/usr/sbin/varnishd -V 2>&1 | head -n 1 | sed 's/^varnishd (varnish-\([^ ]*\) .*/varnish\/\1/')" \
    start_varnish "$lighttpd_port"
  run haproxy "$(/usr/sbin/haproxy -v | head -n 1 | sed 's/^HAProxy version \([^ ]*\).*/HAProxy\/\1/')" \
    start_haproxy "$caddy_port"
  local squid_port
  squid_port="$(free_port)"
  start_squid "$squid_port"
  wait_for_port "$squid_port"
  PROXY="$squid_port" ORIGIN="$lighttpd_port"
  VERSION="$(/usr/sbin/squid -v | head -n 1 | sed 's/.*Version /squid\//')"
  capture_all squid "$lighttpd_port"
}

main
