#!/usr/bin/env bash
# deploy/scripts/apt_sources.sh: the Debian mirror setup_podman.sh hands to
# debootstrap comes from the machine's apt configuration, in both formats
# (one-line sources.list and deb822 .sources), and nothing is made up when
# no source fits. Each case writes a fake root in a mktemp -d directory,
# removed at the end.
set -euo pipefail
# shellcheck source=deploy/scripts/apt_sources.sh
source "$(dirname "$0")/../../deploy/scripts/apt_sources.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/apt_sources_test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0

# expect NAME SUITE WANT: apt_mirror_for SUITE on the root $tmp/NAME prints
# WANT and succeeds (WANT "" : prints nothing and fails).
expect() {
  local name="$1" suite="$2" want="$3" got status=0
  got=$(apt_mirror_for "$suite" "$tmp/$name") || status=$?
  if [ -z "$want" ] && [ "$status" -ne 0 ] && [ -z "$got" ]; then
    echo "ok: $name $suite: none"
  elif [ -n "$want" ] && [ "$status" -eq 0 ] && [ "$got" = "$want" ]; then
    echo "ok: $name $suite: $got"
  else
    echo "FAIL: $name $suite: want '${want:-<failure>}', got '$got' (status $status)"
    failures=$((failures + 1))
  fi
}

# write NAME PATH: standard input to $tmp/NAME/PATH.
write() {
  mkdir -p "$(dirname "$tmp/$1/$2")"
  cat > "$tmp/$1/$2"
}

# One-line format: comments, a source without main, deb-src, options in
# brackets (with spaces), a trailing slash.
write oneline etc/apt/sources.list <<'SRC'
# deb http://commented.example/debian bookworm main
deb-src http://src.example/debian bookworm main
deb https://download.docker.example/linux/debian bookworm stable
deb [ arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg ] http://mirror.example/debian/ bookworm main contrib # local
deb http://security.example/debian-security bookworm-security main
SRC
expect oneline bookworm http://mirror.example/debian
expect oneline bookworm-security http://security.example/debian-security
expect oneline trixie ""

# deb822: field names in any case, comments inside a paragraph, a key block
# in continuation lines, a disabled paragraph first, several URIs and suites.
write deb822 etc/apt/sources.list.d/debian.sources <<'SRC'
Types: deb
URIs: http://disabled.example/debian
Suites: bookworm
Components: main
Enabled: no

types: deb deb-src
# http://snapshot.debian.org/archive/debian/20250520T000000Z
uris: cdrom:[Debian]/ http://deb822.example/debian
suites: bookworm bookworm-updates
components: main contrib
Signed-By:
 -----BEGIN PGP PUBLIC KEY BLOCK-----
 .
 Suites: bookworm
 -----END PGP PUBLIC KEY BLOCK-----

Types: deb
URIs: http://deb822-security.example/debian-security
Suites: bookworm-security
Components: main
SRC
# Files apt does not read are not read here either.
write deb822 etc/apt/sources.list.d/zz.sources.disabled <<'SRC'
Types: deb
URIs: http://ignored.example/debian
Suites: trixie
Components: main
SRC
expect deb822 bookworm http://deb822.example/debian
expect deb822 bookworm-updates http://deb822.example/debian
expect deb822 bookworm-security http://deb822-security.example/debian-security
expect deb822 trixie ""

# Both kinds in sources.list.d: name order decides, as apt reads them.
write mixed etc/apt/sources.list.d/a-local.list <<'SRC'
deb http://a-local.example/debian bookworm main
SRC
write mixed etc/apt/sources.list.d/b-debian.sources <<'SRC'
Types: deb
URIs: http://b-debian.example/debian
Suites: bookworm
Components: main
SRC
expect mixed bookworm http://a-local.example/debian

# Only third-party sources, and none at all: no mirror, a failure.
write thirdparty etc/apt/sources.list.d/nodesource.sources <<'SRC'
Types: deb
URIs: https://deb.nodesource.example/node_20.x
Suites: nodistro
Components: main
SRC
expect thirdparty bookworm ""
mkdir -p "$tmp/empty/etc/apt"
expect empty bookworm ""

if [ "$failures" -ne 0 ]; then
  echo "$failures case(s) failed"
  exit 1
fi
