#!/usr/bin/env bash
# The main job: installs what is missing, builds, boots OpenSBI + starlet in rvscope and runs
# the clone3 reproduction and the corrected clone3 demo with their syscall trace (stderr) and
# an instruction trace of starlet's clone3 path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$root/build"
build="$root/build"
trace="$build/clone3-path.trace"
echo "rvscope: booting OpenSBI + starlet, running /bin/clone3_repro then /bin/clone3_demo" >&2
set +e
"$build/rvscope" run \
  --kernel "$build/guest-kernel/starlet.elf" \
  --initrd "$build/guest-kernel/initramfs.cpio" \
  --append "/bin/clone3_repro ; /bin/clone3_demo" \
  --strace --symbols "$build/guest-kernel/user/clone3_demo" \
  --trace syscall:clone3 --trace-format annotated --trace-output "$trace" \
  --summary </dev/null
status=$?
set -e
# The reproduction fails on purpose (EINVAL, exactly as on Linux); init exits with its status.
echo "rvscope: exit status $status: the reproduction's (clone3: Invalid argument, exit 1, exactly as on Linux)" >&2
echo "rvscope: instruction trace of both clone3 calls through starlet: $trace" >&2
