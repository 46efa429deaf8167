#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the unit, ISA, system and gdb tests
# on the optimised build, then the unit tests again under AddressSanitizer and UBSan, then
# each libFuzzer target for 30 s (scripts/fuzz.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$root/build"
status=0
ctest --test-dir "$root/build" --output-on-failure -j2 --timeout 300 || status=1
# The sanitizer build covers the simulator's own code; guest programs come from build/.
"$root/scripts/build.sh" "$root/build-asan" -DRVSCOPE_SANITIZE=ON -DRVSCOPE_GUEST=OFF -DRVSCOPE_LINUX=OFF \
  -DCMAKE_BUILD_TYPE=Debug
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$root/build-asan" --output-on-failure -j2 --timeout 600 -L unit || status=1
"$root/scripts/fuzz.sh" 30 || status=1
exit $status
