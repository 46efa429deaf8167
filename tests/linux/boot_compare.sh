#!/bin/sh
# Boots Linux (OpenSBI fw_jump + Image + the initramfs) on qemu-system-riscv64 and on rvscope
# from the same files and arguments and compares them: the console from "Run /init" on must
# be identical (kernel timestamps masked) and so must the exit status.
#
#   boot_compare.sh RVSCOPE IMAGE INITRD HARTS "INIT_ARGS" [EXPECT_STATUS] [DISK]
#
# INIT_ARGS are kernel command-line words for /init (run=..., cmd=...). EXPECT_STATUS (default
# 0) is the exit status both must have. DISK, if given, is attached read-only as the first
# virtio-blk device on both (disk=1 in INIT_ARGS mounts it); then a third run, `rvscope qemu`
# with QEMU's very argument list, must give the same console too.
# Exit 77 (CTest's skip) when QEMU is missing.
set -u
rvscope=$1 image=$2 initrd=$3 harts=$4 init_args=$5
expect_status=${6:-0}
disk=${7:-}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/linux_common.sh"

command -v qemu-system-riscv64 >/dev/null 2>&1 || { echo "boot_compare: no qemu-system-riscv64, skipping"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

append="$LINUX_BOOTARGS $init_args"
linux_qemu "$work/qemu" "$image" "$initrd" "$harts" "$append" "$disk"
linux_rvscope "$work/rvscope" "$image" "$initrd" "$harts" "$append" "$disk"
runs="qemu rvscope"
if [ -n "$disk" ]; then
  LINUX_QEMU_COMMAND="$rvscope qemu"
  linux_qemu "$work/rvscope-qemu" "$image" "$initrd" "$harts" "$append" "$disk"
  runs="$runs rvscope-qemu"
fi

failed=0
for run in $runs; do
  from_run_init "$work/$run.out" >"$work/$run.cmp"
  if ! grep -q '^Run /init as init process' "$work/$run.out"; then
    echo "boot_compare: $run never reached 'Run /init' (exit status $(cat "$work/$run.status"))"
    failed=1
  fi
  if [ "$(cat "$work/$run.status")" != "$expect_status" ]; then
    echo "boot_compare: $run exited $(cat "$work/$run.status"), expected $expect_status"
    failed=1
  fi
done
for run in $runs; do
  [ "$run" = qemu ] && continue
  if ! diff -u "$work/qemu.cmp" "$work/$run.cmp" >"$work/diff"; then
    echo "boot_compare: consoles differ from 'Run /init' on (- qemu, + $run):"
    cat "$work/diff"
    failed=1
  fi
done
if [ "$failed" -ne 0 ]; then
  for run in $runs; do
    echo "---- $run console (exit status $(cat "$work/$run.status")) ----"
    cat "$work/$run.out"
    [ -s "$work/$run.err" ] && { echo "---- $run stderr ----"; tail -20 "$work/$run.err"; }
  done
  exit 1
fi
cat "$work/rvscope.cmp"
echo "boot_compare: $(wc -l <"$work/rvscope.cmp") lines from 'Run /init' on identical," \
  "exit status $expect_status on all of: $runs ($harts hart(s))"
