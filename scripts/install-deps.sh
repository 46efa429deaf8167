#!/usr/bin/env bash
# Installs the Debian 12 packages rvscope needs, only those missing (apt-get; root or sudo).
set -euo pipefail
packages=(
  build-essential cmake ninja-build git cpio
  g++-riscv64-linux-gnu libc6-dev-riscv64-cross gcc-riscv64-unknown-elf
  opensbi qemu-system-misc qemu-user gdb-multiarch device-tree-compiler llvm clang-14 libclang-rt-14-dev
  libfdt-dev libdw-dev libasmjit-dev libboost-dev libspdlog-dev libyaml-cpp-dev libgtest-dev libgmock-dev libcli11-dev
  # The Linux guest (scripts/build-linux.sh, build-busybox.sh, pack-linux-userland.sh, tests)
  linux-source-6.1 bc bison flex xz-utils dpkg-dev e2fsprogs python3 linux-perf
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "rvscope: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
