// Sv39 from S-mode: page faults of each access type with stval/mtval = the address, R/W/X/U
// permissions with MXR and SUM, A/D updates, sfence.vma after a remap, a page-crossing load
// faulting on its second page. M-mode builds the tables; code runs identity-mapped (1 GiB).
#include "isa_test.h"

#define PTE_V 1
#define PTE_R 2
#define PTE_W 4
#define PTE_X 8
#define PTE_U 16
#define PTE_A 64
#define PTE_D 128
#define SATP_SV39 (8 << 60)
#define VA 0x40000000

// *(table + index * 8) = ((pa >> 12) << 10) | flags
#define SET_PTE(table, index, pa, flags) \
  la a0, table; li a1, pa; srli a1, a1, 12; slli a1, a1, 10; ori a1, a1, flags; sd a1, (index * 8)(a0)
#define SET_PTE_SYM(table, index, sym, flags) \
  la a0, table; la a1, sym; srli a1, a1, 12; slli a1, a1, 10; ori a1, a1, flags; sd a1, (index * 8)(a0)

TEST_BEGIN
  .option norvc
  // root[2]: 1 GiB identity leaf over RAM (S may run there); root[1] -> l1 -> l0 for VA
  SET_PTE(root, 2, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
  SET_PTE_SYM(root, 1, l1, PTE_V)
  SET_PTE_SYM(l1, 0, l0, PTE_V)
  SET_PTE_SYM(l0, 0, page_r, PTE_V | PTE_R | PTE_A)                  // VA+0x0000: R
  SET_PTE_SYM(l0, 1, page_rw, PTE_V | PTE_R | PTE_W)                 // VA+0x1000: RW, A=D=0
  // VA+0x2000: invalid (zero)
  SET_PTE_SYM(l0, 3, page_x, PTE_V | PTE_X | PTE_A)                  // VA+0x3000: X only
  SET_PTE_SYM(l0, 4, page_u, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)  // VA+0x4000: U
  SET_PTE_SYM(l0, 5, page_r2, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D) // VA+0x5000: RW
  la a0, root
  srli a0, a0, 12
  li a1, SATP_SV39
  or a0, a0, a1
  csrw satp, a0
  sfence.vma
  // M-mode with MPRV: data accesses are translated with MPP's privilege, fetches are not
  li s0, VA
  li a1, (3 << 11)
  csrc mstatus, a1
  li a1, (1 << 11) | (1 << 17)                                       // MPP = S, MPRV
  csrs mstatus, a1
  ld a0, 0(s0)
  li a1, (1 << 17)
  csrc mstatus, a1
  CHECK(30, a0, 0x1111111111111111)
  li a1, (3 << 11)
  csrc mstatus, a1                                                   // MPP = U
  li a1, (1 << 17)
  csrs mstatus, a1
  EXPECT_TRAP_TVAL(31, 13, VA, ld a0, 0(s0))                         // not a U page
  li a1, (1 << 17)
  csrc mstatus, a1
  // a 4-byte instruction at the end of the X page whose second half is on the U page
  la a0, page_u                                                      // page_x is right before it
  li a1, 0x0513                                                      // addi a0, zero, 1 ...
  sh a1, -2(a0)
  li a1, 0x0010
  sh a1, 0(a0)
  fence.i
  // enter S-mode at s_start
  la a0, s_start
  csrw mepc, a0
  li a1, (3 << 11)
  csrc mstatus, a1
  li a1, (1 << 11)
  csrs mstatus, a1
  mret

s_start:
  li s0, VA
  ld a0, 0(s0)
  CHECK(1, a0, 0x1111111111111111)
  EXPECT_TRAP_TVAL(2, 15, VA + 8, sd a0, 8(s0))                     // read-only: store fault
  li s1, VA + 0x2000
  EXPECT_TRAP_TVAL(3, 13, VA + 0x2010, ld a0, 16(s1))               // invalid: load fault
  EXPECT_TRAP_TVAL(4, 15, VA + 0x2000, amoadd.d a0, a0, (s1))       // AMO: store fault
  // fetch from the invalid page: instruction page fault, mtval = target (recorder returns to ra)
  li gp, 5
  li t3, NO_TRAP
  la ra, 1f
  jr s1
1:li t6, 12
  bne t3, t6, test_fail
  bne t4, s1, test_fail
  li t3, NO_TRAP
  // fetch straddling from the X page into the U page: fault on the second half
  li gp, 19
  li t3, NO_TRAP
  li s1, VA + 0x3ffe
  la ra, 1f
  jr s1
1:li t6, 12
  bne t3, t6, test_fail
  li gp, 20
  li t6, VA + 0x4000                                                 // the part that faulted
  bne t4, t6, test_fail
  li t3, NO_TRAP
  // X-only page: no loads, unless MXR; fetch works
  li s1, VA + 0x3000
  EXPECT_TRAP_TVAL(6, 13, VA + 0x3000, ld a0, 0(s1))
  li a1, (1 << 19)
  csrs sstatus, a1                                                   // MXR
  ld a0, 0(s1)
  CHECK(7, a0, 0x0000806700a00513)                                   // li a0,10; ret
  csrc sstatus, a1
  li a0, 0
  jalr ra, 0(s1)                                                     // executes li a0, 10; ret
  CHECK(8, a0, 10)
  // RW page with A = D = 0: the walker sets A on a load and D on a store
  li s1, VA + 0x1000
  ld a0, 0(s1)
  la a2, l0
  ld a3, 8(a2)
  andi a3, a3, PTE_A | PTE_D
  CHECK(9, a3, PTE_A)
  li a0, 55
  sd a0, 0(s1)
  ld a3, 8(a2)
  andi a3, a3, PTE_A | PTE_D
  CHECK(10, a3, PTE_A | PTE_D)
  la a4, page_rw
  ld a0, 0(a4)                                                       // through the identity map
  CHECK(11, a0, 55)
  // U page from S: only with SUM, and never executable
  li s1, VA + 0x4000
  EXPECT_TRAP(12, 13, ld a0, 0(s1))
  EXPECT_TRAP(13, 15, sd a0, 0(s1))
  li a1, (1 << 18)
  csrs sstatus, a1                                                   // SUM
  ld a0, 0(s1)
  CHECK(14, a0, 0x4444444444440010)                                  // its first half-word was code
  sd a0, 8(s1)
  csrc sstatus, a1
  // a load crossing from a mapped page into the invalid one faults, memory unchanged
  li s1, VA + 0x1ffc
  EXPECT_TRAP(15, 13, ld a0, 0(s1))
  EXPECT_TRAP(16, 15, sd a0, 0(s1))
  // remap VA+0x0000 to page_r2; after sfence.vma the new mapping is used
  ld a0, 0(s0)                                                       // cache the old one
  la a0, l0
  la a1, page_r2
  srli a1, a1, 12
  slli a1, a1, 10
  ori a1, a1, PTE_V | PTE_R | PTE_A
  sd a1, 0(a0)
  sfence.vma
  ld a0, 0(s0)
  CHECK(17, a0, 0x2222222222222222)
  CHECK_NO_TRAP(18)
  TEST_PASS

  .data
  .align 12
root: .zero 4096
l1: .zero 4096
l0: .zero 4096
page_r:
  .rept 512
  .dword 0x1111111111111111
  .endr
page_rw: .zero 4096
page_x:
  li a0, 10
  ret
  .align 12
page_u:
  .rept 512
  .dword 0x4444444444444444
  .endr
page_r2:
  .rept 512
  .dword 0x2222222222222222
  .endr
