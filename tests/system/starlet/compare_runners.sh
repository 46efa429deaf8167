#!/bin/bash
# Boots the same starlet image on two system runners (default: QEMU, and $STARLET_RUNNER_B,
# e.g. rvscope) and compares the console output from starlet's "bootargs" line on (before
# it: OpenSBI's banner and the RAM/free-page line, which depend on the platform).
#   compare_runners.sh KERNEL INITRD [BOOTARGS]
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${STARLET_RUNNER_B:?set STARLET_RUNNER_B to the command template of the second runner}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
STARLET_RUNNER=${STARLET_RUNNER_A:-} "$here/boot.sh" "$1" "$2" "${3:-}" 300 >"$work/a.raw"
rc_a=$?
STARLET_RUNNER=$STARLET_RUNNER_B "$here/boot.sh" "$1" "$2" "${3:-}" 600 >"$work/b.raw"
rc_b=$?
for x in a b; do tr -d '\r' <"$work/$x.raw" | sed -n '/^starlet: bootargs/,$p' >"$work/$x.log"; done
if ! diff -u "$work/a.log" "$work/b.log"; then
  echo "compare_runners: console output differs (- A, + B)"
  exit 1
fi
if [ "$rc_a" != "$rc_b" ]; then
  echo "compare_runners: exit codes differ: A=$rc_a B=$rc_b"
  exit 1
fi
echo "compare_runners: same console output ($(wc -l <"$work/a.log") lines) and exit code $rc_a"
