#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the unit, ISA, system and gdb tests
# on the optimised build, then the unit tests again under AddressSanitizer and UBSan (clang),
# then each libFuzzer target of that same tree for 30 s (scripts/fuzz.sh). With
# RVSCOPE_ATTACK=full, also the full attack re-run of tests/attack/ under ASan+UBSan (it takes
# longer than CI's budget; CTest runs a sample of it as the test `attack`).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# Each step's wall time goes to stderr, so a CI log shows where the minutes went.
step() {
  local name=$1 start=$SECONDS rc=0
  shift
  "$@" || rc=$?
  echo "test.sh: $name took $((SECONDS - start)) s (exit $rc)" >&2
  return $rc
}
step install-deps "$root/scripts/install-deps.sh"
step build "$root/scripts/build.sh" "$root/build"
status=0
step ctest ctest --test-dir "$root/build" --output-on-failure -j2 --timeout 300 || status=1
# The sanitizer tree (clang, ASan+UBSan, libFuzzer targets) covers the simulator's own code;
# guest programs come from build/.
step build-sanitized "$root/scripts/build-sanitized.sh" "$root/build-asan"
step ctest-sanitized env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$root/build-asan" --output-on-failure -j2 --timeout 600 -L unit || status=1
step fuzz env RVSCOPE_FUZZ_BUILD="$root/build-asan" "$root/scripts/fuzz.sh" 30 || status=1
if [ "${RVSCOPE_ATTACK:-}" = full ]; then
  step attack-sanitized python3 "$root/tests/attack/attack.py" --rvscope "$root/build-asan/rvscope" \
    --build "$root/build" --out "$root/build-asan/attack-failures" --timeout 120 || status=1
fi
echo "test.sh: all steps took $SECONDS s" >&2
exit $status
