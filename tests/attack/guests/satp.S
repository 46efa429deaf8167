// S-mode through hostile translation: satp with a garbage root or mode, page tables whose
// PTEs point at MMIO (as the next table, or as a leaf the code runs from), reserved PTE bit
// patterns, misaligned superpages, and S code at the very top page (0xfffffffffffff000).
#include "hostile.h"

#define PTE(pa, flags) ((((pa) >> 12) << 10) | (flags))
#define V 1
#define RWXAD (2 | 4 | 8 | 64 | 128 | 1)

GUEST_BEGIN
  csrr a0, mhartid
  la s0, root
  // root[2]: RAM identity (1 GiB), so S code in RAM can run unless VARIANT says otherwise.
  li a1, PTE(0x80000000, RWXAD)
  sd a1, 16(s0)
#if VARIANT == 1   // garbage root: PPN far beyond physical memory
  li a2, (8 << 60) | 0xfffffffffff
#elif VARIANT == 2 // root[0]: a 1 GiB leaf over the devices; S jumps to the UART to run it
  li a1, PTE(0, RWXAD)
  sd a1, 0(s0)
  la a2, root
  srli a2, a2, 12
  li a3, (8 << 60)
  or a2, a2, a3
  li s2, 0x10000000
#elif VARIANT == 3 // root[0] -> next-level table at the UART: the walker reads device registers
  li a1, PTE(0x10000000, V)
  sd a1, 0(s0)
  la a2, root
  srli a2, a2, 12
  li a3, (8 << 60)
  or a2, a2, a3
  li s2, 0x1000
#elif VARIANT == 4 // the top page: root[511] -> l1[511] -> l0[511] -> code page
  la a1, l1
  srli a1, a1, 12
  slli a1, a1, 10
  ori a1, a1, V
  li t0, 511 * 8
  add t0, t0, s0
  sd a1, 0(t0)
  la a3, l1
  la a1, l0
  srli a1, a1, 12
  slli a1, a1, 10
  ori a1, a1, V
  li t0, 511 * 8
  add t0, t0, a3
  sd a1, 0(t0)
  la a3, l0
  la a1, top_code
  srli a1, a1, 12
  slli a1, a1, 10
  ori a1, a1, RWXAD
  li t0, 511 * 8
  add t0, t0, a3
  sd a1, 0(t0)
  la a2, root
  srli a2, a2, 12
  li a3, (8 << 60)
  or a2, a2, a3
  li s2, 0xfffffffffffff000
#elif VARIANT == 5 // unsupported modes (Sv48, Sv57, reserved 15) with garbage
  li a2, (9 << 60) | 0x123456789
  csrw satp, a2
  li a2, (10 << 60) | 0x987654321
  csrw satp, a2
  li a2, -1
#else              // reserved encodings: W without R, a misaligned 1 GiB leaf, reserved bits
  li a1, PTE(0, 4 | 8 | 1)
  sd a1, 0(s0)
  li a1, PTE(0x80001000, RWXAD)
  sd a1, 16(s0)
  li a1, PTE(0x40000000, RWXAD) | (0x3ff << 54)
  sd a1, 8(s0)
  la a2, root
  srli a2, a2, 12
  li a3, (8 << 60)
  or a2, a2, a3
  li s2, 0x40000000
#endif
  csrw satp, a2
  csrr a3, satp
  // S mode from M: mepc = s2 (or s_code), MPP = S; every trap comes back to M's handler.
#if VARIANT == 1 || VARIANT == 5
  la s2, s_code
#endif
  csrw mepc, s2
  li a1, (3 << 11)
  csrc mstatus, a1
  li a1, (1 << 11)
  csrs mstatus, a1
  la ra, back
  mret
back:
  csrw satp, zero
  GUEST_END

  .align 2
s_code:
  sfence.vma a0, a1
  ld a1, 0(zero)
  ecall

  .data
  .align 12
root: .space 4096
l1: .space 4096
l0: .space 4096
top_code:
  addi a0, a0, 1
  sd a0, 8(zero)
  ecall
  j top_code
  .align 12
