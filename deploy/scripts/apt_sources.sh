# shellcheck shell=bash
# Reads the machine's own apt configuration, so that the deploy scripts use
# the Debian mirror this machine already uses (a local mirror, a proxy, a
# snapshot) instead of a host name written into a script. Source it; do not
# run it.
#   source "$(dirname "$0")/apt_sources.sh"
#   mirror=$(apt_mirror_for bookworm) || die "..."

# apt_mirror_for SUITE [ROOT]: prints the URI of the first apt source under
# ROOT (default /) that has binary packages ("deb") of SUITE with the
# component main, as apt reads them: ROOT/etc/apt/sources.list, then
# ROOT/etc/apt/sources.list.d/*.list (one-line format) and *.sources
# (deb822), in name order. Sources that are disabled (Enabled: no, or
# commented out) and URIs debootstrap cannot fetch from (cdrom:, mirror+,
# tor+) are skipped. Fails, printing nothing, when no source matches.
apt_mirror_for() {
  local suite="$1" root="${2:-}" file uri
  local files=("$root/etc/apt/sources.list")
  for file in "$root"/etc/apt/sources.list.d/*.list "$root"/etc/apt/sources.list.d/*.sources; do
    files+=("$file")
  done
  # Name order across both kinds, as apt reads sources.list.d.
  mapfile -t files < <(printf '%s\n' "${files[0]}"; printf '%s\n' "${files[@]:1}" | LC_ALL=C sort)
  for file in "${files[@]}"; do
    [ -f "$file" ] || continue
    if [[ "$file" == *.sources ]]; then
      uri=$(_apt_deb822_mirror "$suite" < "$file")
    else
      uri=$(_apt_one_line_mirror "$suite" < "$file")
    fi
    if [ -n "$uri" ]; then
      echo "${uri%/}"
      return 0
    fi
  done
  return 1
}

# One-line format: "deb [options] URI SUITE COMPONENT...".
_apt_one_line_mirror() {
  awk -v suite="$1" '
    { sub(/#.*/, ""); gsub(/\[[^]]*\]/, "") }
    $1 != "deb" || NF < 4 || $3 != suite { next }
    $2 !~ /^(https?|ftp|file):/ { next }
    { for (i = 4; i <= NF; i++) if ($i == "main") { print $2; exit } }'
}

# deb822: paragraphs of "Field: value" lines (field names in any case,
# continuation lines start with a space), separated by blank lines.
_apt_deb822_mirror() {
  awk -v suite="$1" '
    function has(list, word,   n, i, words) {
      n = split(list, words, /[ \t]+/)
      for (i = 1; i <= n; i++) if (words[i] == word) return 1
      return 0
    }
    function paragraph_end(   n, i, uris) {
      if (has(f["types"], "deb") && has(f["suites"], suite) &&
          has(f["components"], "main") && tolower(f["enabled"]) != "no") {
        n = split(f["uris"], uris, /[ \t]+/)
        for (i = 1; i <= n; i++) {
          if (uris[i] ~ /^(https?|ftp|file):/) { print uris[i]; found = 1; exit }
        }
      }
      delete f
      field = ""
    }
    /^#/ { next }
    /^[ \t]*$/ { paragraph_end(); next }
    /^[ \t]/ { if (field != "") f[field] = f[field] " " $0; next }
    {
      field = tolower(substr($0, 1, index($0, ":") - 1))
      f[field] = substr($0, index($0, ":") + 1)
      gsub(/^[ \t]+|[ \t]+$/, "", f[field])
    }
    END { if (!found) paragraph_end() }'
}
