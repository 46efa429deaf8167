#!/bin/sh
# Boots OpenSBI + starlet on a "system runner" and prints the console; exits with the
# machine's exit code (starlet powers off through the SiFive test device with init's status).
#
#   boot.sh KERNEL INITRD "BOOTARGS" [TIMEOUT_SECONDS]
#
# The runner is a command template in $STARLET_RUNNER with the placeholders {fw}, {kernel},
# {initrd}, {bootargs} and {harts} ($STARLET_HARTS, default 1); the default is QEMU 7.2 virt.
# For rvscope, e.g.:
#   STARLET_RUNNER='build/rvscope run --firmware {fw} --kernel {kernel} --initrd {initrd} --set boot.bootargs={bootargs} --set machine.harts={harts}'
set -u
kernel=$1
initrd=$2
bootargs=${3:-}
limit=${4:-60}
fw=${STARLET_FIRMWARE:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf}
harts=${STARLET_HARTS:-1}
template=${STARLET_RUNNER:-'qemu-system-riscv64 -machine virt -nographic -m 128M -smp {harts} -bios {fw} -kernel {kernel} -initrd {initrd} -append {bootargs}'}

# Build the argument list word by word so that bootargs (with spaces) stays one argument.
set --
for word in $template; do
  case $word in
    *{fw}*) word=$(printf '%s' "$word" | sed "s|{fw}|$fw|") ;;
  esac
  case $word in
    *{kernel}*) word=$(printf '%s' "$word" | sed "s|{kernel}|$kernel|") ;;
  esac
  case $word in
    *{initrd}*) word=$(printf '%s' "$word" | sed "s|{initrd}|$initrd|") ;;
  esac
  case $word in
    *{harts}*) word=$(printf '%s' "$word" | sed "s|{harts}|$harts|") ;;
  esac
  case $word in
    *{bootargs}*)
      prefix=${word%%\{bootargs\}*}
      suffix=${word#*\{bootargs\}}
      word="$prefix$bootargs$suffix"
      ;;
  esac
  set -- "$@" "$word"
done
# The console's input: $STARLET_INPUT (a file) if set, else nothing.
timeout "$limit" "$@" <"${STARLET_INPUT:-/dev/null}"
