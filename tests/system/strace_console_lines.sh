#!/usr/bin/env bash
# The guest's console and --strace on one terminal (stdout and stderr into one file): every
# trace line is whole, none split by the console output the traced write() itself produced.
set -euo pipefail
build=$1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$build/rvscope" run --kernel "$build/guest-kernel/starlet.elf" \
  --initrd "$build/guest-kernel/initramfs.cpio" --append "/bin/hello world" --strace \
  --set console.input=none </dev/null >"$out" 2>&1 || true
grep -q 'hello from starlet userland' "$out" || { echo "FAIL: no console output" >&2; exit 1; }
writes=$(grep -c '^\[pid *[0-9#]*\] write(1, ' "$out" || true)
[ "$writes" -ge 5 ] || { echo "FAIL: expected the program's write(1, ...) lines" >&2; exit 1; }
if grep -n '.\[pid ' "$out" >&2 || grep -n '^\[pid .*write(1, .*[^)]$' "$out" | grep -v ' = ' >&2; then
  echo "FAIL: a trace line was split by console output" >&2
  exit 1
fi
echo "ok: $writes write(1, ...) lines whole"
