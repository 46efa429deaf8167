// Drives the virtio-mmio device in slot 7 (0x10008000) with hostile rings: queues at MMIO,
// past RAM or at the top of the address space, descriptors pointing at device registers with
// huge lengths, a descriptor chain that loops, and absurd queue sizes.
#include "hostile.h"

#define VIRTIO 0x10008000
#define REG(off, value) li a1, value; sw a1, off(s0)

GUEST_BEGIN
  csrr a0, mhartid
  bnez a0, done  // one driver
  li s0, VIRTIO
  REG(0x70, 0)  // reset
  REG(0x70, 1)
  REG(0x70, 3)
  REG(0x24, 0)
  REG(0x20, 0xffffffff)  // every feature, known or not
  REG(0x24, 1)
  REG(0x20, 0xffffffff)
  REG(0x70, 11)
  REG(0x30, QUEUE_SEL)
  REG(0x38, QUEUE_NUM)
  la a2, desc
  li a3, DESC_AT
  beqz a3, 1f
  mv a2, a3
1:sw a2, 0x80(s0)
  srli a2, a2, 32
  sw a2, 0x84(s0)
  la a2, avail
  li a3, RING_AT
  beqz a3, 2f
  mv a2, a3
2:sw a2, 0x90(s0)
  srli a2, a2, 32
  sw a2, 0x94(s0)
  la a2, used
  beqz a3, 3f
  mv a2, a3
3:sw a2, 0xa0(s0)
  srli a2, a2, 32
  sw a2, 0xa4(s0)
  REG(0x44, 1)
  REG(0x70, 15)
  // descriptor 0: BUF_ADDR, BUF_LEN, flags, next
  la a2, desc
  li a1, BUF_ADDR
  sd a1, 0(a2)
  li a1, BUF_LEN
  sw a1, 8(a2)
  li a1, DESC_FLAGS
  sh a1, 12(a2)
  sh zero, 14(a2)
  la a2, avail
  sh zero, 0(a2)
  sh zero, 4(a2)
  li a1, 1
  sh a1, 2(a2)
  fence
  li s1, 50
4:sw zero, 0x50(s0)  // notify, again and again
  lw a1, 0x60(s0)
  sw a1, 0x64(s0)
  addi s1, s1, -1
  bnez s1, 4b
  REG(0x70, 0)
done:
  GUEST_END
  .data
  .align 12
desc: .space 4096
avail: .space 4096
used: .space 4096
