#!/bin/sh
# SMP on Linux: guest-linux/user/cpus starts four spinning threads that record sched_getcpu();
# on 4 harts they must have run on at least two, on rvscope and (the reference) on QEMU -smp 4.
#
#   smp_threads.sh RVSCOPE IMAGE INITRD
set -u
rvscope=$1 image=$2 initrd=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/linux_common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failed=0
check() { # check RUN
  line=$(grep -E '^cpus: 4 threads ran on [0-9]+ distinct hart\(s\) of 4 online$' "$work/$1.out")
  distinct=$(echo "$line" | sed -nE 's/.* ran on ([0-9]+) distinct.*/\1/p')
  if [ -n "$distinct" ] && [ "$distinct" -ge 2 ] && [ "$(cat "$work/$1.status")" -eq 0 ]; then
    echo "ok: $1: $line"
  else
    echo "FAIL: $1: '${line:-no cpus line}' (exit status $(cat "$work/$1.status"))"
    cat "$work/$1.out"
    failed=1
  fi
}
linux_rvscope "$work/rvscope" "$image" "$initrd" 4 "$LINUX_BOOTARGS run=cpus"
check rvscope
if command -v qemu-system-riscv64 >/dev/null 2>&1; then
  linux_qemu "$work/qemu" "$image" "$initrd" 4 "$LINUX_BOOTARGS run=cpus"
  check qemu
fi
exit $failed
