// Traps: illegal instructions (mtval = the bits), ecall/ebreak from M, access faults outside
// RAM (mtval = address), fetch faults, xRET privilege checks, a machine software interrupt.
#include "isa_test.h"

#define CLINT_MSIP 0x2000000

TEST_BEGIN
  .option norvc
  EXPECT_TRAP_TVAL(1, 2, 0xfe000033, .word 0xfe000033)   // OP with funct7 0x7f
  EXPECT_TRAP_TVAL(2, 2, 0x0000000b, .word 0x0000000b)   // custom-0
  EXPECT_TRAP_TVAL(3, 2, 0x0000707f, .word 0x0000707f)
  EXPECT_TRAP_TVAL(4, 2, 0xffffffff, .word 0xffffffff)
  EXPECT_TRAP_TVAL(5, 2, 0x00001073 | (0x7c0 << 20), .word 0x00001073 | (0x7c0 << 20))  // csrrw x0, 0x7c0, x0
  EXPECT_TRAP(6, 2, .word 0x12000073 | (1 << 7))          // sfence.vma with rd != 0
  EXPECT_TRAP_TVAL(7, 11, 0, ecall)
  // mepc of an ecall is the ecall itself
  li t3, NO_TRAP
1:ecall
  la a1, 1b
  csrr a0, mepc
  sub a0, a0, a1
  CHECK(8, a0, 4)                      // the recorder advanced mepc past it
  li t3, NO_TRAP
  la a2, 2f
2:ebreak
  li gp, 9
  li t6, 3
  bne t3, t6, test_fail
  bne t4, a2, test_fail                                  // mtval = pc of the ebreak
  li t3, NO_TRAP

  // ---- access faults outside RAM and devices ----
  li s0, 0x40000000
  EXPECT_TRAP_TVAL(10, 5, 0x40000000, ld a0, 0(s0))
  EXPECT_TRAP_TVAL(11, 5, 0x40000010, lw a0, 16(s0))
  EXPECT_TRAP_TVAL(12, 7, 0x40000008, sd a0, 8(s0))
  EXPECT_TRAP_TVAL(13, 7, 0x40000001, sb a0, 1(s0))
  EXPECT_TRAP_TVAL(14, 5, 0x40000000, flw fa0, 0(s0))
  li s0, 0
  EXPECT_TRAP_TVAL(15, 5, 0x8, ld a0, 8(s0))
  // a faulting load leaves rd alone
  li a0, 1234
  li s0, 0x40000000
  EXPECT_TRAP(16, 5, ld a0, 0(s0))
  CHECK(17, a0, 1234)

  // ---- instruction fetch outside RAM: access fault, mepc = mtval = the target ----
  la t5, fetch_fault_handler
  csrw mtvec, t5
  la ra, 3f
  li a1, 0x40000000
  li t3, NO_TRAP
  jr a1
3:li gp, 18
  li t6, 1
  bne t3, t6, test_fail
  bne t4, a1, test_fail
  li t3, NO_TRAP
  la t5, trap_recorder
  csrw mtvec, t5

  // ---- mtvec: mode bits; vectored mode sends exceptions to the base ----
  la t5, trap_recorder
  ori t5, t5, 1
  csrw mtvec, t5
  EXPECT_TRAP(19, 2, .word 0)
  csrr a0, mtvec
  andi a0, a0, 3
  CHECK(20, a0, 1)
  li a1, 3
  csrw mtvec, a1                       // mode 3 is reserved: ignored (WARL)
  csrr a0, mtvec
  andi a0, a0, 3
  li gp, 21
  li t6, 2
  bgeu a0, t6, test_fail
  la t5, trap_recorder
  csrw mtvec, t5

  // ---- mret: MIE = MPIE, MPIE = 1, MPP = U (the least privileged mode) ----
  li a1, 8
  csrs mstatus, a1                     // MIE = 1 (nothing pending, mie = 0)
  EXPECT_TRAP(22, 11, ecall)
  csrr a0, mstatus
  li a1, (3 << 11) | (1 << 7) | (1 << 3)
  and a0, a0, a1
  CHECK(23, a0, (1 << 7) | (1 << 3))
  li a1, 8
  csrc mstatus, a1

  // ---- machine software interrupt through the CLINT ----
  la t5, irq_handler
  csrw mtvec, t5
  li a1, 8
  csrw mie, a1                         // MSIE
  li s0, CLINT_MSIP
  li a1, 1
  li s1, 0
  sw a1, 0(s0)                         // pending, but mstatus.MIE = 0: not taken
  nop
  CHECK(24, s1, 0)
  csrsi mstatus, 8                     // now taken
  nop
  nop
  csrci mstatus, 8
  CHECK(25, s1, 1)
  csrr a0, mcause
  CHECK(26, a0, 0x8000000000000003)
  csrw mie, zero
  la t5, trap_recorder
  csrw mtvec, t5

  // ---- xRET from a lower privilege: illegal ----
  la a0, 4f
  csrw mepc, a0
  li a1, (3 << 11)
  csrc mstatus, a1                      // MPP = U
  la t5, user_handler
  csrw mtvec, t5
  mret
4:mret                                  // U: illegal
  sret                                  // U: illegal
  wfi                                   // U: illegal (S-mode exists)
  ecall
5:CHECK(27, s2, 3)                      // three illegal instructions counted
  la t5, trap_recorder
  csrw mtvec, t5
  li t3, NO_TRAP
  CHECK_NO_TRAP(28)
  TEST_PASS

fetch_fault_handler:
  csrr t3, mcause
  csrr t4, mtval
  csrw mepc, ra
  mret

irq_handler:
  li s0, CLINT_MSIP
  sw zero, 0(s0)
  addi s1, s1, 1
  mret

// Counts illegal instructions from U in s2 and skips them; an ecall returns to M at 5b.
user_handler:
  csrr t3, mcause
  li t5, 2
  bne t3, t5, 1f
  addi s2, s2, 1
  csrr t5, mepc
  addi t5, t5, 4
  csrw mepc, t5
  mret
1:la t5, 5b
  csrw mepc, t5
  li t5, (3 << 11)
  csrs mstatus, t5
  mret
