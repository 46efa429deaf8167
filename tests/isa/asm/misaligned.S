// Misaligned loads and stores to RAM complete (as QEMU and Spike do), within a page and
// across a page boundary, for every width, integer and floating point.
#include "isa_test.h"

TEST_BEGIN
  .option norvc
  la s0, page_end
  // fill 16 bytes around the boundary with 0x10..0x1f (little endian)
  addi s1, s0, -8
  li a1, 0x1716151413121110
  sd a1, 0(s1)
  li a1, 0x1f1e1d1c1b1a1918
  sd a1, 8(s1)

  // ---- loads at every offset within a page ----
  lh a0, 1(s1)
  CHECK(1, a0, 0x1211)
  lhu a0, 3(s1)
  CHECK(2, a0, 0x1413)
  lw a0, 1(s1)
  CHECK(3, a0, 0x14131211)
  lw a0, 3(s1)
  CHECK(4, a0, 0x16151413)
  lwu a0, 2(s1)
  CHECK(5, a0, 0x15141312)
  ld a0, 1(s1)
  CHECK(6, a0, 0x1817161514131211)
  ld a0, 7(s1)
  CHECK(7, a0, 0x1e1d1c1b1a191817)

  // ---- across the page boundary (s0 is 4 KiB aligned) ----
  lh a0, -1(s0)
  CHECK(8, a0, 0x1817)
  lw a0, -2(s0)
  CHECK(9, a0, 0x19181716)
  lw a0, -3(s0)
  CHECK(10, a0, 0x18171615)
  ld a0, -5(s0)
  CHECK(11, a0, 0x1a19181716151413)
  ld a0, -1(s0)
  CHECK(12, a0, 0x1e1d1c1b1a191817)
  li a1, 0xfffefdfcfbfaf9f8
  sd a1, -3(s0)
  ld a0, -8(s0)
  CHECK(13, a0, 0xfaf9f81413121110)
  ld a0, 0(s0)
  CHECK(14, a0, 0x1f1e1dfffefdfcfb)
  sw a1, -1(s0)
  lwu a0, -1(s0)
  CHECK(15, a0, 0xfbfaf9f8)
  sh a1, 3(s0)
  lhu a0, 3(s0)
  CHECK(16, a0, 0xf9f8)
  // signed misaligned loads sign-extend
  li a1, 0x80
  sb a1, 0(s0)
  li a1, 0x00
  sb a1, -1(s0)
  lh a0, -1(s0)
  CHECK(17, a0, 0xffffffffffff8000)

  // ---- floating point ----
  li a1, 0x3ff0000000000000             // 1.0
  sd a1, -3(s0)
  fld fa0, -3(s0)
  fmv.x.d a0, fa0
  CHECK(18, a0, 0x3ff0000000000000)
  fsd fa0, 5(s1)
  ld a0, 5(s1)
  CHECK(19, a0, 0x3ff0000000000000)
  li a1, 0x3f800000
  sw a1, 1(s1)
  flw fa1, 1(s1)
  fmv.x.w a0, fa1
  CHECK(20, a0, 0x3f800000)
  fsw fa1, -2(s0)
  lwu a0, -2(s0)
  CHECK(21, a0, 0x3f800000)

  // ---- a misaligned store to code is seen by the next fetch ----
  la a1, 7f
  li a2, 0x00700513                     // addi a0, zero, 7
  sh a2, 0(a1)
  srli a2, a2, 16
  sh a2, 2(a1)
  fence.i
7:addi a0, zero, 1
  CHECK(22, a0, 7)

  // ---- a 32-bit instruction straddling two pages executes (written, then fence.i) ----
  addi s2, s0, -2
  li a2, 0x02a00513                     // addi a0, zero, 42
  sh a2, 0(s2)
  srli a2, a2, 16
  sh a2, 2(s2)
  li a2, 0x8082                         // c.jr ra (ret)
  sh a2, 4(s2)
  fence.i
  li a0, 0
  jalr ra, 0(s2)
  CHECK(23, a0, 42)
  // rewrite its second half only: the decoded copy must not survive
  li a2, 0x0650                         // upper half of addi a0, zero, 101 (0x06500513)
  sh a2, 2(s2)
  fence.i
  jalr ra, 0(s2)
  CHECK(24, a0, 101)

  CHECK_NO_TRAP(25)
  TEST_PASS

  .data
  .align 12
  .zero 4096
page_end:
  .zero 4096
