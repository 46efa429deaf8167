#!/bin/sh
# Measures what --why costs: the same guest run without tracing, with --strace, and with
# --strace plus --why=mremap (asked about, never called: the cost outside the asked-for
# syscalls), --why=clone3 (its paths recorded) and --why (every syscall's path recorded).
# Prints, per guest and mode, the median of RUNS runs: instructions, CPU seconds, MIPS
# (--summary). Guests: starlet's demo list (/etc/programs) and Linux 6.1 running hello,
# clone3_repro, clone3_why and a shell pipeline.
# Usage: bench/why_cost.sh [BUILD_DIR] [RUNS] [GUEST...]   (default: build 3 starlet linux)
set -e
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
runs=${2:-3}
[ $# -gt 2 ] && shift 2 || set --
guests=${*:-starlet linux}
firmware=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf
linux=$build/guest-linux
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# guest_run GUEST OPTION...: one run, its --summary line on stdout.
guest_run() {
  guest=$1
  shift
  case $guest in
    starlet)
      "$build/rvscope" run --summary --kernel "$build/guest-kernel/starlet.elf" \
        --initrd "$build/guest-kernel/initramfs.cpio" "$@" </dev/null >"$tmp/console" 2>"$tmp/summary" || true ;;
    linux)
      "$build/rvscope" run --summary --firmware "$firmware" --kernel "$linux/Image" \
        --initrd "$linux/initramfs.cpio" --set console.input=none --symbols "$linux/vmlinux" \
        --append "console=ttyS0 no4lvl panic=-1 run=hello,clone3_repro,clone3_why cmd=\"echo one two three | wc -w\"" \
        "$@" </dev/null >"$tmp/console" 2>"$tmp/summary" || true ;;
  esac
  # A failing guest program makes the run's exit status non-zero; the summary line decides.
  grep '^rvscope: [0-9]* instructions' "$tmp/summary" ||
    { echo "why_cost: $guest $* printed no summary" >&2; cat "$tmp/summary" >&2; exit 1; }
}

printf '%-8s %-22s %12s %7s %5s\n' guest mode instructions cpu_s MIPS
for guest in $guests; do
  for mode in none strace why=mremap why=clone3 why; do
    case $mode in
      none) set -- ;;
      strace) set -- --strace --strace-output "$tmp/strace.txt" ;;
      why=*) set -- --strace --strace-output "$tmp/strace.txt" "--$mode" ;;
      why) set -- --strace --strace-output "$tmp/strace.txt" --why ;;
    esac
    : >"$tmp/insns"; : >"$tmp/cpu"; : >"$tmp/mips"
    i=0
    while [ "$i" -lt "$runs" ]; do
      i=$((i + 1))
      line=$(guest_run "$guest" "$@")
      # "rvscope: N instructions, M MIPS (C s CPU, W s wall), simulated time ..."
      echo "$line" | sed -n 's/^rvscope: \([0-9]*\) instructions.*/\1/p' >>"$tmp/insns"
      echo "$line" | sed -n 's/.* \([0-9]*\) MIPS.*/\1/p' >>"$tmp/mips"
      echo "$line" | sed -n 's/.*(\([0-9.]*\) s CPU.*/\1/p' >>"$tmp/cpu"
    done
    label=$mode
    [ "$mode" = none ] || label="--strace${mode#strace}"
    [ "${mode%%=*}" = why ] && label="--strace --$mode"
    printf '%-8s %-22s %12s %7s %5s\n' "$guest" "$label" "$(median <"$tmp/insns")" \
      "$(median <"$tmp/cpu")" "$(median <"$tmp/mips")"
  done
done
