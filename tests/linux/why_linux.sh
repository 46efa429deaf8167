#!/usr/bin/env bash
# --why on the Linux guest (--symbols vmlinux): the seed's clone3 (CLONE_DETACHED) and four
# more clone3 rules of /bin/clone3_why each name the line of Linux's source that rejected
# them (found by grepping the kernel source, not hard-coded) and the value it tested; a
# --why run's strace lines are exactly a plain --strace run's.
#
#   why_linux.sh RVSCOPE IMAGE VMLINUX INITRD LINUX_OUT
#
# The source is the tree build-linux.sh extracted (LINUX_OUT/src-VERSION, the name vmlinux's
# DWARF gives); a build directory without it gets the two files from Debian's tarball.
set -uo pipefail
# shellcheck disable=SC2034 # rvscope is linux_common.sh's (linux_rvscope runs it)
rvscope=$1 image=$2 vmlinux=$3 initrd=$4 linux_out=$5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/linux_common.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

run() {  # run NAME SYMBOLS [RVSCOPE_OPTION...]: the strace file is $out/NAME.txt
  local name=$1 symbols=$2
  shift 2
  linux_rvscope "$out/$name" "$image" "$initrd" 1 "$LINUX_BOOTARGS run=clone3_repro,clone3_why" "" \
    --symbols "$symbols" --strace=clone3 --strace-output "$out/$name.txt" "$@"
  # clone3_repro fails (its clone3 is the seed), clone3_why passes: /init counts one failure.
  if [ "$(cat "$out/$name.status")" != 1 ] || ! grep -q '^\[init\] done, 1 failed' "$out/$name.out"; then
    echo "FAIL: the $name run did not end as /init counts it (exit $(cat "$out/$name.status"))" >&2
    tail -20 "$out/$name.out" "$out/$name.err" >&2
    exit 1
  fi
}
# shellcheck source=/dev/null
. "$(dirname "$0")/../system/why_blocks.sh"

run plain "$vmlinux"
run why "$vmlinux" --why
expect_plain_lines_and_explained 5
# Files are named from the source tree's parent, as on starlet, never "../src-V/...".
if grep -q -F '(../' "$out/why.txt"; then
  echo "FAIL: a file named relative to the build directory:" >&2
  grep -F '(../' "$out/why.txt" >&2
  exit 1
fi

srcname=$(grep -o 'src-[^/ (]*/kernel/fork\.c' "$out/why.txt" | head -1 | cut -d/ -f1)
[ -n "$srcname" ] || { echo "FAIL: no kernel/fork.c line in the why blocks" >&2; cat "$out/why.txt" >&2; exit 1; }
src=$linux_out/$srcname
if [ ! -f "$src/kernel/fork.c" ]; then
  version=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true)
  tarball=/usr/src/linux-source-6.1.tar.xz
  if [ "src-$version" != "$srcname" ] || [ ! -f "$tarball" ]; then
    echo "FAIL: vmlinux was built from $srcname, which is neither in $linux_out nor the" \
      "installed linux-source-6.1 ($version)" >&2
    exit 1
  fi
  src=$out/src
  mkdir -p "$src"
  tar xJf "$tarball" -C "$src" --strip-components=1 \
    linux-source-6.1/kernel/fork.c linux-source-6.1/include/linux/uaccess.h
fi
# The line of FILE (under the source tree) holding TEXT, which must occur there once.
line_of() {
  local lines
  lines=$(grep -n -F -- "$2" "$src/$1" | cut -d: -f1)
  [ "$(echo "$lines" | grep -c .)" -eq 1 ] || {
    echo "FAIL: '$2' is not exactly once in $src/$1 (lines: ${lines:-none})" >&2
    exit 1
  }
  echo "$lines"
}
detached=$(line_of kernel/fork.c 'if (kargs->flags & (CLONE_DETACHED | (CSIGNAL & (~CLONE_NEWTIME))))') || exit 1
size=$(line_of kernel/fork.c 'if (unlikely(usize < CLONE_ARGS_SIZE_VER0))') || exit 1
e2big=$(line_of include/linux/uaccess.h 'return ret ?: -E2BIG;') || exit 1
thread=$(line_of kernel/fork.c 'if ((kargs->flags & (CLONE_THREAD | CLONE_PARENT)) &&') || exit 1
stack=$(line_of kernel/fork.c 'if (kargs->stack_size > 0)') || exit 1

# The seed: the -22 that __do_sys_clone3 returns was decided by clone3_args_valid's
# CLONE_DETACHED check (inlined into it), on the flags clone3_repro passed.
expect 1 "-22 made at __do_sys_clone3+" "the seed's call: the errno's origin"
expect 1 "kernel/fork.c:$detached)" "the seed's call: the CLONE_DETACHED check"
expect 1 "=0x400f00" "the seed's call: the flags value"
expect 1 "route: __do_sys_clone3 -> " "the seed's call: returned by __do_sys_clone3"
# copy_clone_args_from_user's size check, on the size argument as the ecall brought it.
expect 2 "-22 made at copy_clone_args_from_user+" "size 56: made where the size is checked"
expect 2 "kernel/fork.c:$size)" "size 56: the CLONE_ARGS_SIZE_VER0 check"
expect 2 "=0x38 was in a1 when the call entered the kernel" "size 56: the size argument"
expect 2 "route: copy_clone_args_from_user -> __do_sys_clone3 -> " "size 56: returned through"
# The tail check is copy_struct_from_user's (include/linux/uaccess.h, inlined into
# copy_clone_args_from_user), on check_zeroed_user's answer: 0, a non-zero byte found.
expect 3 "-7 made at copy_clone_args_from_user+" "E2BIG tail: the errno's origin"
expect 3 "include/linux/uaccess.h:$e2big)" "E2BIG tail: copy_struct_from_user's check"
expect 3 "a0=0x0 made at check_zeroed_user+" "E2BIG tail: check_zeroed_user's answer"
expect 4 "kernel/fork.c:$thread)" "CLONE_THREAD with exit_signal"
expect 4 "=0x11" "CLONE_THREAD with exit_signal: SIGCHLD"
expect 5 "kernel/fork.c:$stack)" "stack_size without stack"
expect 5 "=0x1000" "stack_size without stack: the size"

# The same kernel without its DWARF: symbols only, the same instructions and values.
riscv64-linux-gnu-objcopy --strip-debug "$vmlinux" "$out/vmlinux-nodebug"
run nodebug "$out/vmlinux-nodebug" --why
seed=$(why_of 1 "$out/nodebug.txt")
if ! grep -q -F 'decided at __do_sys_clone3+' <<<"$seed" || ! grep -q -F '=0x400f00' <<<"$seed" ||
  grep -q -F '.c:' <<<"$seed"; then
  echo "FAIL: without debug info the seed's call should name symbols and values, no lines:" >&2
  echo "$seed" >&2
  exit 1
fi
grep -B1 '^  ' "$out/why.txt" | grep -v '^--$'
echo "ok: --why names the rule of Linux that rejected each failing clone3"
