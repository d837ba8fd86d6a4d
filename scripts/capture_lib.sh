# shellcheck shell=bash
# Shell functions shared by the scripts that capture real servers' traffic
# (capture_real_heads.sh, capture_exchanges.sh). Source it; it runs nothing.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages named, without letting them start system
# services (a policy-rc.d that refuses, if none is there).
install_packages() {
  [ $# -eq 0 ] && return
  local added_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod 755 /usr/sbin/policy-rc.d
    added_policy=1
  fi
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "$@"
  if [ "$added_policy" -eq 1 ]; then as_root rm -f /usr/sbin/policy-rc.d; fi
}

# A port nothing listens on, from the dynamic range.
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((49152 + RANDOM % 16000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "$(basename "$0"): no free port found" >&2
  exit 1
}

wait_for_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return
    sleep 0.1
  done
  echo "$(basename "$0"): nothing listens on port $1" >&2
  exit 1
}

# The static file tree the servers serve.
make_site() {
  local www="$1"
  mkdir -p "$www/dir" "$www/private" "$www/readonly" "$www/limited" "$www/gz"
  printf '<!doctype html>\n<title>statusinfo</title>\n<p>Hello from a static file.</p>\n' \
    >"$www/index.html"
  cp "$www/index.html" "$www/dir/index.html"
  cp "$www/index.html" "$www/private/index.html"
  cp "$www/index.html" "$www/readonly/index.html"
  cp "$www/index.html" "$www/limited/index.html"
  for _ in $(seq 1 200); do echo "statusinfo compresses this line well."; done \
    >"$www/gz/big.txt"
  # A fixed modification time, so Last-Modified (and the ETags made from
  # it) are the same on every run.
  find "$www" -type f -exec touch -d '2024-01-02 03:04:05 UTC' {} +
}

# The value of header $2 in the head file $1.
header_of() {
  tr -d '\r' <"$1" | awk -v name="$2" '
    tolower($0) ~ "^" tolower(name) ":" { sub(/^[^:]*:[ \t]*/, ""); print; exit }'
}
