#!/bin/sh
# Two rvscope runs of the same Linux boot (same files, same command line) give the same
# console bytes, the same instruction count and the same simulated time (--summary).
#
#   deterministic.sh RVSCOPE IMAGE INITRD HARTS "INIT_ARGS"
set -u
rvscope=$1 image=$2 initrd=$3 harts=$4 init_args=$5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/linux_common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
figures() { sed -En 's/^rvscope: ([0-9]+ instructions).*(simulated time [0-9.]+ s).*$/\1, \2/p' "$1"; }
for run in first second; do
  linux_rvscope "$work/$run" "$image" "$initrd" "$harts" "$LINUX_BOOTARGS $init_args" "" --summary
done
a=$(figures "$work/first.err") b=$(figures "$work/second.err")
if [ -z "$a" ] || [ "$a" != "$b" ] || ! cmp -s "$work/first.raw" "$work/second.raw" ||
  [ "$(cat "$work/first.status")" != "$(cat "$work/second.status")" ]; then
  echo "deterministic: two runs differ: '$a' vs '$b'"
  diff "$work/first.raw" "$work/second.raw" | head -20
  exit 1
fi
echo "deterministic: two Linux boots identical ($a, $harts hart(s), exit $(cat "$work/first.status"))"
