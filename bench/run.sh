#!/bin/sh
# Measures rvscope's speed on the CPU benchmark: builds rvscope and the benchmarks if needed,
# runs each variant five times with --summary, and reports the median MIPS and the checksum.
# Variants: functional M-mode bare metal (bench), functional S-mode under Sv39 with 4 KiB
# pages (bench_sv39), and bench again in timing mode with the U74-like profile (bench_u74).
# Usage: bench/run.sh [BUILD_DIR] [VARIANT...]   (default: build, every variant)
# RVSCOPE_OPTIONS: more rvscope options, e.g. "--set run.jit=false" for the interpreter alone.
set -e
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
[ $# -gt 0 ] && shift
variants=${*:-bench bench_sv39 bench_u74}
if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" --target rvscope benchmarks -j2 > /dev/null
set +e
for variant in $variants; do
  case $variant in
    bench_u74) elf=$build/bench/bench.elf; options="--config $src/configs/u74.yaml" ;;
    *) elf=$build/bench/$variant.elf; options="" ;;
  esac
  mips=""
  checksum=""
  for run in 1 2 3 4 5; do
    # shellcheck disable=SC2086 # options is a word list
    out=$("$build/rvscope" run --summary $options $RVSCOPE_OPTIONS "$elf" 2>"$build/bench/$variant.summary")
    status=$?
    if [ $status -ne 0 ]; then
      echo "$variant: run $run failed with status $status" >&2
      cat "$build/bench/$variant.summary" >&2
      exit 1
    fi
    sum=$(echo "$out" | sed -n 's/.*checksum \(0x[0-9a-f]*\).*/\1/p')
    if [ -n "$checksum" ] && [ "$sum" != "$checksum" ]; then
      echo "$variant: checksum changed between runs ($checksum, $sum)" >&2
      exit 1
    fi
    checksum=$sum
    # "rvscope: N instructions, M MIPS, simulated time ..."
    m=$(sed -n 's/.* \([0-9][0-9]*\) instructions, \([0-9][0-9]*\) MIPS.*/\2/p' "$build/bench/$variant.summary")
    insns=$(sed -n 's/.* \([0-9][0-9]*\) instructions, .*/\1/p' "$build/bench/$variant.summary")
    mips="$mips $m"
  done
  median=$(echo $mips | tr ' ' '\n' | sort -n | sed -n 3p)
  echo "$variant: median $median MIPS over 5 runs (runs:$mips), $insns instructions, checksum $checksum"
done
