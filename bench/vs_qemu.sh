#!/bin/sh
# rvscope beside QEMU TCG on the same bare-metal ELF: bench_console (M-mode) and
# bench_sv39_console (S-mode under Sv39), which report through HTIF's console so that
# qemu-system-riscv64 -machine spike -bios none -kernel ELF runs them to the HTIF exit too.
# Runs rvscope and QEMU interleaved, RUNS times each, and prints the median MIPS per CPU
# second (user + system of the whole process, QEMU's ~0.1 s start-up included) of each and
# their ratio. The instruction count is rvscope's (--summary); both must print the same
# checksum.
# Usage: bench/vs_qemu.sh [BUILD_DIR] [RUNS] [VARIANT...]   (default: build 5, both variants)
# RVSCOPE_OPTIONS: more rvscope options, e.g. "--set run.jit=false" for the interpreter alone.
set -e
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
runs=${2:-5}
[ $# -gt 2 ] && shift 2 || set --
variants=${*:-bench_console bench_sv39_console}
qemu=${QEMU:-qemu-system-riscv64}
command -v "$qemu" >/dev/null || { echo "vs_qemu: $qemu not found" >&2; exit 1; }
cmake --build "$build" --target rvscope benchmarks -j2 >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# cpu_seconds FILE: the "user system" pair /usr/bin/time wrote, summed.
cpu_seconds() { awk '{print $1 + $2}' "$1"; }
printf '%-20s %12s %10s %10s %7s\n' variant instructions rvscope qemu ratio
for variant in $variants; do
  elf=$build/bench/$variant.elf
  : >"$tmp/rvscope"; : >"$tmp/qemu"
  i=0
  while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    /usr/bin/time -f '%U %S' -o "$tmp/time" "$build/rvscope" run --summary $RVSCOPE_OPTIONS "$elf" \
      >"$tmp/out.rvscope" 2>"$tmp/summary" </dev/null ||
      { echo "vs_qemu: rvscope failed on $variant" >&2; cat "$tmp/summary" >&2; exit 1; }
    insns=$(sed -n 's/^rvscope: \([0-9]*\) instructions.*/\1/p' "$tmp/summary")
    echo "$insns $(cpu_seconds "$tmp/time")" | awk '{printf "%.0f\n", $1 / $2 / 1e6}' >>"$tmp/rvscope"
    /usr/bin/time -f '%U %S' -o "$tmp/time" timeout 600 "$qemu" -machine spike -bios none \
      -kernel "$elf" -display none -serial stdio -monitor none </dev/null >"$tmp/out.qemu" ||
      { echo "vs_qemu: qemu failed on $variant" >&2; cat "$tmp/out.qemu" >&2; exit 1; }
    echo "$insns $(cpu_seconds "$tmp/time")" | awk '{printf "%.0f\n", $1 / $2 / 1e6}' >>"$tmp/qemu"
    cmp -s "$tmp/out.rvscope" "$tmp/out.qemu" ||
      { echo "vs_qemu: $variant printed different output on rvscope and qemu" >&2; exit 1; }
  done
  r=$(median <"$tmp/rvscope")
  q=$(median <"$tmp/qemu")
  printf '%-20s %12s %10s %10s %7s\n' "$variant" "$insns" "$r" "$q" \
    "$(echo "$r $q" | awk '{printf "%.2f", $1 / $2}')"
  echo "  runs rvscope: $(tr '\n' ' ' <"$tmp/rvscope")  qemu: $(tr '\n' ' ' <"$tmp/qemu")"
done
