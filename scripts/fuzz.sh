#!/usr/bin/env bash
# Builds the libFuzzer targets (the sanitizer tree of scripts/build-sanitized.sh, build-asan/ or
# $RVSCOPE_FUZZ_BUILD) and runs each for SECONDS (default 30) from its seed corpus, two per CPU
# at once ($RVSCOPE_FUZZ_JOBS); prints executions and crashes per target and exits 1 if any target
# crashed. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]; with RVSCOPE_FUZZ_RUNS=N each target
# runs N executions instead (RVSCOPE_FUZZ_RUNS=1000000 scripts/fuzz.sh 0: the million-run campaign).
# New inputs go to build-asan/fuzz/corpus/TARGET, crash reproducers to build-asan/fuzz/crashes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-30}"
shift || true
build="${RVSCOPE_FUZZ_BUILD:-$root/build-asan}"
all=(fuzz_elf_run fuzz_elf_guest fuzz_config fuzz_rsp fuzz_rsp_machine fuzz_loops fuzz_virtio
  fuzz_snapshot)
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")

"$root/scripts/build-sanitized.sh" "$build" >/dev/null

# Seeds from our own test inputs: the ISA test programs (ELFs, and their code as raw bytes
# for the differential fuzzer), the configs, the gdb stub's corpus.
fuzz="$build/fuzz"
seeds="$fuzz/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/elf" "$seeds/config" "$seeds/code" "$fuzz/crashes" "$fuzz/work"
cp "$build"/tests/isa/*.elf "$build/tests/isa/results.linux" "$seeds/elf/"
cp "$root"/configs/*.yaml "$root"/tests/fuzz/config/corpus/* "$seeds/config/"
for t in rv64i rv64m rv64a rv64c fp zicsr traps; do
  riscv64-unknown-elf-objcopy -O binary --only-section=.text "$build/tests/isa/$t.elf" \
    "$seeds/code/text"
  head -c 4096 "$seeds/code/text" > "$seeds/code/body"
  for mode in 0 1 2; do
    { printf "\\x$mode"; cat "$seeds/code/body"; } > "$seeds/code/$t.$mode"
  done
done
rm -f "$seeds/code/text" "$seeds/code/body"
# virtio: each device kind with a bring-up and a notify; snapshots: the target's own real
# snapshot unedited (mode 2), and cut in half.
mkdir -p "$seeds/virtio" "$seeds/snapshot"
for device in 0 1 2; do printf "\\x$device" >"$seeds/virtio/empty.$device"; done
printf '\x00\x02\x00\x00\x03' >"$seeds/virtio/bringup"
printf '\x02' >"$seeds/snapshot/real"
printf '\x02\x80' >"$seeds/snapshot/half"

seeds_of() {
  case $1 in
    fuzz_elf_run | fuzz_elf_guest) echo "$seeds/elf" ;;
    fuzz_config) echo "$seeds/config" ;;
    fuzz_rsp | fuzz_rsp_machine) echo "$root/tests/fuzz/gdb/corpus" ;;
    fuzz_loops) echo "$seeds/code" ;;
    fuzz_virtio) echo "$seeds/virtio" ;;
    fuzz_snapshot) echo "$seeds/snapshot" ;;
  esac
}
max_len_of() {
  case $1 in
    fuzz_elf_run | fuzz_elf_guest) echo 65536 ;;
    fuzz_loops | fuzz_virtio) echo 8192 ;;
    fuzz_snapshot) echo 65536 ;;
    *) echo 4096 ;;
  esac
}

# libFuzzer's artifacts that mean failure (slow-unit-* files are only notes).
count_crashes() {
  find "$fuzz/crashes" \( -name "$1-crash-*" -o -name "$1-leak-*" -o -name "$1-timeout-*" \
    -o -name "$1-oom-*" \) | wc -l
}

fuzz_one() {
  local target=$1 corpus="$fuzz/corpus/$1" log="$fuzz/$1.log"
  mkdir -p "$corpus" "$fuzz/work/$target"
  # Monitor commands and loaders may create files: run where that does no harm.
  local limit=(-max_total_time="$seconds")
  [ -n "${RVSCOPE_FUZZ_RUNS:-}" ] && limit=(-runs="$RVSCOPE_FUZZ_RUNS")
  (cd "$fuzz/work/$target" && "$build/fuzz/$target" "${limit[@]}" -timeout=20 \
    -max_len="$(max_len_of "$target")" -print_final_stats=1 \
    -artifact_prefix="$fuzz/crashes/$target-" "$corpus" "$(seeds_of "$target")") \
    >"$log" 2>&1 || true
}

declare -A before
for target in "${targets[@]}"; do before[$target]=$(count_crashes "$target"); done
# Two per CPU: each target still runs SECONDS of wall time, and CI's whole step is 60 s.
jobs=${RVSCOPE_FUZZ_JOBS:-$((2 * $(nproc)))}
running=0
for target in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  fuzz_one "$target" &
  running=$((running + 1))
done
wait

status=0
summary=""
for target in "${targets[@]}"; do
  log="$fuzz/$target.log"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  crashes=$(($(count_crashes "$target") - ${before[$target]}))
  summary+=$(printf '%-18s %10s executions  %d crashes' "$target" "${execs:-?}" "$crashes")$'\n'
  if [ "$crashes" -gt 0 ] || [ -z "$execs" ]; then
    status=1
    echo "rvscope fuzz: $target failed, see $log" >&2
    grep -m1 -A25 'ERROR\|invariant\|deadly signal' "$log" >&2 || tail -20 "$log" >&2
  fi
done
printf '%s' "$summary"
exit $status
