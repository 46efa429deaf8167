#!/bin/sh
# Measures a Linux 6.1 boot in rvscope: OpenSBI fw_jump + Image + the initramfs, with init
# replaced by `poweroff -f` (rdinit=/bin/poweroff), so the run is the boot up to the first
# user instruction of /init plus the few thousand instructions of the poweroff. Prints, per
# hart count, the median of RUNS runs: instructions, CPU and wall time, MIPS (--summary).
# Usage: bench/linux_boot.sh [BUILD_DIR] [RUNS] [HARTS...]   (default: build 3 1 4)
# RVSCOPE_OPTIONS: more rvscope options, e.g. "--set run.jit=false" for the interpreter alone.
set -e
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
runs=${2:-3}
[ $# -gt 2 ] && shift 2 || set --
harts_list=${*:-1 4}
firmware=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf
linux=$build/guest-linux
for f in "$build/rvscope" "$linux/Image" "$linux/initramfs.cpio"; do
  [ -f "$f" ] || { echo "linux_boot: $f missing (cmake --build $build --target linux_guest rvscope)" >&2; exit 1; }
done
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# MIPS is per CPU second of rvscope (as bench/run.sh reports it); wall time includes the
# host's load.
printf '%-6s %14s %8s %8s %6s\n' harts instructions cpu_s wall_s MIPS
for harts in $harts_list; do
  : >"$tmp/insns"; : >"$tmp/wall"; : >"$tmp/cpu"; : >"$tmp/mips"
  i=0
  while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    "$build/rvscope" run --summary $RVSCOPE_OPTIONS --firmware "$firmware" --kernel "$linux/Image" \
      --initrd "$linux/initramfs.cpio" --set machine.harts="$harts" --set console.input=none \
      --append "console=ttyS0 no4lvl rdinit=/bin/poweroff -- -f" </dev/null >"$tmp/console" \
      2>"$tmp/summary" || { echo "linux_boot: run failed" >&2; cat "$tmp/summary" >&2; exit 1; }
    grep -q 'Run /bin/poweroff as init process' "$tmp/console" ||
      { echo "linux_boot: the boot did not reach init" >&2; cat "$tmp/console" >&2; exit 1; }
    # "rvscope: N instructions, M MIPS (C s CPU, W s wall), simulated time ..."
    line=$(grep '^rvscope: [0-9]* instructions' "$tmp/summary")
    echo "$line" | sed -n 's/^rvscope: \([0-9]*\) instructions.*/\1/p' >>"$tmp/insns"
    echo "$line" | sed -n 's/.* \([0-9]*\) MIPS.*/\1/p' >>"$tmp/mips"
    echo "$line" | sed -n 's/.*(\([0-9.]*\) s CPU.*/\1/p' >>"$tmp/cpu"
    echo "$line" | sed -n 's/.* \([0-9.]*\) s wall.*/\1/p' >>"$tmp/wall"
  done
  printf '%-6s %14s %8s %8s %6s\n' "$harts" "$(median <"$tmp/insns")" "$(median <"$tmp/cpu")" \
    "$(median <"$tmp/wall")" "$(median <"$tmp/mips")"
done
