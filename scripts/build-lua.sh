#!/usr/bin/env bash
# Builds a static riscv64 lua5.4 from Debian's lua5.4 source package into OUT/lua, and unpacks
# the test suites the Lua suite runs (docs/programs.md) into OUT/lua-tests/, reusing both when
# the source versions and the flags are unchanged.
#
#   build-lua.sh OUT
#
# Lua's own test suite (lua-5.4.x-tests.tar.gz from lua.org) is in no Debian package, so the
# suite is luaunit 3.4's unit tests (Debian's lua-unit source: test/test_luaunit.lua, run by
# run_unit_tests.lua), which plain lua5.4 runs without C modules. Without a deb-src entry the
# script adds one as scripts/build-busybox.sh does, and says so.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:?usage: build-lua.sh OUT}" && cd "$1" && pwd)"
cross=riscv64-linux-gnu-
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)

if ! apt-cache showsrc lua5.4 2>/dev/null | grep -q '^Package: lua5.4'; then
  list=/etc/apt/sources.list.d/rvscope-deb-src.sources
  echo "build-lua: no deb-src entry for lua5.4; adding $list (bookworm main) and running apt-get update"
  printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' 'Suites: bookworm' \
    'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
    "${sudo_cmd[@]}" tee "$list" >/dev/null
  "${sudo_cmd[@]}" apt-get update -qq
fi
src_version() { apt-cache showsrc "$1" | sed -n 's/^Version: //p' | sort -V | tail -1; }
lua_version=$(src_version lua5.4)
unit_version=$(src_version lua-unit)
[ -n "$lua_version" ] && [ -n "$unit_version" ] || { echo "build-lua: apt-cache knows no lua5.4 or lua-unit source" >&2; exit 1; }

# No dlopen (a static binary cannot load C modules), no readline: POSIX functions only.
cflags=(-static -O2 -std=gnu99 -DLUA_USE_POSIX -Wall -ffile-prefix-map="$out"/=)
key=$(printf '%s\n' "$lua_version" "$unit_version" "${cflags[@]}" | cat - "$0" | sha256sum | cut -c1-12)
tree="$out/lua-$key"

exec 9>"$out/.build-lua.lock"
flock 9
# fetch PACKAGE VERSION DIR: the upstream tarball of a Debian source package, unpacked in DIR.
# Only the .orig tarball is used (the Debian patches of lua5.4 concern its libtool build and
# the shared library, not the interpreter's behaviour), so a mirror without the .debian part
# still serves it.
fetch() {
  local pkg=$1 version=$2 dir=$3
  [ -f "$dir/.rvscope-fetched" ] && return
  echo "build-lua: fetching Debian's $pkg source $version (apt-get source --download-only)"
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$dir" && apt-get source --download-only -qq "$pkg=$version" 2>&1 | grep -v -e unsandboxed -e '404' -e 'Failed to fetch' >&2) || true
  local orig
  orig=$(find "$dir" -maxdepth 1 -name "${pkg}_*.orig.tar.*" | head -1)
  [ -n "$orig" ] || { echo "build-lua: no upstream tarball of $pkg" >&2; exit 1; }
  mkdir "$dir/src" && tar -xf "$orig" -C "$dir/src" --strip-components=1
  touch "$dir/.rvscope-fetched"
}
if [ ! -f "$tree/.rvscope-done" ]; then
  fetch lua5.4 "$lua_version" "$out/src-lua5.4-${lua_version//:/_}"
  fetch lua-unit "$unit_version" "$out/src-lua-unit-${unit_version//:/_}"
  rm -rf "$tree" && mkdir -p "$tree/obj"
  cc="${cross}gcc"
  command -v ccache >/dev/null && cc="ccache $cc"
  lsrc="$out/src-lua5.4-${lua_version//:/_}/src/src"
  start=$(date +%s)
  objs=()
  for c in "$lsrc"/*.c; do
    case ${c##*/} in luac.c) continue ;; esac
    $cc "${cflags[@]}" -c "$c" -o "$tree/obj/$(basename "$c" .c).o"
    objs+=("$tree/obj/$(basename "$c" .c).o")
  done
  ${cross}gcc -static -o "$tree/lua" "${objs[@]}" -lm
  echo "build-lua: built lua in $(($(date +%s) - start)) s"
  usrc="$out/src-lua-unit-${unit_version//:/_}/src"
  mkdir -p "$tree/tests/luaunit"
  cp -r "$usrc/luaunit.lua" "$usrc/run_unit_tests.lua" "$usrc/test" "$tree/tests/luaunit/"
  touch "$tree/.rvscope-done"
fi
cmp -s "$tree/lua" "$out/lua" || cp "$tree/lua" "$out/lua"
rm -rf "$out/lua-tests.new" && cp -r "$tree/tests" "$out/lua-tests.new"
cp "$root/tests/programs/lua_suite.lua" "$out/lua-tests.new/run.lua"
if ! diff -r -q "$out/lua-tests.new" "$out/lua-tests" >/dev/null 2>&1; then
  rm -rf "$out/lua-tests" && mv "$out/lua-tests.new" "$out/lua-tests"
else
  rm -rf "$out/lua-tests.new"
fi
echo "build-lua: $out/lua (Lua $lua_version), $out/lua-tests (luaunit $unit_version, key $key)"
