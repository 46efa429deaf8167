#!/bin/sh
# Console input: bytes sent to the UART reach a user read() through the PLIC interrupt and
# ^D ends the input. The input starts with a spare newline because the firmware resets the
# UART while QEMU may already have delivered the first byte.
#   check_console.sh KERNEL INITRD
set -u
here=$(dirname "$0")
out=$(STARLET_INPUT="$here/console_input.txt" "$here/boot.sh" "$1" "$2" "/bin/console_input" 60 | tr -d '\r')
rc=$?
echo "$out" | sed -n '/^starlet: bootargs/,$p'
echo "$out" | grep -q '^HELLO$' && echo "$out" | grep -q '^WORLD$' || { echo "check_console: FAIL"; exit 1; }
echo "$out" | grep -q '^\[init\] /bin/console_input: exit 0$' || { echo "check_console: FAIL (status)"; exit 1; }
echo "check_console: PASS"
