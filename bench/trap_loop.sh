#!/bin/sh
# A trap-heavy case beside QEMU TCG: bench/syscall_loop.c (a static riscv64 glibc program
# making CALLS calls of SYSCALL through syscall(), so every call is an ecall to S-mode and an
# sret back) under starlet and under the Linux 6.1 guest, each on rvscope and on
# qemu-system-riscv64 -machine virt (Debian's QEMU 7.2, TCG), from the same OpenSBI fw_jump,
# kernel, initramfs and command line, 1 hart, 128 MiB.
# Runs rvscope and QEMU interleaved, RUNS times each per variant, and prints the medians of
# calls per CPU second (CALLS / user + system of the whole process, from /usr/bin/time), CPU
# and wall seconds, and the ratio rvscope/QEMU of the rates. Nothing is subtracted: the
# firmware and kernel boot (and, on Linux, /init's mounts and its hello) are included in
# every run; CALLS is chosen so that the loop takes most of rvscope's run (docs/speed.md).
# rvscope's instruction count is its --summary figure. Every run must exit 0 and print the
# program's line, "syscall_loop: CALLS calls of SYSCALL, checksum 0x...", identical on both
# simulators and in every run of a variant. umask touches no user memory; getcpu stores its
# two results through the kernel's user-access path (sstatus.SUM set and cleared around the
# stores, which QEMU 7.2 answers with a TLB flush), so the two bracket a kernel's cheap calls.
# Usage: bench/trap_loop.sh [BUILD_DIR] [RUNS] [VARIANT...]   (default: build 3 starlet linux)
# Environment: CALLS (default 5000000); SYSCALL (umask, getcpu or getppid; default umask);
# RVSCOPE_OPTIONS, extra words for `rvscope run`
# (e.g. RVSCOPE_OPTIONS="--set run.jit=false" for the interpreter alone); QEMU.
set -e
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
runs=${2:-3}
# shellcheck disable=SC2015 # shift 2 cannot fail here
[ $# -gt 2 ] && shift 2 || set --
variants=${*:-starlet linux}
calls=${CALLS:-5000000}
syscall=${SYSCALL:-umask}
qemu=${QEMU:-qemu-system-riscv64}
cc=${RISCV_LINUX_GCC:-riscv64-linux-gnu-gcc}
firmware=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf
starlet=$build/guest-kernel
linux=$build/guest-linux
# QEMU's hart as close to rvscope's as QEMU 7.2 allows (tests/system/compare_qemu.sh): no H,
# no Sstc (timer interrupts go through OpenSBI's M-mode path on both), no hpm counters, no
# Zihintpause or Zb*.
qemu_cpu=rv64,h=false,sstc=false,pmu-num=0,Zihintpause=false,zba=false,zbb=false,zbc=false,zbs=false
command -v "$qemu" >/dev/null || { echo "trap_loop: $qemu not found" >&2; exit 1; }
command -v "$cc" >/dev/null || { echo "trap_loop: $cc not found" >&2; exit 1; }
for f in "$build/rvscope" "$starlet/starlet.elf" "$starlet/initramfs.cpio" "$starlet/starlet_mkcpio" \
  "$linux/Image" "$linux/initramfs.cpio" "$firmware"; do
  [ -f "$f" ] || { echo "trap_loop: $f missing (cmake --build $build --target rvscope starlet linux_guest)" >&2; exit 1; }
done
case $calls in
  '' | *[!0-9]*) echo "trap_loop: CALLS must be a number, not '$calls'" >&2; exit 1 ;;
esac
case $syscall in
  umask | getcpu | getppid) ;;
  *) echo "trap_loop: SYSCALL must be umask, getcpu or getppid, not '$syscall'" >&2; exit 1 ;;
esac
for variant in $variants; do
  case $variant in
    starlet | linux) ;;
    *) echo "trap_loop: unknown variant '$variant' (starlet, linux)" >&2; exit 1 ;;
  esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# The program, built into the build tree, and the two initramfs images that hold it as
# /bin/syscall_loop: starlet's demo initramfs with it added, the Linux guest's with a second
# archive appended (Linux unpacks concatenated archives in order).
mkdir -p "$build/bench"
prog=$build/bench/syscall_loop
"$cc" -static -O2 -Wall -Wextra -Werror -o "$tmp/syscall_loop" "$src/bench/syscall_loop.c"
mv "$tmp/syscall_loop" "$prog"
"$starlet/starlet_mkcpio" "$tmp/starlet.cpio" --base "$starlet/initramfs.cpio" \
  "/bin/syscall_loop=$prog" >/dev/null
"$starlet/starlet_mkcpio" "$tmp/extra.cpio" "/bin/syscall_loop=$prog" >/dev/null
cat "$linux/initramfs.cpio" "$tmp/extra.cpio" >"$tmp/linux.cpio"

