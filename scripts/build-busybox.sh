#!/usr/bin/env bash
# Builds a static riscv64 BusyBox from Debian's busybox source package with the applets in
# guest-linux/busybox.config into OUT/busybox, reusing the build when the source version
# and the configuration are unchanged.
#
#   build-busybox.sh OUT
#
# Without a deb-src entry apt-get cannot fetch sources; the script then adds one for
# bookworm main (/etc/apt/sources.list.d/rvscope-deb-src.sources) and says so.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:?usage: build-busybox.sh OUT}" && cd "$1" && pwd)"
fragment="$root/guest-linux/busybox.config"
cross=riscv64-linux-gnu-
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)

if ! apt-cache showsrc busybox 2>/dev/null | grep -q '^Package: busybox'; then
  list=/etc/apt/sources.list.d/rvscope-deb-src.sources
  echo "build-busybox: no deb-src entry for busybox; adding $list (bookworm main) and" \
    "running apt-get update"
  printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' 'Suites: bookworm' \
    'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
    "${sudo_cmd[@]}" tee "$list" >/dev/null
  "${sudo_cmd[@]}" apt-get update -qq
fi
# The newest source version apt knows (the deb-src list may hold one only).
version=$(apt-cache showsrc busybox | sed -n 's/^Version: //p' | sort -V | tail -1)
[ -n "$version" ] || { echo "build-busybox: apt-cache knows no busybox source" >&2; exit 1; }

build_flags=(CROSS_COMPILE=$cross SOURCE_DATE_EPOCH=1767225600 KCONFIG_NOTIMESTAMP=1)
key=$(cat "$fragment" <(printf '%s\n' "${build_flags[@]}") | sha256sum | cut -c1-12)
tree="$out/busybox-${version//:/_}-$key"

# One build per output directory at a time (ninja, CTest or a second shell may start another).
exec 9>"$out/.build-busybox.lock"
flock 9
if [ ! -f "$tree/.rvscope-done" ]; then
  src="$out/src-${version//:/_}"
  if [ ! -f "$src/.rvscope-fetched" ]; then
    echo "build-busybox: fetching Debian's busybox source $version (apt-get source)"
    rm -rf "$src" && mkdir -p "$src"
    # As root apt warns that the _apt user cannot write here; the download works anyway.
    (cd "$src" && apt-get source -qq "busybox=$version" 2>&1 >/dev/null | grep -v unsandboxed) || true
    ls "$src"/busybox-*/Makefile >/dev/null 2>&1 || { echo "build-busybox: apt-get source busybox failed" >&2; exit 1; }
    touch "$src/.rvscope-fetched"
  fi
  tree_src=$(find "$src" -mindepth 1 -maxdepth 1 -type d -name 'busybox-*' | head -1)
  [ -n "$tree_src" ] || { echo "build-busybox: no busybox-* directory in $src" >&2; exit 1; }
  mkdir -p "$tree"
  cc="${cross}gcc"
  command -v ccache >/dev/null && cc="ccache $cc"
  make_busybox() {
    make -C "$tree_src" O="$tree" "${build_flags[@]}" CC="$cc" -j"$(nproc)" "$@"
  }
  echo "build-busybox: configuring (allnoconfig + guest-linux/busybox.config) in $tree"
  # BusyBox's allnoconfig ignores KCONFIG_ALLCONFIG: switch the fragment's options on in the
  # all-no .config, then let oldconfig give the options they reveal their defaults.
  make_busybox -s allnoconfig >/dev/null
  while IFS= read -r line; do
    case "$line" in
      CONFIG_*=*) name=${line%%=*}
        sed -i "s|^# $name is not set\$|$line|" "$tree/.config" ;;
    esac
  done <"$fragment"
  make_busybox -s oldconfig < <(yes "") >/dev/null
  missing=0
  while IFS= read -r line; do
    case "$line" in
      CONFIG_*=*) grep -qxF "$line" "$tree/.config" || { echo "build-busybox: $line not in the final .config" >&2; missing=1; } ;;
    esac
  done <"$fragment"
  [ "$missing" -eq 0 ] || exit 1
  start=$(date +%s)
  make_busybox -s busybox busybox.links >/dev/null
  echo "build-busybox: built in $(($(date +%s) - start)) s"
  touch "$tree/.rvscope-done"
fi
for file in busybox busybox.links; do
  cmp -s "$tree/$file" "$out/$file" || cp "$tree/$file" "$out/$file"
done
echo "build-busybox: $out/busybox (BusyBox $version, config $key)"
