#!/bin/sh
# --sample against a full detailed run, on three workloads: the CPU benchmark (bench.c,
# CoreMark-like) in M-mode and under Sv39 with the default timing.sampling, and starlet's clone3
# demo (11 M instructions, boot included) with a period sized to it. For each: the detailed
# CPI (cycles less idle, per instruction), the sampled estimate with its 95% interval, the error,
# and CPU seconds of both (median of RUNS, interleaved, since the host's speed drifts).
# Usage: bench/timing_sampling.sh [BUILD_DIR] [RUNS]   (default: build, 3)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
runs=${2:-3}
cmake --build "$build" --target rvscope benchmarks starlet initramfs > /dev/null 2>&1 ||
  cmake --build "$build" --target rvscope benchmarks > /dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
starlet="--kernel $build/guest-kernel/starlet.elf --initrd $build/guest-kernel/initramfs.cpio"
demo_sampling="--set timing.sampling.period=100000 --set timing.sampling.functional_warming=10000"
demo_sampling="$demo_sampling --set timing.sampling.initial_warming=0"

# run NAME MODE ARGS...: one run; writes $tmp/NAME.MODE.json and appends its CPU seconds.
run() {
  name=$1 mode=$2
  shift 2
  extra=""
  [ "$mode" = sampled ] && extra="--sample"
  # shellcheck disable=SC2086 # extra is a word list
  "$build/rvscope" run --summary --config "$src/configs/u74.yaml" $extra \
    --stats "$tmp/$name.$mode.json" "$@" > /dev/null 2> "$tmp/$name.$mode.err" || true
  sed -n 's/.*MIPS (\([0-9.]*\) s CPU.*/\1/p' "$tmp/$name.$mode.err" >> "$tmp/$name.$mode.cpu"
}

measure() {
  name=$1
  shift
  for _ in $(seq "$runs"); do
    run "$name" detailed "$@"
    run "$name" sampled "$@"
  done
}

measure bench "$build/bench/bench.elf"
measure bench_sv39 "$build/bench/bench_sv39.elf"
# shellcheck disable=SC2086 # starlet and demo_sampling are word lists
measure clone3_demo $starlet $demo_sampling --append /bin/clone3_demo

echo "| workload | instructions | detailed CPI | sampled CPI (95% CI) | error | windows | detailed s | sampled s | speed-up |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for name in bench bench_sv39 clone3_demo; do
  python3 - "$tmp" "$name" <<'PY'
import json, statistics, sys
tmp, name = sys.argv[1], sys.argv[2]
full = json.load(open(f"{tmp}/{name}.detailed.json"))["harts"][0]
samp = json.load(open(f"{tmp}/{name}.sampled.json"))["harts"][0]["sample"]
cpu = {m: statistics.median(float(x) for x in open(f"{tmp}/{name}.{m}.cpu").read().split())
       for m in ("detailed", "sampled")}
cpi = (full["cycles"] - full["idle_cycles"]) / full["instructions"]
if samp["instructions"] != full["instructions"]:
    sys.exit(f"{name}: the sampled run retired {samp['instructions']} instructions, "
             f"the detailed one {full['instructions']}")
err = 100 * (samp["cpi"] - cpi) / cpi
print(f"| {name} | {full['instructions']:,} | {cpi:.4f} | {samp['cpi']:.4f} +- "
      f"{samp['cpi_ci95']:.4f} | {err:+.2f}% | {samp['windows']} | {cpu['detailed']:.2f} | "
      f"{cpu['sampled']:.2f} | {cpu['detailed'] / cpu['sampled']:.1f}x |")
PY
done
