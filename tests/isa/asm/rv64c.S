// RV64C: every compressed encoding (written as c.* mnemonics so the assembler cannot pick the
// 32-bit form), immediate extremes, HINTs executing as no-ops, reserved encodings trapping as
// illegal instructions with mtval holding the 16 encoding bits.
#include "isa_test.h"

TEST_BEGIN
  .option rvc
  la s1, buf
  // ---- quadrant 0 ----
  mv t0, sp
  la sp, buf
  c.addi4spn a0, sp, 4
  sub a0, a0, s1
  CHECK(1, a0, 4)
  c.addi4spn a0, sp, 1020
  sub a0, a0, s1
  CHECK(2, a0, 1020)
  li a1, 0x8765432112345678
  sd a1, 120(s1)
  sd a1, 248(s1)
  c.lw a0, 124(s1)
  CHECK(3, a0, 0xffffffff87654321)
  c.ld a0, 248(s1)
  CHECK(4, a0, 0x8765432112345678)
  c.sw a1, 4(s1)
  lwu a0, 4(s1)
  CHECK(5, a0, 0x12345678)
  c.sd a1, 16(s1)
  ld a0, 16(s1)
  CHECK(6, a0, 0x8765432112345678)
  c.fld fa0, 248(s1)
  fmv.x.d a0, fa0
  CHECK(7, a0, 0x8765432112345678)
  c.fsd fa0, 40(s1)
  ld a0, 40(s1)
  CHECK(8, a0, 0x8765432112345678)

  // ---- quadrant 1 ----
  c.nop
  li a0, 10
  c.addi a0, -32
  CHECK(9, a0, -22)
  c.addi a0, 31
  CHECK(10, a0, 9)
  li a0, 0x7fffffff
  c.addiw a0, 1
  CHECK(11, a0, 0xffffffff80000000)
  li a0, 0x100000005
  c.addiw a0, 0                         // sext.w
  CHECK(12, a0, 5)
  c.li a0, -32
  CHECK(13, a0, -32)
  c.li a0, 31
  CHECK(14, a0, 31)
  c.addi16sp sp, -512
  sub a0, sp, s1
  CHECK(15, a0, -512)
  c.addi16sp sp, 496
  sub a0, sp, s1
  CHECK(16, a0, -16)
  c.addi16sp sp, 16
  c.lui a0, 1
  CHECK(17, a0, 0x1000)
  c.lui a0, 0x1f
  CHECK(18, a0, 0x1f000)
  c.lui a0, 0xfffe0                     // the sign bit of the 6-bit field
  CHECK(19, a0, 0xfffffffffffe0000)
  c.lui a0, 0xfffff
  CHECK(20, a0, 0xfffffffffffff000)
  li a0, 0x8000000000000000
  c.srli a0, 63
  CHECK(21, a0, 1)
  li a0, 0x8000000000000000
  c.srli a0, 32
  CHECK(22, a0, 0x80000000)
  li a0, 0x8000000000000000
  c.srai a0, 63
  CHECK(23, a0, -1)
  li a0, 0x8000000000000000
  c.srai a0, 1
  CHECK(24, a0, 0xc000000000000000)
  li a0, 0xffffffffffffffff
  c.andi a0, -32
  CHECK(25, a0, 0xffffffffffffffe0)
  li a0, 0xff
  c.andi a0, 0x1f
  CHECK(26, a0, 0x1f)
  li a0, 5
  li a1, 7
  c.sub a0, a1
  CHECK(27, a0, -2)
  li a0, 0xff00
  li a1, 0x0ff0
  c.xor a0, a1
  CHECK(28, a0, 0xf0f0)
  li a0, 0xff00
  c.or a0, a1
  CHECK(29, a0, 0xfff0)
  li a0, 0xff00
  c.and a0, a1
  CHECK(30, a0, 0x0f00)
  li a0, 0x80000000
  li a1, 1
  c.subw a0, a1
  CHECK(31, a0, 0x7fffffff)
  li a0, 0x7fffffff
  c.addw a0, a1
  CHECK(32, a0, 0xffffffff80000000)
  li a0, 0
  c.j 1f
  li a0, 1
1:CHECK(33, a0, 0)
  li a0, 0
  li a1, 0
  c.beqz a1, 1f
  li a0, 1
1:CHECK(34, a0, 0)
  li a1, 1
  c.beqz a1, 1f
  li a0, 2
