# A bare-metal M-mode program for `-bios none -kernel`: a line on the 16550 UART, then the
# SiFive test device's "fail with code 3" (QEMU virt has no HTIF: no tohost symbol here).
.section .text.init
.globl _start
_start:
  li t0, 0x10000000
  la t1, message
1:
  lbu t2, 0(t1)
  beqz t2, 2f
  sb t2, 0(t0)
  addi t1, t1, 1
  j 1b
2:
  li t0, 0x100000
  li t1, (3 << 16) | 0x3333
  sw t1, 0(t0)
3:
  j 3b
.section .rodata
message:
  .asciz "hello from M-mode, no firmware\n"
