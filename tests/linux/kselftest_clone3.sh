#!/bin/bash
# Linux 6.1's clone3 kselftests (clone3, clone3_clear_sighand, clone3_set_tid; built static by
# guest-kernel/kselftests.cmake) on starlet and on riscv64 Linux 6.1 (no namespaces, as root),
# both inside rvscope, compared case by case: each TAP result line with the pids masked, the
# bail-outs and the totals. Any difference fails. When run as root it also runs the host builds
# on the host kernel (a full Linux, namespaces included) and checks that the cases where the
# host differs are exactly those listed in kselftest_namespace_cases.txt (each with its reason);
# not as root, the host comparison is skipped (the cases need CAP_SYS_ADMIN).
#
#   kselftest_clone3.sh RVSCOPE IMAGE LINUX_INITRD STARLET_ELF STARLET_INITRD HOST_DIR
# Both guests run on $ORACLE_HARTS harts (default 1).
set -u
rvscope=$1 image=$2 linux_initrd=$3 starlet=$4 starlet_initrd=$5 host_dir=$(cd "$6" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/linux_common.sh"
programs=(clone3 clone3_clear_sighand clone3_set_tid)
listed=$here/kselftest_namespace_cases.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

list=$(IFS=,; echo "${programs[*]}")
harts=${ORACLE_HARTS:-1}
linux_rvscope "$work/linux" "$image" "$linux_initrd" "$harts" "$LINUX_BOOTARGS run=$list"
STARLET_HARTS=$harts starlet_rvscope "$work/starlet" "$starlet" "$starlet_initrd" "${programs[@]}"

# The comparable lines of a kselftest's output: results, bail-outs, totals, pids masked.
cases() {
  grep -E '^(ok|not ok) [0-9]+|^Bail out!|^# Totals' "$1" | sed -E 's/\[[0-9]+\]/[PID]/g'
}

failures=0
for p in "${programs[@]}"; do
  for k in linux starlet; do
    program_output "$work/$k.out" "/bin/$p" >"$work/$k.$p.out" 2>"$work/$k.$p.rc"
    cases "$work/$k.$p.out" >"$work/$k.$p.cases"
  done
  n=$(grep -c '^\(ok\|not ok\)' "$work/linux.$p.cases")
  if [ ! -s "$work/linux.$p.rc" ] || [ ! -s "$work/starlet.$p.rc" ] || [ "$n" -eq 0 ]; then
    echo "FAIL $p: no results on $( [ -s "$work/linux.$p.rc" ] && echo starlet || echo Linux)"
    failures=$((failures + 1))
  elif ! diff -u "$work/linux.$p.cases" "$work/starlet.$p.cases" >"$work/$p.diff" ||
    [ "$(cat "$work/linux.$p.rc")" != "$(cat "$work/starlet.$p.rc")" ]; then
    echo "FAIL $p: starlet differs from Linux (- Linux, + starlet; exit $(cat "$work/linux.$p.rc")/$(cat "$work/starlet.$p.rc")):"
    cat "$work/$p.diff"
    failures=$((failures + 1))
  else
    echo "PASS $p: $n cases as on Linux ($(grep -c '^ok' "$work/linux.$p.cases") ok," \
      "$(grep -c '^not ok' "$work/linux.$p.cases") not ok; exit $(cat "$work/linux.$p.rc"))"
  fi
done

if [ "$(id -u)" != 0 ]; then
  echo "SKIP host comparison: not root (the namespace cases need CAP_SYS_ADMIN)"
else
  for p in "${programs[@]}"; do
    (cd "$work" && timeout 60 "$host_dir/$p" >"$work/host.$p.out" 2>&1)
    cases "$work/host.$p.out" >"$work/host.$p.cases"
    if ! grep -q '^\(ok\|not ok\)' "$work/host.$p.cases"; then
      echo "FAIL $p: no results on the host"
      failures=$((failures + 1))
      continue
    fi
    # The case numbers where root on the host kernel and starlet answer differently (a case
    # one of them never reached counts; a child's copy of a line is the same case).
    awk 'FNR == 1 {side++}
         match($0, /^(not ok|ok) [0-9]+/) {
           n = $0; sub(/^(not ok|ok) /, "", n); sub(/ .*/, "", n); st = ($1 == "ok") ? "ok" : "not"
           if (!((side, n) in seen)) { seen[side, n] = st; nums[n] = 1 }
         }
         END {
           for (n in nums) if (seen[1, n] != seen[2, n]) print n
         }' "$work/host.$p.cases" "$work/starlet.$p.cases" | sort -n | tr '\n' ' ' >"$work/$p.differing"
    want=$(awk -F' :: ' -v p="$p" '$1 == p {print $2}' "$listed" | tr ',' ' ' | tr -s ' ' | sed 's/^ //')
    got=$(sed 's/ $//' "$work/$p.differing")
    if [ "$got" != "$want" ]; then
      echo "FAIL $p: the host differs from starlet in cases [${got}], kselftest_namespace_cases.txt lists [${want}]"
      failures=$((failures + 1))
    else
      echo "PASS $p: the host kernel differs only in the listed namespace cases [${want}]"
    fi
  done
fi

if [ "$failures" -ne 0 ]; then
  for k in linux starlet; do echo "---- $k console ----"; tail -40 "$work/$k.out"; done
  exit 1
fi