# run_one NAME COMMAND...: runs COMMAND under /usr/bin/time with the console in
# $tmp/NAME.out (carriage returns dropped) and stderr in $tmp/NAME.err; appends calls per
# CPU second, CPU seconds and wall seconds to $tmp/NAME.{rate,cpu,wall}; checks the exit
# status and the program's line, which must equal the first one this variant printed.
run_one() {
  name=$1
  shift
  status=0
  /usr/bin/time -f '%U %S %e' -o "$tmp/time" timeout 600 "$@" </dev/null >"$tmp/raw" \
    2>"$tmp/$name.err" || status=$?
  tr -d '\r' <"$tmp/raw" >"$tmp/$name.out"
  line=$(grep "^syscall_loop: $calls calls of $syscall, " "$tmp/$name.out" || true)
  if [ "$status" -ne 0 ] || [ -z "$line" ]; then
    echo "trap_loop: $variant on $name failed (exit status $status, program line '${line}')" >&2
    echo "---- console (last 15 lines) ----" >&2; tail -15 "$tmp/$name.out" >&2
    echo "---- stderr (last 15 lines) ----" >&2; tail -15 "$tmp/$name.err" >&2
    exit 1
  fi
  if [ ! -s "$tmp/expected" ]; then
    echo "$line" >"$tmp/expected"
  elif [ "$line" != "$(cat "$tmp/expected")" ]; then
    echo "trap_loop: $variant printed different lines:" >&2
    echo "  first run: $(cat "$tmp/expected")" >&2
    echo "  $name: $line" >&2
    exit 1
  fi
  awk -v n="$calls" '{printf "%.0f\n", n / ($1 + $2)}' "$tmp/time" >>"$tmp/$name.rate"
  awk '{printf "%.2f\n", $1 + $2}' "$tmp/time" >>"$tmp/$name.cpu"
  awk '{print $3}' "$tmp/time" >>"$tmp/$name.wall"
}

echo "trap_loop: $calls calls of $syscall per run, $runs runs each, interleaved${RVSCOPE_OPTIONS:+; rvscope options: $RVSCOPE_OPTIONS}"
printf '%-8s %12s %12s %6s %7s %7s %8s %8s %12s %5s\n' variant rvscope/s qemu/s ratio \
  r_cpu_s q_cpu_s r_wall_s q_wall_s rv_insns MIPS
for variant in $variants; do
  case $variant in
    starlet)
      kernel=$starlet/starlet.elf initrd=$tmp/starlet.cpio
      append="/bin/syscall_loop $calls $syscall"
      reboot= ;;
    linux)
      kernel=$linux/Image initrd=$tmp/linux.cpio
      append="console=ttyS0 no4lvl panic=-1 cmd=\"/bin/syscall_loop $calls $syscall\""
      reboot=-no-reboot ;;
  esac
  : >"$tmp/expected"; : >"$tmp/insns"
  for sim in rvscope qemu; do : >"$tmp/$sim.rate"; : >"$tmp/$sim.cpu"; : >"$tmp/$sim.wall"; done
  i=0
  while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    # shellcheck disable=SC2086 # RVSCOPE_OPTIONS is a list of words
    run_one rvscope "$build/rvscope" run --summary --firmware "$firmware" --kernel "$kernel" \
      --initrd "$initrd" --append "$append" --set machine.harts=1 --set console.input=none \
      ${RVSCOPE_OPTIONS:-}
    # "rvscope: N instructions, M MIPS (C s CPU, W s wall), simulated time ..."
    sed -n 's/^rvscope: \([0-9]*\) instructions.*/\1/p' "$tmp/rvscope.err" >>"$tmp/insns"
    # shellcheck disable=SC2086 # $reboot is empty or one word
    run_one qemu "$qemu" -machine virt $reboot -cpu "$qemu_cpu" -m 128M -smp 1 -display none \
      -serial stdio -monitor none -bios "$firmware" -kernel "$kernel" -initrd "$initrd" \
      -append "$append"
  done
  r=$(median <"$tmp/rvscope.rate")
  q=$(median <"$tmp/qemu.rate")
  insns=$(median <"$tmp/insns")
  rcpu=$(median <"$tmp/rvscope.cpu")
  printf '%-8s %12s %12s %6s %7s %7s %8s %8s %12s %5s\n' "$variant" "$r" "$q" \
    "$(echo "$r $q" | awk '{printf "%.2f", $1 / $2}')" "$rcpu" "$(median <"$tmp/qemu.cpu")" \
    "$(median <"$tmp/rvscope.wall")" "$(median <"$tmp/qemu.wall")" "$insns" \
    "$(echo "$insns $rcpu" | awk '{printf "%.0f", $1 / $2 / 1e6}')"
  echo "  runs (calls/s) rvscope: $(tr '\n' ' ' <"$tmp/rvscope.rate") qemu: $(tr '\n' ' ' <"$tmp/qemu.rate")"
  echo "  $(cat "$tmp/expected")"
done
