#!/bin/sh
# `rvscope run --guest PROG ARGS`: the arguments reach the program verbatim (options rvscope
# also knows, spaces, a lone ";", an empty word), and exec maps a 1 GiB bss without a
# per-page cost (bigbss must finish within a budget of simulated instructions).
#   check_rvscope_guest.sh RVSCOPE USER_DIR
set -u
rvscope=$1
user=$2
fail() { echo "check_rvscope_guest: FAIL: $*" >&2; exit 1; }

out=$("$rvscope" run --set console.input=none --guest "$user/hello" -c 'echo a  b' -e 'print(1)' \
  ';' '' --summary --max-insns 5 </dev/null 2>/dev/null | tr -d '\r')
rc=$?
echo "$out"
echo "$out" | grep -qxF 'argc=10 argv[1]=-c argv[2]=echo a  b argv[3]=-e argv[4]=print(1) argv[5]=; argv[6]= argv[7]=--summary argv[8]=--max-insns argv[9]=5' ||
  fail "arguments of --guest hello"
[ "$rc" -eq 0 ] || fail "hello exit status $rc"

out=$("$rvscope" run --set console.input=none --guest="$user/hello" 'one two' </dev/null 2>/dev/null | tr -d '\r')
echo "$out" | grep -qxF 'argc=2 argv[1]=one two' || fail "arguments of --guest=hello"

# Boot is about 7 M instructions; loading used to cost minutes for this ELF (one VMA search
# over a growing list per page of the segment).
out=$("$rvscope" run --set console.input=none --max-insns 40000000 --guest "$user/bigbss" \
  </dev/null 2>/dev/null | tr -d '\r')
rc=$?
echo "$out"
[ "$rc" -eq 0 ] || fail "bigbss exit status $rc (122: over the instruction budget)"
echo "$out" | grep -q '^bigbss: 1 GiB bss mapped' || fail "bigbss output"
echo "check_rvscope_guest: PASS"
