#!/bin/sh
# Smoke test: the benchmark at a tiny iteration count prints the same checksum on rvscope as
# the Linux build does on qemu-riscv64. Usage: smoke.sh RVSCOPE QEMU ELF LINUX_ELF
want=$("$2" "$4") || { echo "qemu-riscv64 run failed: $want"; exit 1; }
got=$("$1" run "$3") || { echo "rvscope run failed (status $?): $got"; exit 1; }
if [ "$got" != "$want" ]; then
  echo "checksum differs: rvscope '$got', qemu-riscv64 '$want'"
  exit 1
fi
echo "$got (same on qemu-riscv64)"
