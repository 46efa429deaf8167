#!/bin/bash
# A TAP suite against the host kernel as the oracle: builds user/PROG.c natively with `cc`,
# runs it on this machine's Linux, boots starlet with the riscv64 build from the initramfs
# and compares the two outputs line by line. The suites (procfs, syscalls_more) check only
# what does not depend on the machine: fields, formats, errors and values the program knows.
#
#   tap_host_oracle.sh KERNEL INITRD USER_SOURCE_DIR PROG [ARGS...]   (ARGS without spaces)
set -u
here=$(cd "$(dirname "$0")" && pwd)
kernel=$1 initrd=$2 src=$(cd "$3" && pwd) prog=$4
shift 4
cc=${CC:-cc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! "$cc" -O2 -Wall -pthread -o "$work/$prog" "$src/$prog.c"; then
  echo "tap_host_oracle: cannot build $prog for the host"
  exit 1
fi
(cd "$work" && "./$prog" "$@" >"$work/host.out" 2>&1)
cmd="/bin/$prog${*:+ $*}"
"$here/boot.sh" "$kernel" "$initrd" "$cmd" 120 | tr -d '\r' >"$work/boot.log"
awk -v start="[init] run $cmd" -v stop="[init] /bin/$prog: " \
  '$0 == start {on = 1; next} on && index($0, stop) == 1 {exit} on' "$work/boot.log" >"$work/starlet.out"
if ! diff -u "$work/host.out" "$work/starlet.out"; then
  echo "FAIL $prog: starlet differs from the host kernel (- host, + starlet)"
  exit 1
fi
echo "PASS $prog: $(grep -c '^ok' "$work/host.out") cases equal to the host kernel's"
