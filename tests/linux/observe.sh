#!/bin/bash
# rvscope's observability on the Linux guest, checked on content:
#   strace    --strace of BusyBox `sh -c` running a pipeline on 4 harts: Linux's PIDs label
#             the threads, clone/execve/pipe2/wait4 are decoded, <unfinished ...> and
#             <... resumed> appear while the children run on other harts
#   trace     --trace syscall:clone3 --symbols vmlinux: the window walks Linux's clone3 path
#             by function name and returns -22 (EINVAL) to clone3_repro
#   timeline  --timeline: valid trace-event JSON with the threads program's clone(CLONE_THREAD) slices
#   stats     --stats (timing from the clone3 syscall): per-syscall count and cycles
#
#   observe.sh RVSCOPE IMAGE VMLINUX INITRD strace|trace|timeline|stats
set -u
rvscope=$1 image=$2 vmlinux=$3 initrd=$4 what=$5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/linux_common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failed=0
expect() { # expect FILE DESCRIPTION EXTENDED_REGEX
  if grep -Eq -- "$3" "$1"; then
    echo "ok: $2"
  else
    echo "FAIL: $2 (no line matching /$3/ in $(basename "$1"))"
    failed=1
  fi
}
show_on_failure() {
  if [ "$failed" -ne 0 ]; then
    for f in "$@"; do echo "---- $(basename "$f") (head) ----"; head -60 "$f"; done
    echo "---- console ----"; cat "$work/run.out"; echo "---- stderr ----"; tail -20 "$work/run.err"
    exit 1
  fi
}
run_status_ok() { # [EXPECTED]: the number of programs /init saw fail, default 0
  if [ "$(cat "$work/run.status")" -ne "${1:-0}" ]; then
    echo "FAIL: rvscope exited $(cat "$work/run.status"), expected ${1:-0}"
    failed=1
  fi
}

