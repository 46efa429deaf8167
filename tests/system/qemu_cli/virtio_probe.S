# A bare-metal M-mode program for `-bios none`: prints the virtio-mmio DeviceID of each of
# QEMU virt's eight slots (0 none, 2 block, 4 entropy), so that the console shows where
# -device put each device, then ends through the SiFive test device (pass).
.section .text.init
.globl _start
_start:
  li s0, 0x10000000          # UART
  li s1, 0x10001000          # virtio-mmio slot 0
  li s2, 0                   # slot number
  li s3, 8
1:
  la a0, slot_text
  call puts
  addi a0, s2, '0'
  sb a0, 0(s0)
  li a0, ':'
  sb a0, 0(s0)
  li a0, ' '
  sb a0, 0(s0)
  lw a0, 0(s1)               # MagicValue "virt"
  li t0, 0x74726976
  bne a0, t0, 2f
  lw a0, 8(s1)               # DeviceID
  addi a0, a0, '0'
  sb a0, 0(s0)
  j 3f
2:
  li a0, '-'
  sb a0, 0(s0)
3:
  li a0, '\n'
  sb a0, 0(s0)
  li t0, 0x1000
  add s1, s1, t0
  addi s2, s2, 1
  blt s2, s3, 1b
  li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
4:
  j 4b

puts:
  lbu t0, 0(a0)
  beqz t0, 5f
  sb t0, 0(s0)
  addi a0, a0, 1
  j puts
5:
  ret

.section .rodata
slot_text:
  .asciz "virtio slot "
