#!/bin/bash
# Snapshot round trip on Linux, at the clone3 reproduction: /init runs clone3_repro (whose
# clone3 fails with EINVAL) and clone3_demo from the virtio disk; a snapshot is saved at the
# first clone3 ecall, while /init's shell waits for clone3_repro in wait4. The run restored
# from it prints the uninterrupted run's console bytes after the point, exactly its strace
# lines after the point (the pending wait4 resumes as `[pid 1] <... wait4 resumed>`) and the
# same clone3 commit-log windows; saving changes neither the console nor the strace.
#
#   snapshot_clone3.sh RVSCOPE IMAGE INITRD DISK readonly|overlay
#
# readonly: the disk mounted read-only (disk=1). overlay: mounted read-write (disk=rw): the
# mount writes the superblock into the in-memory overlay before the point, and the guest
# writes and reads back a file after it. Neither mode writes DISK.
set -u
rvscope=$1 image=$2 initrd=$3 disk=$4 mode=$5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/linux_common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

LINUX_RVSCOPE_DISK_MODE=$mode
case $mode in
  readonly) append="$LINUX_BOOTARGS run=clone3_repro,clone3_demo disk=1" ;;
  overlay)
    append="$LINUX_BOOTARGS run=clone3_repro,clone3_demo disk=rw"
    append+=" cmd=\"echo written-after-the-point >/mnt/guest.txt && cat /mnt/guest.txt\""
    ;;
  *) echo "usage: snapshot_clone3.sh RVSCOPE IMAGE INITRD DISK readonly|overlay" >&2; exit 2 ;;
esac
fail() {
  echo "FAIL: $*"
  for f in "$work"/*.err; do echo "---- $(basename "$f") ----"; tail -5 "$f"; done
  exit 1
}
observe() { # observe NAME [RVSCOPE_OPTION...]: console, strace and the clone3 windows
  local name=$1
  shift
  linux_rvscope "$work/$name" "$image" "$initrd" 1 "$append" "$disk" "$@" \
    --strace --strace-output "$work/$name.strace" \
    --trace syscall:clone3 --trace-output "$work/$name.trace"
}

observe full
grep -q '^clone3: Invalid argument$' "$work/full.out" || fail "clone3_repro did not run"
observe save --save-at syscall:clone3 "$work/point.snap"
[ -s "$work/point.snap" ] || fail "no snapshot written"
before=$(sed -nE 's/^rvscope: snapshot at instruction [0-9]+ written to .*, after ([0-9]+) --strace lines$/\1/p' \
  "$work/save.err")
[ -n "$before" ] || fail "no strace line count in the snapshot message"
cmp -s "$work/save.raw" "$work/full.raw" || fail "saving changed the saving run's console"
cmp -s "$work/save.strace" "$work/full.strace" || fail "saving changed the saving run's strace"
observe restored --restore "$work/point.snap"

[ "$(cat "$work/restored.status")" = "$(cat "$work/full.status")" ] ||
  fail "exit status $(cat "$work/restored.status"), uninterrupted $(cat "$work/full.status")"
size=$(stat -c %s "$work/restored.raw")
tail -c "$size" "$work/full.raw" | cmp -s - "$work/restored.raw" ||
  fail "the restored console is not the end of the uninterrupted one"
grep -q '^clone3: Invalid argument$' "$work/restored.out" ||
  fail "the restored console lacks clone3_repro's message"
grep -q '^child: running on its own stack' "$work/restored.out" ||
  fail "the restored console lacks clone3_demo's child"
if [ "$mode" = overlay ]; then
  grep -q '^written-after-the-point$' "$work/restored.out" ||
    fail "the restored guest did not read its write back from the overlay"
fi

tail -n "+$((before + 1))" "$work/full.strace" >"$work/full.after"
diff "$work/full.after" "$work/restored.strace" >"$work/strace.diff" ||
  fail "strace differs after the point ($before lines before it): $(head -20 "$work/strace.diff")"
grep -Eq '^\[pid +1\] <\.\.\. wait4 resumed>' "$work/restored.strace" ||
  fail "the wait4 pending at the point does not resume in the restored strace"
grep -Eq '^\[pid +[0-9]+\] clone3\(.*= -1 EINVAL' "$work/restored.strace" ||
  fail "the restored strace lacks clone3_repro's clone3"

[ "$(grep -c '' "$work/full.trace")" -gt 50 ] || fail "the clone3 windows are implausibly short"
cmp -s "$work/full.trace" "$work/restored.trace" || fail "the clone3 commit log differs"
echo "PASS: $mode: $(wc -l <"$work/restored.strace") strace lines after $before," \
  "$(wc -l <"$work/restored.trace") clone3 trace lines, $size console bytes after the point"