case $what in
  strace)
    linux_rvscope "$work/run" "$image" "$initrd" 4 \
      "$LINUX_BOOTARGS run=/bin/true cmd=\"echo one two three | wc -w\"" "" \
      --strace --strace-output "$work/strace.txt"
    run_status_ok
    expect "$work/run.out" "the pipeline's answer on the console" '^3$'
    # PID 1 is /init; the shell is its child; the pipeline's two children are the shell's.
    # Linux's own execve of /init has no ecall; /init's first getpid shows its PID.
    expect "$work/strace.txt" "init runs as PID 1" '^\[pid +1\] getpid\(\) += 1$'
    sh_pid=$(sed -nE 's/^\[pid +([0-9]+)\] execve\("\/bin\/sh", \["sh", "-c".*/\1/p' "$work/strace.txt" | head -1)
    if [ -z "$sh_pid" ]; then
      echo "FAIL: no execve of /bin/sh -c"
      failed=1
    else
      echo "ok: sh -c runs as PID $sh_pid"
      expect "$work/strace.txt" "the shell makes the pipe" "^\[pid +$sh_pid\] pipe2\(\[[0-9]+, [0-9]+\], (0|O_RDONLY)\) += 0"
      expect "$work/strace.txt" "the shell forks the pipeline's children with Linux PIDs" \
        "^\[pid +$sh_pid\] clone\(child_stack=NULL, flags=.*SIGCHLD.*\) += [0-9]+"
      wc_pid=$(sed -nE 's/^\[pid +([0-9]+)\] execve\("\/bin\/wc", \["wc", "-w"\].*/\1/p' "$work/strace.txt" | head -1)
      if [ -n "$wc_pid" ] && grep -Eq "^\[pid +$sh_pid\] (clone\(|<\.\.\. clone resumed>).*\) += $wc_pid$" "$work/strace.txt"; then
        echo "ok: wc runs as PID $wc_pid, the value the shell's clone returned"
      else
        echo "FAIL: the PID of wc's execve ('$wc_pid') is not one the shell's clone returned"
        failed=1
      fi
      expect "$work/strace.txt" "wc writes the count" '^\[pid +[0-9]+\] write\(1, "3\\n", 2\) += 2'
    fi
    expect "$work/strace.txt" "a call left unfinished while another thread runs" '<unfinished \.\.\.>$'
    expect "$work/strace.txt" "and resumed later" '<\.\.\. (wait4|read|ppoll|clone) resumed>'
    expect "$work/strace.txt" "poweroff at the end" '^\[pid +[0-9]+\] reboot\('
    show_on_failure "$work/strace.txt"
    ;;
  trace)
    linux_rvscope "$work/run" "$image" "$initrd" 1 "$LINUX_BOOTARGS run=clone3_repro" "" \
      --trace syscall:clone3 --trace-format annotated --trace-output "$work/trace.txt" \
      --symbols "$vmlinux"
    run_status_ok 1 # clone3_repro fails by design (exit 1): /init counts one failure
    expect "$work/run.out" "clone3_repro's message" '^clone3: Invalid argument$'
    kpc='^h[0-9]+ S .*0xffffffff8[0-9a-f]{7} '
    expect "$work/trace.txt" "the window enters Linux's trap entry" "${kpc}handle_exception"
    expect "$work/trace.txt" "it walks __do_sys_clone3 by name" "${kpc}__do_sys_clone3"
    expect "$work/trace.txt" "copy_clone_args_from_user reads the arguments" "${kpc}copy_clone_args_from_user"
    expect "$work/trace.txt" "and returns to user mode" '^h[0-9]+ S .* sret( |$)'
    lines=$(wc -l <"$work/trace.txt")
    echo "trace: $lines lines in the clone3 window"
    [ "$lines" -gt 50 ] || { echo "FAIL: the window is implausibly short"; failed=1; }
    show_on_failure "$work/trace.txt"
    ;;
  timeline)
    linux_rvscope "$work/run" "$image" "$initrd" 4 "$LINUX_BOOTARGS run=threads" "" \
      --timeline "$work/timeline.json"
    run_status_ok
    if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); ev=d["traceEvents"] if isinstance(d,dict) else d; print("timeline: %d events" % len(ev))' "$work/timeline.json"; then
      echo "ok: the timeline is valid JSON"
    else
      echo "FAIL: the timeline is not valid JSON"
      failed=1
    fi
    expect "$work/timeline.json" "the threads program's thread creations are syscall slices" '"name":"clone","cat":"syscall","ph":"X".*CLONE_THREAD'
    expect "$work/timeline.json" "thread tracks carry Linux TIDs" '"tid [0-9]+"'
    show_on_failure "$work/timeline.json"
    ;;
  stats)
    linux_rvscope "$work/run" "$image" "$initrd" 1 "$LINUX_BOOTARGS run=clone3_demo" "" \
      --config "$here/../../configs/u74.yaml" --timing-from syscall:clone3 --stats "$work/stats.json"
    run_status_ok
    if python3 - "$work/stats.json" <<'PY'
import json, sys
stats = json.load(open(sys.argv[1]))
calls = {s["name"]: s for s in stats["syscalls"]}
clone3 = calls["clone3"]
print("stats: clone3 count %d, cycles %d, max %d" % (clone3["count"], clone3["cycles"], clone3["max_cycles"]))
assert clone3["count"] >= 1 and clone3["cycles"] > 100, clone3
print("stats: %d syscalls with cycles" % len(calls))
PY
    then
      echo "ok: per-syscall cycles for clone3"
    else
      echo "FAIL: no plausible per-syscall figures for clone3"
      failed=1
    fi
    show_on_failure "$work/stats.json"
    ;;
  *)
    echo "usage: observe.sh RVSCOPE IMAGE VMLINUX INITRD strace|trace|timeline|stats" >&2
    exit 2
    ;;
esac
echo "observe: $what checks passed"
