#!/bin/sh
# Runs the results table on rvscope (bare metal, HTIF console) and on qemu-riscv64 (Linux user
# mode) and compares the two outputs line by line.
# Usage: compare_qemu.sh RVSCOPE QEMU BAREMETAL_ELF LINUX_ELF
rvscope=$1
qemu=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$rvscope" run --max-insns 200000000 "$3" > "$tmp/rvscope.out"
rs=$?
"$qemu" "$4" > "$tmp/qemu.out"
qs=$?
lines=$(wc -l < "$tmp/qemu.out")
if ! diff "$tmp/qemu.out" "$tmp/rvscope.out" > "$tmp/diff"; then
  echo "rvscope and qemu-riscv64 differ ($(grep -c '^<' "$tmp/diff") of $lines lines):"
  head -20 "$tmp/diff"
  exit 1
fi
if [ "$rs" -ne 0 ] || [ "$qs" -ne 0 ]; then
  echo "same output ($lines lines) but exit status rvscope $rs, qemu $qs"
  tail -3 "$tmp/qemu.out"
  exit 1
fi
echo "rvscope and qemu-riscv64 agree on all $lines lines"
