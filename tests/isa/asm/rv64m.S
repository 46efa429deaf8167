// RV64M: products (all mulh variants), division by zero, INT_MIN / -1 overflow, W forms.
#include "isa_test.h"

#define MIN64 0x8000000000000000
#define MIN32 0xffffffff80000000

TEST_BEGIN
  .option norvc
  TEST_RR(1, mul, 0x0000000000000000, 0x8000000000000000, 2)
  TEST_RR(2, mul, 0xfffffffffffffffe, 0xffffffffffffffff, 2)
  TEST_RR(3, mul, 0x0000000000000001, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_RR(4, mulh, 0xffffffffffffffff, 0xffffffffffffffff, 1)
  TEST_RR(5, mulh, 0x0000000000000000, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_RR(6, mulh, 0x4000000000000000, MIN64, MIN64)
  TEST_RR(7, mulh, 0xc000000000000000, MIN64, 0x7fffffffffffffff)
  TEST_RR(8, mulhu, 0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_RR(9, mulhu, 0x4000000000000000, MIN64, MIN64)
  TEST_RR(10, mulhsu, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_RR(11, mulhsu, 0xc000000000000000, MIN64, MIN64)
  TEST_RR(12, mulhsu, 0x0000000000000000, 1, 0xffffffffffffffff)
  TEST_RR(13, mulhsu, 0x7ffffffffffffffe, 0x7fffffffffffffff, 0xffffffffffffffff)

  TEST_RR(14, div, 0xfffffffffffffffd, 20, -6)
  TEST_RR(15, div, 0xfffffffffffffffd, -20, 6)
  TEST_RR(16, div, 0x0000000000000003, -20, -6)
  TEST_RR(17, div, 0xffffffffffffffff, 20, 0)         // x / 0 = -1
  TEST_RR(18, div, MIN64, MIN64, -1)                  // overflow: the dividend
  TEST_RR(19, divu, 0xffffffffffffffff, 20, 0)        // x / 0 = all ones
  TEST_RR(20, divu, 0x0000000000000001, MIN64, 0x7fffffffffffffff)
  TEST_RR(21, rem, 0x0000000000000002, 20, -6)
  TEST_RR(22, rem, 0xfffffffffffffffe, -20, 6)        // sign of the dividend
  TEST_RR(23, rem, 0x0000000000000014, 20, 0)         // x % 0 = x
  TEST_RR(24, rem, 0x0000000000000000, MIN64, -1)     // overflow: 0
  TEST_RR(25, remu, 0x0000000000000014, 20, 0)
  TEST_RR(26, remu, 0x0000000000000001, MIN64, 0x7fffffffffffffff)

  TEST_RR(27, mulw, 0xffffffff80000000, 0x0000000040000000, 2)
  TEST_RR(28, mulw, 0x0000000000000001, 0xffffffffffffffff, 0x12345678ffffffff)
  TEST_RR(29, mulw, 0x0000000000000000, 0x0000000100000000, 0x0000000100000000)
  TEST_RR(30, divw, 0xfffffffffffffffd, 20, -6)
  TEST_RR(31, divw, 0xffffffffffffffff, 20, 0)
  TEST_RR(32, divw, MIN32, 0x0000000080000000, -1)    // INT32_MIN / -1, sign-extended
  TEST_RR(33, divw, 0x0000000000000002, 0xffffffff00000004, 2)   // upper bits ignored
  TEST_RR(34, divuw, 0xffffffffffffffff, 20, 0)       // all ones, 32-bit, sign-extended
  TEST_RR(35, divuw, 0x0000000040000000, 0x0000000080000000, 2)
  TEST_RR(36, divuw, 0xffffffff80000000, 0xffffffff80000000, 1)
  TEST_RR(37, remw, 0x0000000000000002, 20, -6)
  TEST_RR(38, remw, 0x0000000000000000, 0x0000000080000000, -1)
  TEST_RR(39, remw, MIN32, 0x0000000080000000, 0)     // x % 0 = x, sign-extended
  TEST_RR(40, remuw, 0xffffffff80000000, 0x0000000080000000, 0)
  TEST_RR(41, remuw, 0x0000000000000001, 0x00000000ffffffff, 2)
  TEST_RR(42, remuw, 0xffffffffffffffff, 0x12345678ffffffff, 0)
  // rd overlapping a source
  li a1, 7
  li a2, 6
  mul a1, a1, a2
  CHECK(43, a1, 42)
  div a2, a1, a2
  CHECK(44, a2, 7)

  CHECK_NO_TRAP(45)
  TEST_PASS
