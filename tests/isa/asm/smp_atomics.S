// Two harts (run with machine.harts=2) increment shared counters through an LR/SC loop and
// through amoadd.d; no update may be lost however the machine interleaves the harts.
#include "isa_test.h"

#define N 20000

TEST_BEGIN
  .option norvc
  csrr s0, mhartid
  la s1, counter_lrsc
  la s3, counter_amo
  la s4, done
  li s2, N
1:lr.d a0, (s1)
  addi a0, a0, 1
  sc.d a1, a0, (s1)
  bnez a1, 1b
  addi s2, s2, -1
  bnez s2, 1b
  li s2, N
  li a2, 1
2:amoadd.d zero, a2, (s3)
  addi s2, s2, -1
  bnez s2, 2b
  amoadd.d zero, a2, (s4)
  bnez s0, park
3:ld a0, 0(s4)                          // hart 0 waits for both
  li a1, 2
  bne a0, a1, 3b
  ld a0, 0(s1)
  CHECK(1, a0, 2 * N)
  ld a0, 0(s3)
  CHECK(2, a0, 2 * N)
  CHECK_NO_TRAP(3)
  TEST_PASS
park:
  wfi
  j park

  .data
  .align 6
counter_lrsc: .dword 0
  .align 6
counter_amo: .dword 0
  .align 6
done: .dword 0