1:CHECK(35, a0, 2)
  li a0, 0
  c.bnez a1, 1f
  li a0, 1
1:CHECK(36, a0, 0)
  li a1, 0
  c.bnez a1, 1f
  li a0, 3
1:CHECK(37, a0, 3)
  // backward compressed branch and jump
  li a0, 0
  li a1, 4
2:c.addi a0, 2
  c.addi a1, -1
  c.bnez a1, 2b
  CHECK(38, a0, 8)
  j 4f
3:li a0, 77
  j 5f
4:c.j 3b
5:CHECK(39, a0, 77)

  // ---- quadrant 2 ----
  li a0, 1
  c.slli a0, 63
  CHECK(40, a0, 0x8000000000000000)
  li a0, 3
  c.slli a0, 1
  CHECK(41, a0, 6)
  la sp, buf
  li a1, 0x0123456789abcdef
  sd a1, 504(sp)
  sd a1, 248(sp)
  c.ldsp a0, 504(sp)
  CHECK(42, a0, 0x0123456789abcdef)
  c.lwsp a0, 252(sp)
  CHECK(43, a0, 0x01234567)
  c.lwsp a0, 248(sp)
  CHECK(44, a0, 0xffffffff89abcdef)
  c.fldsp fa1, 504(sp)
  fmv.x.d a0, fa1
  CHECK(45, a0, 0x0123456789abcdef)
  c.sdsp a1, 496(sp)
  ld a0, 496(sp)
  CHECK(46, a0, 0x0123456789abcdef)
  c.swsp a1, 252(sp)
  lwu a0, 252(sp)
  CHECK(47, a0, 0x89abcdef)
  c.fsdsp fa1, 8(sp)
  ld a0, 8(sp)
  CHECK(48, a0, 0x0123456789abcdef)
  mv sp, t0
  li a1, 42
  c.mv a0, a1
  CHECK(49, a0, 42)
  li a0, 40
  li a1, 2
  c.add a0, a1
  CHECK(50, a0, 42)
  la a1, 1f
  li a0, 0
  c.jr a1
  li a0, 1
1:CHECK(51, a0, 0)
  la a1, 1f
  li a0, 0
2:c.jalr a1
  li a0, 1
1:CHECK(52, a0, 0)
  la a2, 2b
  addi a2, a2, 2                       // c.jalr links pc + 2
  sub a0, ra, a2
  CHECK(53, a0, 0)
  EXPECT_TRAP(54, 3, c.ebreak)
  la a2, 54f
  // c.ebreak's mtval is its pc; re-run it at a known address
  li t3, NO_TRAP
54:c.ebreak
  li gp, 55
  li t6, 3
  bne t3, t6, test_fail
  bne t4, a2, test_fail
  li t3, NO_TRAP

  // ---- HINTs execute as no-ops ----
  li a0, 7
  .half 0x0005                         // c.nop 1
  .half 0x4005                         // c.li x0, 1
  .half 0x802a                         // c.mv x0, a0
  .half 0x902a                         // c.add x0, a0
  .half 0x0002                         // c.slli x0, 0... (c.slli64 x0)
  .half 0x6005                         // c.lui x0, 1
  CHECK(56, a0, 7)
  CHECK_NO_TRAP(57)

  // ---- reserved encodings: illegal instruction, mtval = the 16 bits ----
#define RESERVED(num, enc) EXPECT_TRAP_TVAL(num, 2, enc, .half enc)
  RESERVED(60, 0x0000)                 // all zeros
  RESERVED(61, 0x0004)                 // c.addi4spn with nzuimm = 0
  RESERVED(62, 0x8000)                 // quadrant 0, funct3 100
  RESERVED(63, 0x2001)                 // c.addiw with rd = x0
  RESERVED(64, 0x6101)                 // c.addi16sp with nzimm = 0
  RESERVED(65, 0x6281)                 // c.lui with nzimm = 0
  RESERVED(66, 0x9c41)                 // quadrant 1, 100 1 11 .. 10
  RESERVED(67, 0x9c61)                 // quadrant 1, 100 1 11 .. 11
  RESERVED(68, 0x4002)                 // c.lwsp with rd = x0
  RESERVED(69, 0x6002)                 // c.ldsp with rd = x0
  RESERVED(70, 0x8002)                 // c.jr with rs1 = x0
  CHECK_NO_TRAP(71)
  TEST_PASS

  .data
  .align 4
buf: .zero 1040
