#!/bin/sh
# Boots the demo initramfs and checks that every program of the list passed.
#   check_demo.sh KERNEL INITRD [BOOTARGS]
set -u
here=$(dirname "$0")
log=$(mktemp)
trap 'rm -f "$log" "$log.raw"' EXIT
"$here/boot.sh" "$1" "$2" "${3:-}" 120 >"$log.raw"
rc=$?
tr -d '\r' <"$log.raw" >"$log"
cat "$log"
if ! grep -q '^\[init\] [0-9]* programs, 0 failed$' "$log"; then
  echo "check_demo: FAIL (not every program passed)" >&2
  exit 1
fi
if [ "$rc" -ne 0 ]; then
  echo "check_demo: FAIL (machine exit code $rc)" >&2
  exit 1
fi
echo "check_demo: PASS"
