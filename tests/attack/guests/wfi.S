// wfi with nothing that can wake it (VARIANT 1, 3), with an interrupt pending but masked
// (2), and under an interrupt storm that the guest keeps re-enabling (4).
#include "hostile.h"

#define CLINT 0x2000000

GUEST_BEGIN
  csrr s2, mhartid
  li s0, CLINT + 0x4000
  slli a1, s2, 3
  add s0, s0, a1  // this hart's mtimecmp
#if VARIANT == 1
  csrw mie, zero
  csrci mstatus, 8
1:wfi
  j 1b
#elif VARIANT == 2
  sd zero, 0(s0)
  li a1, 0x80
  csrw mie, a1
  csrci mstatus, 8
  li s1, 200000
2:wfi
  addi s1, s1, -1
  bnez s1, 2b
#elif VARIANT == 3
  li a1, -1
  sd a1, 0(s0)
  li a1, 0x80
  csrw mie, a1
  csrsi mstatus, 8
3:wfi
  j 3b
#else
  sd zero, 0(s0)
  li s3, CLINT
  slli a1, s2, 2
  add s3, s3, a1
  li a1, 1
  sw a1, 0(s3)  // msip too
  csrsi mstatus, 8
4:li a1, -1
  csrw mie, a1
  wfi
  j 4b
#endif
  GUEST_END
