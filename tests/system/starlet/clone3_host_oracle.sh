#!/bin/bash
# clone3 against the host kernel as the oracle: builds the clone3 rule suite, the corrected
# demo and the reproduction natively with `cc`, runs them on this machine's Linux, boots
# starlet with the same programs (riscv64 builds from the initramfs) and compares:
#   - clone3_rules: case by case (TAP lines), except the cases listed in `host_dependent`
#     below, whose answer depends on the host's privileges and configuration;
#   - clone3_demo and clone3_repro: whole output and exit status.
#
#   clone3_host_oracle.sh KERNEL INITRD USER_SOURCE_DIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
kernel=$1 initrd=$2 src=$(cd "$3" && pwd)
cc=${CC:-cc}

# Cases whose answer legitimately differs; each is printed with "# note" by the suite.
host_dependent=(
  "CLONE_NEWUTS (|starlet has no namespaces and answers like a kernel without CONFIG_UTS_NS (EINVAL); the host answers by privilege"
  "CLONE_NEWPID (|as above, CONFIG_PID_NS"
  "CLONE_NEWUSER (|as above, CONFIG_USER_NS"
  "CLONE_NEWTIME (|as above, CONFIG_TIME_NS"
)
# starlet runs everything as root holding every capability, in the initial pid namespace.
# The cases that need the same on the host are compared when the host gives them; else they
# are listed here with the reason.
cap_eff=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status)
if ! (( (0x${cap_eff:-0} >> 40) & 1 || (0x${cap_eff:-0} >> 21) & 1 )); then
  host_dependent+=(
    "set_tid of a pid in use, as root|the host runs this test without CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN (EPERM)"
    "set_tid of a free pid, as root|as above"
    "set_tid: the child runs with the chosen pid|as above"
  )
fi
if [ "$(sed -n 's/^NSpid:[[:space:]]*//p' /proc/self/status | wc -w)" != 1 ]; then
  host_dependent+=("set_tid_size 2|the host process is in a nested pid namespace, which allows 2 levels")
fi
# Cases that are architecture-specific: none so far (the suite reads the thread pointer in
# an architecture-neutral way: tp on riscv64, ARCH_GET_FS on x86-64).

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for prog in clone3_rules clone3_demo clone3_repro; do
  if ! "$cc" -O2 -Wall -o "$work/$prog" "$src/$prog.c"; then
    echo "clone3_host_oracle: cannot build $prog for the host"
    exit 1
  fi
  (cd "$work" && "./$prog" >"$work/host_$prog.out" 2>&1)
  echo $? >"$work/host_$prog.rc"
done

"$here/boot.sh" "$kernel" "$initrd" "/bin/clone3_rules ; /bin/clone3_demo ; /bin/clone3_repro" 120 |
  tr -d '\r' >"$work/boot.log"
for prog in clone3_rules clone3_demo clone3_repro; do
  awk -v start="[init] run /bin/$prog" -v stop="[init] /bin/$prog: " '
    $0 == start {on = 1; next}
    on && (i = index($0, stop)) > 0 {  # an unterminated last line carries the init line
      if (i > 1) printf "%s", substr($0, 1, i - 1)
      print substr($0, i) > "/dev/stderr"; exit
    }
    on {print}' "$work/boot.log" >"$work/starlet_$prog.out" 2>"$work/starlet_$prog.status"
  sed -n 's/.*: exit \([0-9]*\)$/\1/p' "$work/starlet_$prog.status" >"$work/starlet_$prog.rc"
done

strip_dependent() {
  local file=$1 entry
  cp "$file" "$file.f"
  for entry in "${host_dependent[@]}"; do
    grep -v -F -e "- ${entry%%|*}" "$file.f" >"$file.g" || true
    mv "$file.g" "$file.f"
  done
}

failures=0
strip_dependent "$work/host_clone3_rules.out"
strip_dependent "$work/starlet_clone3_rules.out"
cases=$(grep -c '^ok\|^not ok' "$work/host_clone3_rules.out")
if ! diff -u "$work/host_clone3_rules.out.f" "$work/starlet_clone3_rules.out.f"; then
  echo "FAIL clone3_rules: starlet differs from the host kernel (- host, + starlet)"
  failures=$((failures + 1))
else
  compared=$(grep -c '^ok\|^not ok' "$work/host_clone3_rules.out.f")
  echo "PASS clone3_rules: $compared of $cases cases equal to the host kernel's, ${#host_dependent[@]} host-dependent"
fi
grep ' # note$' "$work/starlet_clone3_rules.out" | sed 's/^/  starlet: /'
for prog in clone3_demo clone3_repro; do
  if ! diff -u "$work/host_$prog.out" "$work/starlet_$prog.out"; then
    echo "FAIL $prog: output differs (- host, + starlet)"
    failures=$((failures + 1))
  elif [ "$(cat "$work/host_$prog.rc")" != "$(cat "$work/starlet_$prog.rc")" ]; then
    echo "FAIL $prog: exit status host=$(cat "$work/host_$prog.rc") starlet=$(cat "$work/starlet_$prog.rc")"
    failures=$((failures + 1))
  else
    echo "PASS $prog: same output and exit status ($(cat "$work/host_$prog.rc")) as on the host"
  fi
done
[ "$failures" -eq 0 ] || exit 1
