// RV64I: every instruction, W-form sign extension, shift amounts, x0, branches, jalr lsb.
#include "isa_test.h"

TEST_BEGIN
  .option norvc

  // ---- register-immediate ----
  TEST_RI(1, addi, 0x0000000000000000, 0, 0)
  TEST_RI(2, addi, 0xffffffffffffffff, 0, -1)
  TEST_RI(3, addi, 0x8000000000000000, 0x7fffffffffffffff, 1)
  TEST_RI(4, addi, 0x00000000000007ff, 0, 2047)
  TEST_RI(5, addi, 0xfffffffffffff800, 0, -2048)
  TEST_RI(6, slti, 1, -1, 0)
  TEST_RI(7, slti, 0, 0, -1)
  TEST_RI(8, sltiu, 1, 0, -1)           // the immediate is sign-extended, then unsigned
  TEST_RI(9, sltiu, 0, -1, 5)
  TEST_RI(10, xori, 0xffffffffff00ffff, 0x0000000000ff00ff, -256)
  TEST_RI(11, ori, 0xfffffffffffff80f, 0x000000000000000f, -2048)
  TEST_RI(12, andi, 0x00000000000007f0, 0xff00ff00ff00fff0, 0x7f0)
  TEST_RI(13, andi, 0xff00ff00ff00f800, 0xff00ff00ff00ff00, -2048)
  TEST_RI(14, slli, 0x8000000000000000, 1, 63)
  TEST_RI(15, slli, 0x0000000100000000, 1, 32)
  TEST_RI(16, srli, 0x0000000000000001, 0x8000000000000000, 63)
  TEST_RI(17, srli, 0x00000000ffffffff, 0xffffffffffffffff, 32)
  TEST_RI(18, srai, 0xffffffffffffffff, 0x8000000000000000, 63)
  TEST_RI(19, srai, 0xffffffff80000000, 0x8000000000000000, 32)
  TEST_RI(20, srai, 0x3fffffffffffffff, 0x7fffffffffffffff, 1)

  // ---- register-register ----
  TEST_RR(21, add, 0x0000000000000000, 0x8000000000000000, 0x8000000000000000)
  TEST_RR(22, add, 0xffffffff00000000, 0x7fffffff80000000, 0x7fffffff80000000)
  TEST_RR(23, sub, 0x8000000000000000, 0x0000000000000000, 0x8000000000000000)
  TEST_RR(24, sub, 0xffffffffffffffff, 0, 1)
  TEST_RR(25, sll, 0x8000000000000000, 1, 63)
  TEST_RR(26, sll, 0x0000000000000002, 1, 65)   // only rs2[5:0] counts
  TEST_RR(27, sll, 0x0000000000000001, 1, 0xffffffffffffffc0)
  TEST_RR(28, slt, 1, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_RR(29, slt, 0, 5, 5)
  TEST_RR(30, sltu, 0, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_RR(31, sltu, 1, 0, 1)
  TEST_RR(32, xor, 0xf00ff00ff00ff00f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
  TEST_RR(33, srl, 0x0000000000000001, 0x8000000000000000, 63)
  TEST_RR(34, srl, 0x4000000000000000, 0x8000000000000000, 65)
  TEST_RR(35, sra, 0xffffffffffffffff, 0x8000000000000000, 63)
  TEST_RR(36, sra, 0xc000000000000000, 0x8000000000000000, 0x41)
  TEST_RR(37, or, 0xff0fff0fff0fff0f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
  TEST_RR(38, and, 0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)

  // ---- W forms: 32-bit result sign-extended, upper input bits ignored ----
  TEST_RI(39, addiw, 0xffffffff80000000, 0x000000007fffffff, 1)
  TEST_RI(40, addiw, 0x0000000000000000, 0xffffffff00000000, 0)
  TEST_RI(41, addiw, 0x000000007fffffff, 0x1234567880000000, -1)
  TEST_RI(42, slliw, 0xffffffff80000000, 1, 31)
  TEST_RI(43, slliw, 0x0000000000000000, 0xffffffff00000000, 1)
  TEST_RI(44, srliw, 0x0000000000000001, 0xffffffff80000000, 31)
  TEST_RI(45, srliw, 0xffffffff80000000, 0x0000000080000000, 0)   // shamt 0 still sign-extends
  TEST_RI(46, sraiw, 0xffffffffffffffff, 0x0000000080000000, 31)
  TEST_RI(47, sraiw, 0x0000000000000000, 0xffffffff7fffffff, 31)
  TEST_RR(48, addw, 0xffffffff80000000, 0x7fffffff, 1)
  TEST_RR(49, addw, 0x0000000000000000, 0xffffffff80000000, 0x0000000080000000)
  TEST_RR(50, subw, 0x000000007fffffff, 0xffffffff80000000, 1)
  TEST_RR(51, sllw, 0xffffffff80000000, 1, 31)
  TEST_RR(52, sllw, 0x0000000000000002, 1, 33)   // only rs2[4:0] counts
  TEST_RR(53, srlw, 0x0000000000000001, 0x80000000, 31)
  TEST_RR(54, srlw, 0x0000000040000000, 0x80000000, 33)
  TEST_RR(55, srlw, 0xffffffff80000000, 0x80000000, 32)   // shift 0: bit 31 sign-extends
  TEST_RR(56, sraw, 0xffffffffffffffff, 0x80000000, 31)
  TEST_RR(57, sraw, 0xffffffffc0000000, 0x80000000, 0x21)

  // ---- lui / auipc ----
  lui a0, 0x80000
  CHECK(58, a0, 0xffffffff80000000)
  lui a0, 0x7ffff
  CHECK(59, a0, 0x000000007ffff000)
1:auipc a0, 0
  la a1, 1b
  sub a0, a0, a1
  CHECK(60, a0, 0)
1:auipc a0, 1
  la a1, 1b
  sub a0, a0, a1
  CHECK(61, a0, 0x1000)
1:auipc a0, 0xfffff
  la a1, 1b
  sub a0, a0, a1
  CHECK(62, a0, -0x1000)

  // ---- loads and stores: widths and extension ----
  la s0, data
  li a1, 0x8182838485868788
  sd a1, 0(s0)
  lb a0, 0(s0)
  CHECK(63, a0, 0xffffffffffffff88)
  lbu a0, 7(s0)
  CHECK(64, a0, 0x81)
  lb a0, 7(s0)
  CHECK(65, a0, 0xffffffffffffff81)
  lh a0, 6(s0)
  CHECK(66, a0, 0xffffffffffff8182)
  lhu a0, 6(s0)
  CHECK(67, a0, 0x8182)
  lw a0, 4(s0)
  CHECK(68, a0, 0xffffffff81828384)
  lwu a0, 4(s0)
  CHECK(69, a0, 0x81828384)
  ld a0, 0(s0)
  CHECK(70, a0, 0x8182838485868788)
  li a1, 0x0102030405060708
  sb a1, 8(s0)
  sh a1, 10(s0)
  sw a1, 12(s0)
  ld a0, 8(s0)
  CHECK(71, a0, 0x0506070807080008 & 0xffffffffffffffff)
  sd a1, 16(s0)
  addi s1, s0, 24
  ld a0, -8(s1)       // negative offsets
  CHECK(72, a0, 0x0102030405060708)
  sb zero, -1(s1)
  ld a0, -8(s1)
  CHECK(73, a0, 0x0002030405060708)

  // ---- x0 is never written ----
  li a1, 5
  addi zero, a1, 1
  add zero, a1, a1
  lui zero, 0x12345
  ld zero, 0(s0)
  CHECK(74, zero, 0)
  mv a0, zero
  CHECK(75, a0, 0)

  // ---- branches, taken and not taken ----
#define BR_TAKEN(num, inst, a, b) \
  li a1, a; li a2, b; li a0, 0; inst a1, a2, 8f; li a0, 1; 8: CHECK(num, a0, 0)
#define BR_NOT(num, inst, a, b) \
  li a1, a; li a2, b; li a0, 1; inst a1, a2, 8f; li a0, 0; 8: CHECK(num, a0, 0)
  BR_TAKEN(76, beq, 3, 3)
  BR_NOT(77, beq, 3, 4)
  BR_TAKEN(78, bne, 3, 4)
  BR_NOT(79, bne, 3, 3)
  BR_TAKEN(80, blt, -1, 0)
  BR_NOT(81, blt, 0, -1)
  BR_NOT(82, blt, 5, 5)
  BR_TAKEN(83, bge, 0, -1)
  BR_TAKEN(84, bge, 5, 5)
  BR_NOT(85, bge, -1, 0)
  BR_TAKEN(86, bltu, 0, -1)
  BR_NOT(87, bltu, -1, 0)
  BR_TAKEN(88, bgeu, -1, 0)
  BR_TAKEN(89, bgeu, 7, 7)
  BR_NOT(90, bgeu, 0, -1)
  // a backward branch
  li a0, 0
  li a1, 10
3:addi a0, a0, 3
  addi a1, a1, -1
  bnez a1, 3b
  CHECK(91, a0, 30)

  // ---- jal / jalr: link values, lsb clearing ----
1:jal ra, 2f
  li a0, 1
2:la a1, 1b
  addi a1, a1, 4
  sub a0, ra, a1
  CHECK(92, a0, 0)
  la a1, 3f
  addi a1, a1, 1           // odd target: jalr clears bit 0
  li a0, 0
1:jalr ra, 0(a1)
  li a0, 1
3:CHECK(93, a0, 0)
  la a1, 1b
  addi a1, a1, 4
  sub a0, ra, a1
  CHECK(94, a0, 0)
  la a1, 3f
  addi a1, a1, -6
  li a0, 0
  jalr ra, 7(a1)           // a1 + 7 is odd: lands on 3f
  li a0, 1
3:CHECK(95, a0, 0)
  la a1, 3f
  li a0, 0
1:jalr a1, 0(a1)           // rd == rs1: the target uses the old value
  li a0, 1
3:CHECK(96, a0, 0)
  la a2, 1b
  addi a2, a2, 4
  sub a1, a1, a2
  CHECK(97, a1, 0)
  la a1, 3f
  jalr zero, 0(a1)         // rd = x0: no link written
  li a0, 1
3:CHECK(98, a0, 0)

  // ---- fences are no-ops here; fence.i after modifying code takes effect ----
  fence
  fence rw, rw
  fence.i
  la a1, 7f
  li a2, 0x00500513        // addi a0, zero, 5
  sw a2, 0(a1)
  fence.i
  li a0, 0
7:addi a0, zero, 9
  CHECK(99, a0, 5)

  CHECK_NO_TRAP(100)
  TEST_PASS

  .data
  .align 4
data: .zero 64
