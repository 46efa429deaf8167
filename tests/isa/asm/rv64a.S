// RV64A: every AMO in .w and .d (results sign-extended), LR/SC success and failure,
// SC to another address, misaligned AMO/LR/SC traps.
#include "isa_test.h"

// Stores `init` at mem, runs `inst rd, rs2=operand, (mem)`, checks the old value in rd and
// the new memory contents.
#define AMO_W(num, inst, init, operand, new_mem)                  \
  la s0, mem; li a1, init; sw a1, 0(s0); li a2, operand;          \
  inst a0, a2, (s0); CHECK(num, a0, (((init) & 0xffffffff) ^ 0x80000000) - 0x80000000); \
  lwu a0, 0(s0); CHECK(num + 100, a0, (new_mem) & 0xffffffff)
#define AMO_D(num, inst, init, operand, new_mem)                  \
  la s0, mem; li a1, init; sd a1, 0(s0); li a2, operand;          \
  inst a0, a2, (s0); CHECK(num, a0, init);                        \
  ld a0, 0(s0); CHECK(num + 100, a0, new_mem)

TEST_BEGIN
  .option norvc
  la s0, mem
  // the upper word next to a .w operand must stay untouched
  li a1, 0x5555555555555555
  sd a1, 0(s0)
  li a2, 1
  amoadd.w a0, a2, (s0)
  ld a0, 0(s0)
  CHECK(1, a0, 0x5555555555555556)

  AMO_W(2, amoswap.w, 0x80000000, 0x12345678, 0x12345678)
  AMO_W(3, amoadd.w, 0xffffffff, 1, 0)
  AMO_W(4, amoadd.w, 0x7fffffff, 1, 0x80000000)
  AMO_W(5, amoxor.w, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0)
  AMO_W(6, amoand.w, 0xff00ff00, 0x0ff00ff0, 0x0f000f00)
  AMO_W(7, amoor.w, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0)
  AMO_W(8, amomin.w, 0x80000000, 0x7fffffff, 0x80000000)
  AMO_W(9, amomin.w, 0x00000005, 0xfffffffffffffffe, 0xfffffffe)
  AMO_W(10, amomax.w, 0x80000000, 0x7fffffff, 0x7fffffff)
  AMO_W(11, amomax.w, 0xfffffffe, 0xffffffffffffffff, 0xffffffff)
  AMO_W(12, amominu.w, 0x80000000, 0x7fffffff, 0x7fffffff)
  AMO_W(13, amominu.w, 0x00000001, 0xffffffff00000000, 0)   // only rs2[31:0] counts
  AMO_W(14, amomaxu.w, 0x80000000, 0x7fffffff, 0x80000000)
  AMO_W(15, amomaxu.w, 0x00000001, 0x00000000ffffffff, 0xffffffff)
  AMO_D(16, amoswap.d, 0x8000000000000000, 0x123456789abcdef0, 0x123456789abcdef0)
  AMO_D(17, amoadd.d, 0xffffffffffffffff, 2, 1)
  AMO_D(18, amoxor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xf0f0f0f0f0f0f0f0)
  AMO_D(19, amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0x0f000f000f000f00)
  AMO_D(20, amoor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xfff0fff0fff0fff0)
  AMO_D(21, amomin.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000)
  AMO_D(22, amomax.d, 0x8000000000000000, 0x7fffffffffffffff, 0x7fffffffffffffff)
  AMO_D(23, amominu.d, 0x8000000000000000, 0x7fffffffffffffff, 0x7fffffffffffffff)
  AMO_D(24, amomaxu.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000)
  AMO_D(25, amoadd.d.aqrl, 40, 2, 42)
  AMO_W(26, amoswap.w.aq, 1, 2, 2)
  AMO_W(27, amoor.w.rl, 1, 2, 3)
  // rd = x0 still performs the operation
  la s0, mem
  sd zero, 0(s0)
  li a2, 9
  amoadd.d zero, a2, (s0)
  ld a0, 0(s0)
  CHECK(28, a0, 9)

  // ---- LR/SC ----
  la s0, mem
  li a1, 0xffffffff80000001
  sd a1, 0(s0)
  lr.w a0, (s0)
  CHECK(29, a0, 0xffffffff80000001)    // lr.w sign-extends
  li a2, 77
  sc.w a3, a2, (s0)
  CHECK(30, a3, 0)                      // success writes 0
  lw a0, 0(s0)
  CHECK(31, a0, 77)
  sc.w a3, a2, (s0)                     // the reservation was consumed
  CHECK(32, a3, 1)
  lr.d a0, (s0)
  li a2, 0x1122334455667788
  sc.d a3, a2, (s0)
  CHECK(33, a3, 0)
  ld a0, 0(s0)
  CHECK(34, a0, 0x1122334455667788)
  // SC without any LR fails and leaves memory alone
  li a2, 5
  sc.d a3, a2, (s0)
  CHECK(35, a3, 1)
  ld a0, 0(s0)
  CHECK(36, a0, 0x1122334455667788)
  // SC to another address than the LR fails
  lr.d a0, (s0)
  addi s1, s0, 8
  sd zero, 0(s1)
  sc.d a3, a2, (s1)
  CHECK(37, a3, 1)
  ld a0, 0(s1)
  CHECK(38, a0, 0)
  // a retry loop as compilers emit it
  sd zero, 0(s0)
  li a4, 10
3:lr.d.aq a0, (s0)
  addi a0, a0, 3
  sc.d.rl a3, a0, (s0)
  bnez a3, 3b
  addi a4, a4, -1
  bnez a4, 3b
  ld a0, 0(s0)
  CHECK(39, a0, 30)

  // ---- misaligned AMO, LR and SC raise misaligned exceptions (no emulation) ----
  addi s1, s0, 2
  EXPECT_TRAP(40, 6, amoadd.w a0, a2, (s1))
  la s1, mem
  addi s1, s1, 2
  EXPECT_TRAP(41, 6, amoswap.d a0, a2, (s1))
  addi s1, s0, 4
  EXPECT_TRAP(42, 6, amoor.d a0, a2, (s1))
  addi s1, s0, 1
  EXPECT_TRAP(43, 4, lr.w a0, (s1))
  addi s1, s0, 4
  EXPECT_TRAP(44, 4, lr.d a0, (s1))
  addi s1, s0, 2
  EXPECT_TRAP(45, 6, sc.w a0, a2, (s1))
  // the trap value is the faulting address
  addi s1, s0, 6
  EXPECT_TRAP(46, 6, amomax.w a0, a2, (s1))
  sub a0, t4, s1
  CHECK(47, a0, 0)
  // an AMO outside RAM is an access fault
  li s1, 0x40000000
  EXPECT_TRAP_TVAL(48, 7, 0x40000000, amoadd.d a0, a2, (s1))

  CHECK_NO_TRAP(49)
  TEST_PASS

  .data
  .align 4
mem: .zero 32
