#!/usr/bin/env bash
# Builds Linux 6.1 (Debian's linux-source-6.1) for riscv64 from tinyconfig plus
# guest-linux/linux.config into OUT (Image and vmlinux), reusing the build when the source
# version and the configuration are unchanged.
#
#   build-linux.sh OUT
#
# The kernel tree is built in OUT/linux-<version>-<config hash>/; OUT/Image and OUT/vmlinux
# are refreshed from it only when their bytes change, so dependents rebuild only then.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:?usage: build-linux.sh OUT}" && cd "$1" && pwd)"
fragment="$root/guest-linux/linux.config"
tarball=/usr/src/linux-source-6.1.tar.xz
cross=riscv64-linux-gnu-

if ! dpkg-query -W -f='${Status}' linux-source-6.1 2>/dev/null | grep -q "install ok installed"; then
  echo "build-linux: installing Debian's linux-source-6.1"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    linux-source-6.1
fi
[ -f "$tarball" ] || { echo "build-linux: $tarball missing after installing linux-source-6.1" >&2; exit 1; }
version=$(dpkg-query -W -f='${Version}' linux-source-6.1)

# The key covers everything that changes the kernel's bytes: the source package version,
# the fragment and the way this script drives the build.
build_flags=(ARCH=riscv CROSS_COMPILE=$cross KBUILD_BUILD_TIMESTAMP=2026-01-01
  KBUILD_BUILD_USER=rvscope KBUILD_BUILD_HOST=rvscope KBUILD_BUILD_VERSION=1)
key=$(cat "$fragment" <(printf '%s\n' "${build_flags[@]}") | sha256sum | cut -c1-12)
tree="$out/linux-$version-$key"

refresh() { # copy $1 to $2 unless the bytes are the same
  cmp -s "$1" "$2" || cp "$1" "$2"
}

# One build per output directory at a time (ninja, CTest or a second shell may start another).
exec 9>"$out/.build-linux.lock"
flock 9
if [ ! -f "$tree/.rvscope-done" ]; then
  src="$out/src-$version"
  if [ ! -f "$src/.rvscope-extracted" ]; then
    echo "build-linux: extracting $tarball ($version)"
    rm -rf "$src" && mkdir -p "$src"
    tar xJf "$tarball" -C "$src" --strip-components=1
    touch "$src/.rvscope-extracted"
  fi
  mkdir -p "$tree"
  cc="${cross}gcc"
  command -v ccache >/dev/null && cc="ccache $cc"
  make_kernel() {
    make -C "$src" O="$tree" "${build_flags[@]}" CC="$cc" -j"$(nproc)" "$@"
  }
  echo "build-linux: configuring Linux $version (tinyconfig + guest-linux/linux.config) in $tree"
  make_kernel -s tinyconfig
  "$src/scripts/kconfig/merge_config.sh" -m -O "$tree" "$tree/.config" "$fragment" >/dev/null
  make_kernel -s olddefconfig
  # Kconfig drops a requested value whose dependencies are unmet; that must not pass unseen.
  missing=0
  while IFS= read -r line; do
    case "$line" in
      CONFIG_*=*) grep -qxF "$line" "$tree/.config" || { echo "build-linux: $line not in the final .config" >&2; missing=1; } ;;
      "# CONFIG_"*" is not set")
        name=${line#\# }; name=${name%% *}
        grep -q "^$name=" "$tree/.config" && { echo "build-linux: $name should be off" >&2; missing=1; } ;;
    esac
  done <"$fragment"
  [ "$missing" -eq 0 ] || exit 1
  echo "build-linux: building Image and vmlinux (-j$(nproc))"
  start=$(date +%s)
  make_kernel -s Image
  echo "build-linux: built in $(($(date +%s) - start)) s"
  touch "$tree/.rvscope-done"
fi
refresh "$tree/arch/riscv/boot/Image" "$out/Image"
refresh "$tree/vmlinux" "$out/vmlinux"
refresh "$tree/.config" "$out/linux.config"
echo "build-linux: $out/Image and $out/vmlinux (Linux $version, config $key)"
