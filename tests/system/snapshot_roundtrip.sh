#!/usr/bin/env bash
# Snapshot round trip on starlet (clone3_demo): a run restored from a snapshot saved at
# TRIGGER prints the same console, strace and commit log after the point as the run that was
# never interrupted, byte for byte; saving changes neither the saving run's console nor its
# strace (nor the snapshot: saving with --strace writes the same file); restores repeat byte
# for byte, with the timing model too.
# Usage: snapshot_roundtrip.sh RVSCOPE STARLET_ELF INITRAMFS TRIGGER
set -euo pipefail
rvscope=$1 kernel=$2 initrd=$3 trigger=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
base=(run --kernel "$kernel" --initrd "$initrd" --append /bin/clone3_demo --set console.input=none)
observe() {  # observe NAME ARGS...: console, strace and a commit-log window of a run
  local name=$1
  shift
  set +e
  "$rvscope" "${base[@]}" "$@" --strace --strace-output "$dir/$name.strace" \
    --trace syscall:clone3 --trace-output "$dir/$name.trace" >"$dir/$name.console" \
    2>"$dir/$name.stderr"
  echo $? >"$dir/$name.rc"
  set -e
}
fail() {
  echo "FAIL: $*"
  exit 1
}

observe full
"$rvscope" "${base[@]}" --save-at "$trigger" "$dir/point.snap" >"$dir/save.console" \
  2>"$dir/save.stderr" || echo $? >"$dir/save.rc"
[ -s "$dir/point.snap" ] || fail "no snapshot written: $(cat "$dir/save.stderr")"
grep -q "snapshot at instruction" "$dir/save.stderr" || fail "no snapshot message"
cmp -s "$dir/save.console" "$dir/full.console" || fail "saving changed the saving run's console"
# Saving again with --strace: its strace is the uninterrupted one, and it says how many of
# its lines were written before the point.
"$rvscope" "${base[@]}" --save-at "$trigger" "$dir/traced.snap" --strace \
  --strace-output "$dir/save.strace" >/dev/null 2>"$dir/traced.stderr" || true
cmp -s "$dir/save.strace" "$dir/full.strace" || fail "saving changed the saving run's strace"
cmp -s "$dir/traced.snap" "$dir/point.snap" || fail "saving with --strace wrote another snapshot"
before=$(sed -nE 's/^rvscope: snapshot at instruction [0-9]+ written to .*, after ([0-9]+) --strace lines$/\1/p' \
  "$dir/traced.stderr")
[ -n "$before" ] || fail "no strace line count in the snapshot message: $(cat "$dir/traced.stderr")"
observe restored --restore "$dir/point.snap"
observe again --restore "$dir/point.snap"

[ "$(cat "$dir/restored.rc")" = "$(cat "$dir/full.rc")" ] ||
  fail "exit status $(cat "$dir/restored.rc"), uninterrupted $(cat "$dir/full.rc")"
[ -s "$dir/restored.console" ] || fail "the restored run printed nothing"
grep -q "child: running on its own stack" "$dir/restored.console" ||
  fail "the restored console lacks what clone3_demo prints after clone3"
size=$(stat -c %s "$dir/restored.console")
tail -c "$size" "$dir/full.console" | cmp -s - "$dir/restored.console" ||
  fail "the restored console is not the end of the uninterrupted one"
# strace: the uninterrupted run's lines from the point on are the lines it writes after the
# ones it had written before the point (a line still open there, such as a syscall waiting
# for its return, is written after it). The restored run must write exactly those.
tail -n "+$((before + 1))" "$dir/full.strace" >"$dir/full.after"
[ -s "$dir/full.after" ] || fail "the uninterrupted run writes no strace line after the point"
diff "$dir/full.after" "$dir/restored.strace" >"$dir/strace.diff" ||
  fail "strace differs after the point ($before lines before it): $(head -20 "$dir/strace.diff")"
[ -s "$dir/full.trace" ] || fail "no commit log in the uninterrupted run"
cmp -s "$dir/full.trace" "$dir/restored.trace" || fail "the commit log of clone3 differs"
for f in console strace trace; do
  cmp -s "$dir/restored.$f" "$dir/again.$f" || fail "two restores differ in $f"
done
# Saving again from a restored run carries the first file's thread table on: restored from
# that second file, --strace goes on as the uninterrupted run does from the later point.
at=$(sed -nE 's/^rvscope: snapshot at instruction ([0-9]+) .*/\1/p' "$dir/save.stderr")
later=insn:$((at + 200000))
"$rvscope" "${base[@]}" --restore "$dir/point.snap" --save-at "$later" "$dir/chained.snap" \
  >/dev/null 2>&1 || true
[ -s "$dir/chained.snap" ] || fail "no snapshot at $later from the restored run"
"$rvscope" "${base[@]}" --save-at "$later" "$dir/later.snap" --strace --strace-output /dev/null \
  >/dev/null 2>"$dir/later.stderr" || true
before_later=$(sed -nE 's/^rvscope: snapshot at instruction [0-9]+ written to .*, after ([0-9]+) --strace lines$/\1/p' \
  "$dir/later.stderr")
[ -n "$before_later" ] || fail "no strace line count at $later"
"$rvscope" "${base[@]}" --restore "$dir/chained.snap" --strace --strace-output "$dir/chained.strace" \
  >/dev/null 2>&1 || true
tail -n "+$((before_later + 1))" "$dir/full.strace" | diff - "$dir/chained.strace" >"$dir/chained.diff" ||
  fail "strace restored from a snapshot saved by a restored run differs: $(head -20 "$dir/chained.diff")"
# The timing model on a restored run, from the point on: the same figures every time.
for n in 1 2; do
  "$rvscope" "${base[@]}" --restore "$dir/point.snap" --timing-from syscall:clone3 \
    --stats "$dir/stats$n.json" >/dev/null 2>&1 || true
done
[ -s "$dir/stats1.json" ] || fail "no timing statistics from a restored run"
cmp -s "$dir/stats1.json" "$dir/stats2.json" || fail "timed restores differ"
echo "PASS: $trigger: $(wc -l <"$dir/restored.strace") strace lines after $before ($(grep -c 'resumed>' "$dir/restored.strace" || true) resumed), $(wc -l <"$dir/full.trace") trace lines, $size console bytes after the point"
