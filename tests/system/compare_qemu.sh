#!/bin/sh
# Boots OpenSBI + an S-mode payload on rvscope and on qemu-system-riscv64 and compares them.
#
#   compare_qemu.sh RVSCOPE PAYLOAD HARTS [rvscope|qemu|compare|determinism]
#
# rvscope: the payload must pass on rvscope (exit status 0, a TAP plan, no "not ok").
# determinism: two rvscope runs give the same console bytes, instruction count and
#          simulated time (--summary).
# qemu:    the same on QEMU (checks the payload's own expectations against the reference).
# compare: both run; the consoles must match line by line except for the lines listed in
#          IGNORED below, and both exit statuses must be equal.
# Exit 77 (CTest's skip code) when QEMU is needed and missing.
set -u

rvscope=$1
payload=$2
harts=$3
mode=${4:-compare}
firmware=${RVSCOPE_FIRMWARE:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf}
time_limit=${RVSCOPE_PAYLOAD_TIMEOUT:-60}  # QEMU with 4+ harts on 2 busy host cores needs room

# QEMU's hart made as close to rvscope's as QEMU 7.2 allows: no H extension (rvscope has
# none), no Sstc (the SBI timer must go through OpenSBI's M-mode path as on rvscope), no
# hpm counters (rvscope's mhpmcounters are read-only zero; OpenSBI prints "MHPM Count: 0"),
# and no Zihintpause or Zba/Zbb/Zbc/Zbs (rvscope is rv64imafdc_zicsr_zifencei, which is then
# exactly QEMU's riscv,isa). Sv48/Sv57 cannot be turned off in 7.2 (its device tree says
# riscv,sv48); the payload only uses Sv39.
QEMU_CPU=rv64,h=false,sstc=false,pmu-num=0,Zihintpause=false,zba=false,zbb=false,zbc=false,zbs=false

# Lines that may differ between the two, each with its reason (extended regular expressions,
# matched against whole lines).
IGNORED='
^Boot HART ID +: [0-9]+$
^Domain0 Boot HART +: [0-9]+$
^# misaligned AMO: scause [0-9]+$
'
# Reasons, in the order above:
# 1-2. With several harts every hart enters fw_jump at once and OpenSBI's boot hart is
#      whichever wins its atomic lottery: QEMU runs its harts on host threads (any may win),
#      rvscope interleaves them deterministically (hart 0 wins). The payload prints nothing
#      that depends on the boot hart's id.
# 3.   With one hart (single-threaded TCG) QEMU 7.2 reports a misaligned AMO as a load
#      address misaligned (cause 4); with several (MTTCG) as store/AMO address misaligned
#      (6), which is what the spec asks for (6, or an access fault 7). The payload accepts
#      4, 6 and 7 so that both runs pass; the cause itself is shown on this line.

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_rvscope() {
  name=${1:-rvscope}
  timeout "$time_limit" "$rvscope" run --firmware "$firmware" --kernel "$payload" \
    --set machine.harts="$harts" --set console.input=none --summary </dev/null \
    >"$work/$name.raw" 2>"$work/$name.err"
  echo $? >"$work/$name.status"
  tr -d '\r' <"$work/$name.raw" >"$work/$name.out"
}

# The deterministic part of --summary: "N instructions" and "simulated time T s".
summary_figures() {
  sed -En 's/^rvscope: ([0-9]+ instructions).*(simulated time [0-9.]+ s).*$/\1, \2/p' "$1"
}

run_qemu() {
  if ! command -v qemu-system-riscv64 >/dev/null 2>&1; then
    echo "compare_qemu: qemu-system-riscv64 not found, skipping"
    exit 77
  fi
  timeout "$time_limit" qemu-system-riscv64 -machine virt -nographic -cpu "$QEMU_CPU" \
    -bios "$firmware" -kernel "$payload" -m 128M -smp "$harts" </dev/null \
    >"$work/qemu.raw" 2>"$work/qemu.err"
  echo $? >"$work/qemu.status"
  tr -d '\r' <"$work/qemu.raw" >"$work/qemu.out"
}

# A run passed when it exited 0, printed its plan, no failed check and no unexpected trap.
check_pass() {
  name=$1
  status=$(cat "$work/$name.status")
  if [ "$status" -eq 124 ]; then
    echo "compare_qemu: $name timed out after ${time_limit}s" >&2
    return 1
  fi
  if ! grep -Eq '^1\.\.[0-9]+$' "$work/$name.out" ||
    grep -Eq '^(not ok|# UNEXPECTED)' "$work/$name.out" || [ "$status" -ne 0 ]; then
    echo "compare_qemu: the payload failed on $name (exit status $status)" >&2
    return 1
  fi
  return 0
}

show() {
  echo "---- $1 console (exit status $(cat "$work/$1.status")) ----"
  cat "$work/$1.out"
  [ -s "$work/$1.err" ] && { echo "---- $1 stderr ----"; cat "$work/$1.err"; }
  return 0
}

filter() {
  printf '%s\n' "$IGNORED" | grep -v '^$' >"$work/ignored"
  grep -Ev -f "$work/ignored" "$1"
}

case "$mode" in
  rvscope)
    run_rvscope
    show rvscope
    check_pass rvscope || exit 1
    ;;
  qemu)
    run_qemu
    show qemu
    check_pass qemu || exit 1
    ;;
  compare)
    run_qemu
    run_rvscope
    filter "$work/qemu.out" >"$work/qemu.cmp"
    filter "$work/rvscope.out" >"$work/rvscope.cmp"
    failed=0
    if ! diff -u "$work/qemu.cmp" "$work/rvscope.cmp" >"$work/diff"; then
      echo "compare_qemu: consoles differ (- qemu, + rvscope), ignored lines removed:"
      cat "$work/diff"
      failed=1
    fi
    qs=$(cat "$work/qemu.status")
    rs=$(cat "$work/rvscope.status")
    if [ "$qs" -ne "$rs" ]; then
      echo "compare_qemu: exit status differs: qemu $qs, rvscope $rs"
      failed=1
    fi
    if [ "$failed" -ne 0 ]; then
      show qemu
      show rvscope
      exit 1
    fi
    echo "compare_qemu: $(wc -l <"$work/rvscope.cmp") lines identical, exit status $rs on both" \
      "($harts hart(s))"
    ;;
  determinism)
    run_rvscope first
    run_rvscope second
    a=$(summary_figures "$work/first.err")
    b=$(summary_figures "$work/second.err")
    if [ -z "$a" ] || [ "$a" != "$b" ] || ! cmp -s "$work/first.raw" "$work/second.raw" ||
      [ "$(cat "$work/first.status")" -ne "$(cat "$work/second.status")" ]; then
      echo "compare_qemu: two rvscope runs differ: '$a' vs '$b'"
      diff "$work/first.raw" "$work/second.raw" | head -20
      exit 1
    fi
    echo "compare_qemu: two rvscope runs identical ($a, $harts hart(s))"
    ;;
  *)
    echo "usage: compare_qemu.sh RVSCOPE PAYLOAD HARTS [rvscope|qemu|compare|determinism]" >&2
    exit 2
    ;;
esac
