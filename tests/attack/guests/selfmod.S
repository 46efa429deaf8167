// Code that rewrites itself: the next instruction replaced without and with fence.i, a loop
// that patches its own branch, and (RANDOM_SEED) a page of xorshift garbage run as code.
#include "hostile.h"

GUEST_BEGIN
#ifdef RANDOM_SEED
  li a0, RANDOM_SEED
  la s0, scratch_code
  li s1, 1024
1:XORSHIFT
  sw a0, 0(s0)
  addi s0, s0, 4
  addi s1, s1, -1
  bnez s1, 1b
  fence.i
  la ra, done
  la s0, scratch_code
  jr s0
#else
  // patch the instruction right after the store (no fence.i: either version is legal)
  la s0, patch1
  li a1, 0x00100513  // addi a0, zero, 1
  sw a1, 0(s0)
patch1:
  addi a0, zero, 2
  fence.i
  la s0, patch2
  sw a1, 0(s0)
  fence.i
patch2:
  addi a0, zero, 3
  // a loop whose own loop counter instruction is rewritten on every turn
  li s1, 1000
  la s0, patch3
3:lw a1, 0(s0)
  li a3, 0x100000  // imm += 1
  add a1, a1, a3
  sw a1, 0(s0)
  fence.i
patch3:
  addi a2, zero, 0
  addi s1, s1, -1
  bnez s1, 3b
  // overwrite the half of a 4-byte instruction that follows, by a compressed store
  la s0, patch4
  li a1, 0x0001  // c.nop
  sh a1, 2(s0)
patch4:
  lui a3, 0x12345
  nop
#endif
done:
  GUEST_END
  .data
  .align 12
scratch_code: .space 4096
  .word 0x0000006f  // a stop: j . (the run ends by the limit if the garbage gets here)
