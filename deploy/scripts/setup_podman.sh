#!/usr/bin/env bash
# Makes this machine able to build and run the statusinfo image without a
# Docker engine or a container registry:
#   1. installs Debian's podman (with runc), skopeo and debootstrap;
#   2. writes a containers.conf drop-in with the two settings this sandbox
#      needs: runtime runc (crun refuses the machine's hybrid cgroup v1/v2
#      layout) on the cgroupfs manager (no systemd), and default ulimits no
#      higher than the machine's hard limits (else every container fails to
#      start with "setrlimit ... operation not permitted");
#   3. makes the base image debian:bookworm-slim offline, once per machine:
#      debootstrap --variant=minbase bookworm, trimmed like the official slim
#      image, then `podman import`ed under the name the Dockerfile uses.
# Idempotent: each part is skipped when already done. Needs root (or sudo).
# Environment: DEBIAN_MIRROR, DEBIAN_SECURITY_MIRROR (default: the mirrors
#              this machine's apt uses for bookworm and bookworm-security, see
#              apt_sources.sh), FORCE_BASE=1 to rebuild the base image.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=deploy/scripts/apt_sources.sh
source "$(dirname "$0")/apt_sources.sh"

# --- 1. packages -------------------------------------------------------------
# catatonit: the init of the pause image podman builds for pods (kube play).
apt_install podman runc skopeo debootstrap containernetworking-plugins catatonit

# --- 2. containers.conf ------------------------------------------------------
hard_nofile=$(ulimit -Hn)
hard_nproc=$(ulimit -Hu)
cap() { # cap VALUE MAX: VALUE, or MAX when VALUE is unlimited or larger.
  if [ "$1" = unlimited ] || [ "$1" -gt "$2" ]; then echo "$2"; else echo "$1"; fi
}
nofile=$(cap "$hard_nofile" 1048576)
nproc=$(cap "$hard_nproc" 32768)
conf_dir=/etc/containers/containers.conf.d
conf="$conf_dir/50-statusinfo-sandbox.conf"
want=$(cat <<CONF
# Written by statusinfo deploy/scripts/setup_podman.sh: settings this machine
# needs (see the script). Safe to delete; the script writes it again.
[containers]
# No higher than the hard limits here (ulimit -Hn = $hard_nofile, -Hu = $hard_nproc).
default_ulimits = [
  "nofile=$nofile:$nofile",
  "nproc=$nproc:$nproc",
]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
)
if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$want" ]; then
  log "writing $conf (nofile=$nofile, nproc=$nproc, runtime runc, cgroupfs)"
  as_root mkdir -p "$conf_dir"
  printf '%s\n' "$want" | as_root tee "$conf" >/dev/null
fi
podman info --format '{{.Host.OCIRuntime.Name}} {{.Host.CgroupManager}}' |
  grep -qx 'runc cgroupfs' || die "podman does not use runc on cgroupfs: $(podman info --format '{{.Host.OCIRuntime.Name}} {{.Host.CgroupManager}}')"

# --- 3. the offline debian:bookworm-slim base --------------------------------
if podman image exists "$DEBIAN_BASE_IMAGE" && [ "${FORCE_BASE:-0}" != 1 ]; then
  log "base image $DEBIAN_BASE_IMAGE already here"
  exit 0
fi
# The mirrors apt already uses here (a local mirror or proxy keeps working).
apt_config="/etc/apt/sources.list or /etc/apt/sources.list.d/*.list, *.sources"
if [ -z "${DEBIAN_MIRROR:-}" ]; then
  DEBIAN_MIRROR=$(apt_mirror_for bookworm) ||
    die "no apt source with 'deb' packages of bookworm (component main) in $apt_config; set DEBIAN_MIRROR, e.g. DEBIAN_MIRROR=http://deb.debian.org/debian"
fi
if [ -z "${DEBIAN_SECURITY_MIRROR:-}" ]; then
  DEBIAN_SECURITY_MIRROR=$(apt_mirror_for bookworm-security) ||
    die "no apt source with 'deb' packages of bookworm-security (component main) in $apt_config; set DEBIAN_SECURITY_MIRROR, e.g. DEBIAN_SECURITY_MIRROR=http://deb.debian.org/debian-security"
fi
work=$(mktemp -d /var/tmp/statusinfo-debootstrap.XXXXXX)
cleanup() { as_root rm -rf --one-file-system "$work"; }
trap cleanup EXIT
rootfs="$work/rootfs"
log "debootstrap --variant=minbase bookworm from $DEBIAN_MIRROR"
as_root debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR" \
  > "$work/debootstrap.log" 2>&1 || { tail -30 "$work/debootstrap.log" >&2; die "debootstrap failed"; }

# What the official slim image does: the full bookworm apt sources (with
# security updates), no docs/man pages/locales from later installs, and no
# apt caches left in layers.
as_root rm -f "$rootfs/etc/apt/sources.list"
as_root tee "$rootfs/etc/apt/sources.list.d/debian.sources" >/dev/null <<SRC
Types: deb
URIs: $DEBIAN_MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $DEBIAN_SECURITY_MIRROR
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
as_root tee "$rootfs/etc/dpkg/dpkg.cfg.d/docker" >/dev/null <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
DPKG
as_root tee "$rootfs/etc/apt/apt.conf.d/docker-clean" >/dev/null <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
as_root tee "$rootfs/etc/apt/apt.conf.d/docker-no-recommends" >/dev/null <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
APT
as_root rm -rf "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
  "$rootfs"/usr/share/locale/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
  "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* "$rootfs"/tmp/*
# Container runtimes provide these.
as_root truncate -s 0 "$rootfs/etc/hostname" "$rootfs/etc/resolv.conf" 2>/dev/null || true

log "podman import -> $DEBIAN_BASE_IMAGE"
as_root tar --numeric-owner --xattrs -C "$rootfs" -c . |
  podman import --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --message "debootstrap --variant=minbase bookworm (statusinfo setup_podman.sh)" - "$DEBIAN_BASE_IMAGE" >/dev/null
podman image inspect --format '{{.Id}} {{.Size}}' "$DEBIAN_BASE_IMAGE" >&2
log "base image ready"
