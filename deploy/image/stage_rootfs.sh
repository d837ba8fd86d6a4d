#!/bin/sh
# Runs in the Dockerfile's build stage: stages the runtime image's whole root
# file system in ROOTFS for a FROM scratch stage.
#   stage_rootfs BINARY ROOTFS USER
# ROOTFS gets: /usr/local/bin/<binary> (stripped); every shared library the
# binary loads, at the path ldd resolves it to, symlinks dereferenced, plus
# the dynamic loader; the Debian copyright files of the packages that ship
# them (/usr/share/doc/PKG/copyright); /etc/passwd and /etc/group with only
# root and USER; an empty /tmp (mode 1777). Nothing else: no shell.
set -eu
binary="$1"; rootfs="$2"; user="$3"

mkdir -p "$rootfs/usr/local/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/usr/share/doc"
chmod 1777 "$rootfs/tmp"
dest="$rootfs/usr/local/bin/$(basename "$binary")"
strip --strip-unneeded -o "$dest" "$binary"
chmod 0755 "$dest"

# "libx.so.1 => /lib/x86_64-linux-gnu/libx.so.1 (0x...)" and the loader's
# "/lib64/ld-linux-x86-64.so.2 (0x...)": every absolute path ldd prints.
libs=$(ldd "$binary" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }' | sort -u)
[ -n "$libs" ] || { echo "stage_rootfs: ldd found no libraries" >&2; exit 1; }
if ldd "$binary" | grep -q 'not found'; then
  ldd "$binary" >&2; echo "stage_rootfs: unresolved libraries" >&2; exit 1
fi
pkgs=""
for lib in $libs; do
  cp --parents -L "$lib" "$rootfs"
  # dpkg records some files under /lib, some under /usr/lib (usrmerge).
  real=$(readlink -f "$lib")
  pkg=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$real" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null || true)
  pkgs="$pkgs ${pkg%%:*}"
done
for pkg in $(echo "$pkgs" | tr ' ' '\n' | sed '/^$/d' | sort -u); do
  if [ -f "/usr/share/doc/$pkg/copyright" ]; then
    mkdir -p "$rootfs/usr/share/doc/$pkg"
    cp "/usr/share/doc/$pkg/copyright" "$rootfs/usr/share/doc/$pkg/copyright"
  fi
done

# Only root and the service user: nothing else to resolve or log in as.
getent passwd root > "$rootfs/etc/passwd"
getent passwd "$user" >> "$rootfs/etc/passwd"
getent group root > "$rootfs/etc/group"
getent group "$user" >> "$rootfs/etc/group"

# The loader finds the libraries by its built-in multiarch paths; a cache
# makes that a lookup instead of a search.
ldconfig -r "$rootfs" 2>/dev/null || true

# The staged binary must resolve every library inside the root file system.
chroot "$rootfs" /usr/local/bin/"$(basename "$binary")" --version >/dev/null \
  || { echo "stage_rootfs: the staged binary does not start in $rootfs" >&2; exit 1; }

echo "stage_rootfs: $(echo "$libs" | wc -l) libraries, $(du -sh "$rootfs" | cut -f1) in $rootfs" >&2
