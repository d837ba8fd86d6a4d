#!/usr/bin/env bash
# Captures raw HTTP/1.1 response heads from real nginx and Apache httpd, for
# tests/core/real_servers_test.cc (real servers as the oracle of the rules)
# and tests/e2e/cli_check_e2e_test.cc.
#
# Each server runs from Debian's package, on 127.0.0.1 and a free high port,
# with a minimal configuration in a temporary directory: no system service,
# no port 80. Both are stopped on exit, whatever happens. The outputs are
#   tests/data/real_heads/<server>_<case>.http  the head exactly as received
#   tests/data/real_heads/MANIFEST.tsv          what was asked, of whom, when
# and are committed, so the tests need neither server.
#
# Usage: scripts/capture_real_heads.sh [OUTPUT_DIR]   (run as root or sudo)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-tests/data/real_heads}"
# shellcheck source=scripts/capture_lib.sh
source scripts/capture_lib.sh

# Installs nginx and apache2 when missing.
install_servers() {
  local missing=()
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ -x /usr/sbin/apache2 ] || missing+=(apache2)
  command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
  install_packages "${missing[@]}"
}

write_nginx_conf() {
  local dir="$1" port="$2"
  mkdir -p "$dir/nginx/tmp"
  cat >"$dir/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $dir/nginx/tmp/body;
  proxy_temp_path $dir/nginx/tmp/proxy;
  fastcgi_temp_path $dir/nginx/tmp/fastcgi;
  uwsgi_temp_path $dir/nginx/tmp/uwsgi;
  scgi_temp_path $dir/nginx/tmp/scgi;
  types { text/html html; text/plain txt; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$port;
    server_name localhost;
    root $dir/www;
    location /private/ {
      auth_basic "statusinfo test";
      auth_basic_user_file $dir/htpasswd;
    }
    location /limited/ { limit_except GET { deny all; } }
    location /gz/ { gzip on; gzip_min_length 1; gzip_types text/plain; }
    location = /old { return 302 /index.html; }
    location = /empty { return 204; }
  }
}
EOF
}

write_apache_conf() {
  local dir="$1" port="$2" mods=/usr/lib/apache2/modules user=www-data
  id "$user" >/dev/null 2>&1 || user=nobody
  mkdir -p "$dir/apache"
  cat >"$dir/apache/httpd.conf" <<EOF
ServerRoot $dir/apache
Listen 127.0.0.1:$port
ServerName localhost
PidFile $dir/apache/httpd.pid
DefaultRuntimeDir $dir/apache
ErrorLog $dir/apache/error.log
User $user
Group $(id -gn "$user")
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule authz_user_module $mods/mod_authz_user.so
LoadModule authn_core_module $mods/mod_authn_core.so
LoadModule authn_file_module $mods/mod_authn_file.so
LoadModule auth_basic_module $mods/mod_auth_basic.so
LoadModule allowmethods_module $mods/mod_allowmethods.so
LoadModule alias_module $mods/mod_alias.so
LoadModule dir_module $mods/mod_dir.so
LoadModule mime_module $mods/mod_mime.so
LoadModule filter_module $mods/mod_filter.so
LoadModule deflate_module $mods/mod_deflate.so
TypesConfig /dev/null
AddType text/html .html
AddType text/plain .txt
DocumentRoot $dir/www
DirectoryIndex index.html
<Directory $dir/www>
  Require all granted
  Options None
  AllowOverride None
</Directory>
<Location /private/>
  AuthType Basic
  AuthName "statusinfo test"
  AuthBasicProvider file
  AuthUserFile $dir/htpasswd
  Require valid-user
</Location>
<Location /readonly/>
  AllowMethods GET HEAD OPTIONS
</Location>
<Location /limited/>
  <LimitExcept GET HEAD>
    Require all denied
  </LimitExcept>
</Location>
<Location /gz/>
  AddOutputFilterByType DEFLATE text/plain
</Location>
Redirect 302 /old /index.html
Redirect 204 /empty
EOF
}

