#!/bin/sh
# `starlet-run ./prog ARGS`: the program's output comes back and its exit status is ours.
#   check_run_guest.sh BUILD_DIR (the top-level build directory)
set -u
run="$(dirname "$0")/../../../guest-kernel/tools/starlet-run"
user=$1/guest-kernel/user
out=$("$run" --build "$1" "$user/hello" one two)
rc=$?
echo "$out"
echo "$out" | grep -q '^argc=3 argv\[1\]=one argv\[2\]=two$' || { echo "FAIL: arguments"; exit 1; }
[ "$rc" -eq 0 ] || { echo "FAIL: hello exit status $rc"; exit 1; }
out=$("$run" --build "$1" "$user/clone3_repro")
rc=$?
echo "$out"
[ "$rc" -eq 1 ] || { echo "FAIL: clone3_repro exit status $rc, want 1"; exit 1; }
"$run" --build "$1" "$user/forkexec" >/dev/null
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL: forkexec exit status $rc"; exit 1; }
echo "check_run_guest: PASS"
