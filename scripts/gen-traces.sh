#!/usr/bin/env bash
# Regenerates the sample traces in traces/ (or in $2) from the clone3 demo programs on
# starlet: strace output, the instruction traces of starlet's clone3 path in both formats,
# and a timeline. Runs are deterministic, so the files come out byte for byte the same.
#   scripts/gen-traces.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
out="${2:-$root/traces}"
mkdir -p "$out"
kernel="$build/guest-kernel/starlet.elf"
initrd="$build/guest-kernel/initramfs.cpio"
user="$build/guest-kernel/user"

run() {  # NAME PROGRAM: one program on starlet with every trace on
  local name=$1 program=$2
  "$build/rvscope" run --kernel "$kernel" --initrd "$initrd" --append "/bin/$program" \
    --set console.output="$out/$name.console" --set console.input=none --symbols "$user/$program" \
    --strace --strace-output "$out/$name.strace" \
    --trace syscall:clone3 --trace-format "$3" --trace-output "$out/$name.clone3.$3" \
    </dev/null >/dev/null 2>&1 || true
}
run clone3_repro clone3_repro spike
run clone3_repro clone3_repro annotated
run clone3_demo clone3_demo spike
run clone3_demo clone3_demo annotated
"$build/rvscope" run --kernel "$kernel" --initrd "$initrd" --append "/bin/clone3_demo" \
  --set console.output="$out/clone3_demo.console" --set console.input=none --timeline "$out/clone3_demo.timeline.json" \
  </dev/null >/dev/null 2>&1 || true
# The corrected demo's clone3 copies an address space: its instruction traces are large, so
# they are kept compressed (gzip -n: no name or time stamp, so the bytes stay the same).
gzip -9 -n -f "$out/clone3_demo.clone3.spike" "$out/clone3_demo.clone3.annotated"