# capture SERVER PORT CASE METHOD PATH [HEADER...]: asks with curl over
# HTTP/1.1 and saves the head (curl -D writes the header lines as received).
capture() {
  local server="$1" port="$2" name="$3" method="$4" path="$5"
  shift 5
  local file="${server}_${name}.http"
  local args=(-s --http1.1 -D "$OUT/$file" -o /dev/null)
  case "$method" in
    GET) ;;
    HEAD) args+=(-I) ;;
    POST) args+=(--data-binary 'x=1') ;;  # with Content-Length: 3
    *) args+=(-X "$method") ;;
  esac
  local header
  for header in "$@"; do args+=(-H "$header"); done
  curl "${args[@]}" "http://127.0.0.1:${port}${path}"
  local joined="-"
  if [ $# -gt 0 ]; then
    joined="$(printf '%s | ' "$@")"
    joined="${joined% | }"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$file" "$server" "$VERSION" "$method" \
    "$path" "$joined" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$OUT/MANIFEST.tsv"
  echo "captured $file: $(head -n 1 "$OUT/$file" | tr -d '\r')"
}

capture_all() {
  local server="$1" port="$2"
  capture "$server" "$port" get_200 GET /index.html
  capture "$server" "$port" head_200 HEAD /index.html
  capture "$server" "$port" range_206 GET /index.html 'Range: bytes=0-9'
  capture "$server" "$port" range_416 GET /index.html 'Range: bytes=99999-'
  local first="$OUT/${server}_get_200.http"
  capture "$server" "$port" if_none_match_304 GET /index.html \
    "If-None-Match: $(header_of "$first" ETag)"
  capture "$server" "$port" if_modified_since_304 GET /index.html \
    "If-Modified-Since: $(header_of "$first" Last-Modified)"
  capture "$server" "$port" if_match_412 GET /index.html 'If-Match: "no-such-etag"'
  capture "$server" "$port" missing_404 GET /no-such-page.html
  capture "$server" "$port" dir_301 GET /dir
  capture "$server" "$port" return_302 GET /old
  local form='Content-Type: application/x-www-form-urlencoded'
  capture "$server" "$port" post_static POST /index.html "$form"
  capture "$server" "$port" options OPTIONS /index.html
  capture "$server" "$port" auth_401 GET /private/
  capture "$server" "$port" limit_except_post POST /limited/index.html "$form"
  capture "$server" "$port" empty_204 GET /empty
  capture "$server" "$port" gzip_chunked GET /gz/big.txt 'Accept-Encoding: gzip'
  if [ "$server" = apache ]; then
    capture "$server" "$port" allow_methods_405 POST /readonly/index.html "$form"
  fi
}

# The servers started, and their directory: globals, for the EXIT trap.
PIDS=()
DIR=""
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait
  if [ -n "$DIR" ]; then rm -rf "$DIR"; fi
}

main() {
  install_servers
  trap cleanup EXIT
  DIR="$(mktemp -d /tmp/statusinfo-heads.XXXXXX)"
  local dir="$DIR"
  # The workers run unprivileged: they must be able to read the tree.
  chmod 755 "$dir"
  make_site "$dir/www"
  # MD5 (apr1): the scheme both servers read.
  htpasswd -nbm user secret >"$dir/htpasswd"
  chmod 644 "$dir/htpasswd"

  mkdir -p "$OUT"
  rm -f "$OUT"/*.http
  printf 'file\tserver\tserver_version\tmethod\tpath\trequest_headers\tcaptured\n' >"$OUT/MANIFEST.tsv"

  local port
  port="$(free_port)"
  write_nginx_conf "$dir" "$port"
  /usr/sbin/nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -g 'daemon off;' &
  PIDS+=($!)
  wait_for_port "$port"
  VERSION="$(/usr/sbin/nginx -v 2>&1 | sed 's/^nginx version: //')"
  capture_all nginx "$port"

  port="$(free_port)"
  write_apache_conf "$dir" "$port"
  /usr/sbin/apache2 -f "$dir/apache/httpd.conf" -DFOREGROUND &
  PIDS+=($!)
  wait_for_port "$port"
  VERSION="$(/usr/sbin/apache2 -v | sed -n 's/^Server version: //p')"
  capture_all apache "$port"
}

main
