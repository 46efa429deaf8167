#!/usr/bin/env bash
# --why on starlet: the seed's clone3 (CLONE_DETACHED) and four more clone3 rules each name
# the line of starlet's proc/fork.cpp that rejected them and the value it tested; a --why
# run's strace lines are exactly a plain --strace run's.
set -euo pipefail
build=$1
src=$2
rvscope=$build/rvscope
fork=$src/guest-kernel/proc/fork.cpp
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

run() {  # run OUTPUT ARGS...
  local output=$1
  shift
  "$rvscope" run --kernel "$build/guest-kernel/starlet.elf" \
    --initrd "$build/guest-kernel/initramfs.cpio" --append "/bin/clone3_repro ; /bin/clone3_why" \
    --strace=clone3 --strace-output "$output" "$@" >"$out/console" 2>&1 || true
}
# The line of fork.cpp holding TEXT (the check itself, found in the source, not hard-coded).
line_of() {
  local n
  n=$(grep -n -F -- "$1" "$fork" | head -1 | cut -d: -f1)
  [ -n "$n" ] || { echo "FAIL: '$1' not found in $fork" >&2; exit 1; }
  echo "$n"
}
# shellcheck source=/dev/null
. "$(dirname "$0")/why_blocks.sh"

run "$out/plain.txt"
run "$out/why.txt" --why
expect_plain_lines_and_explained 5

detached=$(line_of 'if (k->flags & (kCloneDetached | (kCsignal & ~kCloneNewtime))) return false;')
expect 1 "-22 made at" "the seed's call: the errno's origin"
expect 1 "fork.cpp:$detached)" "the seed's call: the CLONE_DETACHED check"
expect 1 "=0x400f00" "the seed's call: the flags value"
expect 2 "fork.cpp:$(line_of 'if (usize < kCloneArgsSizeVer0) return -kEINVAL;'))" "size 56"
expect 2 "a1=0x38" "size 56: the size compared"
expect 3 "-7 made at" "E2BIG tail"
expect 3 "fork.cpp:$(line_of 'if (b) return -kE2BIG;'))" "E2BIG tail: the byte check"
expect 4 "fork.cpp:$(line_of 'if ((k->flags & (kCloneThread | kCloneParent)) && k->exit_signal) return false;'))" \
  "CLONE_THREAD with exit_signal"
expect 4 "=0x11" "CLONE_THREAD with exit_signal: SIGCHLD"
expect 5 "fork.cpp:$(line_of 'if (k->stack_size > 0) return false;'))" "stack_size without stack"
expect 5 "a1=0x1000" "stack_size without stack: the size"
echo "ok: --why names the rule of each failing clone3"
