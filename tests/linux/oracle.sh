#!/bin/bash
# Linux in rvscope as starlet's same-architecture oracle: the same riscv64 binaries of
# starlet's user programs run on Linux 6.1 (tinyconfig + guest-linux/linux.config, no
# namespaces) and on starlet, both inside rvscope, and are compared program by program:
# output line by line (for the TAP suites that is case by case) and exit status. A line that
# differs must be listed in oracle_differences.txt with its reason (docs/linux.md has the
# table); any other difference fails the test, and so does a listed one that went away.
#
#   oracle.sh RVSCOPE IMAGE LINUX_INITRD STARLET_ELF STARLET_INITRD PROGRAM...
# Both kernels run on $ORACLE_HARTS harts (default 1).
set -u
rvscope=$1 image=$2 linux_initrd=$3 starlet=$4 starlet_initrd=$5
shift 5
programs=("$@")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/linux_common.sh"
known=$here/oracle_differences.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

list=$(IFS=,; echo "${programs[*]}")
harts=${ORACLE_HARTS:-1}
linux_rvscope "$work/linux" "$image" "$linux_initrd" "$harts" "$LINUX_BOOTARGS run=$list"
STARLET_HARTS=$harts starlet_rvscope "$work/starlet" "$starlet" "$starlet_initrd" "${programs[@]}"

# known_patterns PROGRAM: the regexes of oracle_differences.txt's lines for PROGRAM.
# A line PROGRAM :: exit :: REASON lets the exit statuses differ.
known_patterns() {
  awk -F' :: ' -v p="$1" '$1 == p && $2 != "exit" {print $2}' "$known"
}
exit_may_differ() {
  awk -F' :: ' -v p="$1" '$1 == p && $2 == "exit" {found = 1} END {exit !found}' "$known"
}

failures=0
summary=()
for p in "${programs[@]}"; do
  for k in linux starlet; do
    program_output "$work/$k.out" "/bin/$p" >"$work/$k.$p.out" 2>"$work/$k.$p.rc"
  done
  if [ ! -s "$work/linux.$p.rc" ] || [ ! -s "$work/starlet.$p.rc" ]; then
    echo "FAIL $p: did not finish on $( [ -s "$work/linux.$p.rc" ] && echo starlet || echo Linux)"
    failures=$((failures + 1))
    continue
  fi
  known_patterns "$p" >"$work/$p.known"
  filter() {
    if [ -s "$work/$p.known" ]; then grep -Ev -f "$work/$p.known" "$1"; else cat "$1"; fi
  }
  filter "$work/linux.$p.out" >"$work/linux.$p.cmp"
  filter "$work/starlet.$p.out" >"$work/starlet.$p.cmp"
  lrc=$(cat "$work/linux.$p.rc") src=$(cat "$work/starlet.$p.rc")
  masked=$(( $(wc -l <"$work/linux.$p.out") - $(wc -l <"$work/linux.$p.cmp") ))
  if ! diff -u "$work/linux.$p.cmp" "$work/starlet.$p.cmp" >"$work/$p.diff"; then
    echo "FAIL $p: starlet differs from Linux (- Linux, + starlet):"
    cat "$work/$p.diff"
    failures=$((failures + 1))
  elif [ "$lrc" != "$src" ] && ! exit_may_differ "$p"; then
    echo "FAIL $p: exit status Linux $lrc, starlet $src"
    failures=$((failures + 1))
  else
    # A listed difference that no longer shows is stale: the table must say what is true.
    while IFS= read -r pattern; do
      if ! grep -Eq -- "$pattern" "$work/linux.$p.out" && ! grep -Eq -- "$pattern" "$work/starlet.$p.out"; then
        echo "FAIL $p: listed difference /$pattern/ matches nothing any more"
        failures=$((failures + 1))
      fi
    done <"$work/$p.known"
    cases=$(grep -Ec '^(ok|not ok) ' "$work/linux.$p.cmp")
    summary+=("$p: same ($(wc -l <"$work/linux.$p.cmp") lines${cases:+, $cases TAP cases} equal," \
      "$masked listed line(s) differ, exit $lrc/$src)")
  fi
done
printf 'PASS %s\n' "${summary[@]}"
if [ "$failures" -ne 0 ]; then
  echo "---- Linux console ----"; cat "$work/linux.out"
  echo "---- starlet console ----"; cat "$work/starlet.out"
  exit 1
fi
