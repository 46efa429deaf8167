// Linux user-mode entry for the qemu-riscv64 variant: call main through the shared runtime.
  .text
  .globl _start
_start:
  andi sp, sp, -16
  call rt_main
