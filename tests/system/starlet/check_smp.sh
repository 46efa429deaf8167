#!/bin/sh
# starlet on 1, 2 and 4 harts: user/smp (sched_getcpu across busy threads, affinity, getcpu,
# a token passed between two pinned threads) passes and sees as many CPUs as the machine has,
# and user/threads' 8-thread mutex stress gives the exact total.
#   check_smp.sh KERNEL INITRD   (the runner: $STARLET_RUNNER, as boot.sh)
set -u
here=$(dirname "$0")
log=$(mktemp)
trap 'rm -f "$log" "$log.raw"' EXIT
failed=0
for harts in 1 2 4; do
  STARLET_HARTS=$harts "$here/boot.sh" "$1" "$2" "/bin/smp ; /bin/threads" 300 >"$log.raw"
  rc=$?
  tr -d '\r' <"$log.raw" >"$log"
  problems=""
  grep -qx "# cpus $harts" "$log" || problems="$problems; smp did not see $harts CPUs"
  grep -qx '\[init\] /bin/smp: exit 0' "$log" || problems="$problems; smp failed"
  grep -qx 'counter = 80000 (expected 80000)' "$log" || problems="$problems; mutex total wrong"
  grep -qx '\[init\] /bin/threads: exit 0' "$log" || problems="$problems; threads failed"
  [ "$rc" -eq 0 ] || problems="$problems; machine exit code $rc"
  if [ -n "$problems" ]; then
    echo "check_smp: FAIL on $harts hart(s)${problems}"
    cat "$log"
    failed=1
  else
    echo "check_smp: $harts hart(s): smp $(grep -c '^ok ' "$log") cases ok, mutex total exact"
  fi
done
[ "$failed" -eq 0 ] && echo "check_smp: PASS"
exit $failed
