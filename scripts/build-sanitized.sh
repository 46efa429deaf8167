#!/usr/bin/env bash
# Configures and builds the sanitizer tree, build-asan/ (or $1): clang, AddressSanitizer and
# UndefinedBehaviorSanitizer in every library, the unit tests and the libFuzzer targets. One
# tree serves both, so CI compiles the simulator twice (this and build/), not three times.
# The guest programs and the Linux guest come from build/, so they are left out here. -O1 with
# assertions on (Debug) and line tables (-g1): the sanitizers' usual level with file:line in
# their reports, quicker to compile than -O2 -g.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build-asan}"
if [ ! -f "$build/build.ninja" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS=-O1 -DCMAKE_CXX_FLAGS=-O1 -DCMAKE_C_FLAGS_DEBUG=-g1 \
    -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DRVSCOPE_FUZZ=ON \
    -DRVSCOPE_GUEST=OFF -DRVSCOPE_LINUX=OFF >/dev/null
fi
cmake --build "$build" -j"$(nproc)"
