#!/bin/bash
# gdb-multiarch in batch mode against rvscope's stub while Linux runs clone3_repro: a
# breakpoint on __do_sys_clone3 by name, a backtrace through Linux's syscall path with
# kernel/fork.c lines, and `finish` showing the -22 (EINVAL) clone3_repro gets.
#
#   gdb_clone3.sh RVSCOPE IMAGE VMLINUX INITRD GDB
set -u
rvscope=$1 image=$2 vmlinux=$3 initrd=$4 gdb=$5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/linux_common.sh"
work=$(mktemp -d)
sim=""
cleanup() { [ -n "$sim" ] && kill "$sim" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# rvscope halted before its first instruction until gdb attaches; retry on a taken port.
for attempt in 1 2 3; do
  port=$((20000 + (RANDOM % 20000)))
  "$rvscope" run --firmware "$LINUX_FIRMWARE" --kernel "$image" --initrd "$initrd" \
    --append "$LINUX_BOOTARGS run=clone3_repro" --set console.input=none \
    --gdb "$port" --gdb-wait </dev/null >"$work/console.txt" 2>"$work/stderr.txt" &
  sim=$!
  for _ in $(seq 100); do
    grep -q "gdb stub listening" "$work/stderr.txt" && break
    kill -0 "$sim" 2>/dev/null || break
    sleep 0.1
  done
  grep -q "gdb stub listening" "$work/stderr.txt" && break
  wait "$sim" 2>/dev/null
  sim=""
done
[ -n "$sim" ] || { echo "FAIL: rvscope did not start its gdb stub"; cat "$work/stderr.txt"; exit 1; }

timeout 180 "$gdb" -batch -nx -ex "set pagination off" -ex "set confirm off" \
  -ex "set remotetimeout 30" -ex "target remote 127.0.0.1:$port" \
  -ex "break __do_sys_clone3" -ex "continue" -ex "p \$a1" -ex "bt" -ex "info symbol \$pc" \
  -ex "finish" -ex "delete" -ex "continue" "$vmlinux" >"$work/gdb.txt" 2>&1
gdb_status=$?
wait "$sim"
sim_status=$?
sim=""

# The kernel's DWARF names its sources relative to the build tree (../src-V/) or, when no
# compiler cache rewrote the paths, absolutely (/.../src-V/).
fork='([^ ]*/src-[^/]+/)?kernel/fork\.c'
failed=0
expect() {
  if grep -Eq -- "$2" "$work/gdb.txt" "$work/console.txt"; then
    echo "ok: $1"
  else
    echo "FAIL: $1 (no line matching /$2/)"
    failed=1
  fi
}
expect "the breakpoint is set in kernel/fork.c" "^Breakpoint 1 at 0xffffffff8[0-9a-f]+: file $fork, line [0-9]+\.$"
expect "it is hit in __do_sys_clone3" "^Breakpoint 1, __do_sys_clone3 \(uargs=.*, size=.*\) at $fork:[0-9]+$"
expect "a1 holds clone3_repro's size argument, 88" '^\$1 = 88$'
expect "bt: frame #0 in __do_sys_clone3" "^#0 +__do_sys_clone3 \(.*\) at $fork:[0-9]+$"
# __se_sys_clone3 tail-calls __do_sys_clone3, so the caller frame is the trap entry itself.
expect "bt: called from Linux's trap entry" '^#1 +0x[0-9a-f]+ in handle_exception \(\) at .*arch/riscv/kernel/entry\.S:[0-9]+$'
expect "finish returns -22 (EINVAL)" '^Value returned is \$[0-9]+ = -22$'
expect "clone3_repro then says why" '^clone3: Invalid argument'
expect "and the guest ends as /init counts it (one failure)" '\[init\] done, 1 failed'
[ "$sim_status" -eq 1 ] || { echo "FAIL: rvscope exited $sim_status, expected 1"; failed=1; }
[ "$gdb_status" -eq 0 ] || { echo "FAIL: gdb exited $gdb_status"; failed=1; }
if [ "$failed" -ne 0 ]; then
  echo "---- gdb ----"; cat "$work/gdb.txt"
  echo "---- console ----"; cat "$work/console.txt"
  echo "---- stderr ----"; tail -20 "$work/stderr.txt"
  exit 1
fi
grep -E '^(#[0-9]|Value returned|Breakpoint 1,)' "$work/gdb.txt"
echo "gdb_clone3: passed"
