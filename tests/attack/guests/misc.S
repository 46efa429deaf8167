// Odd corners, by VARIANT: mret to the reserved privilege 2; a storm of ecall/ebreak; xRET and
// wfi from U-mode with TW/TSR set; FP with mstatus.FS off; misaligned accesses across the end
// of RAM; a garbage stack; a locked PMP entry that takes away M-mode's own code; vectored
// mtvec with a garbage base.
#include "hostile.h"

GUEST_BEGIN
  la ra, done
#if VARIANT == 1
  li a1, (3 << 11)
  csrc mstatus, a1
  li a1, (2 << 11)
  csrs mstatus, a1
  la a1, done
  csrw mepc, a1
  mret
#elif VARIANT == 2
  li s1, 2000
1:ecall
  ebreak
  c.ebreak
  addi s1, s1, -1
  bnez s1, 1b
#elif VARIANT == 3
  li a1, (1 << 21) | (1 << 22) | (3 << 11)  // TW, TSR; MPP = U
  csrs mstatus, a1
  li a1, (3 << 11)
  csrc mstatus, a1
  la a1, u_code
  csrw mepc, a1
  mret
#elif VARIANT == 4
  li a1, (3 << 13)
  csrc mstatus, a1
  fadd.d f0, f1, f2
  fld f3, 0(sp)
  csrr a2, fcsr
  fsflags a3
#elif VARIANT == 5
  li s0, 0x87fffffd
  ld a2, 0(s0)
  sd a2, 0(s0)
  lw a2, 2(s0)
  sh a2, 2(s0)
  li s0, 0xffffffffffffffff
  ld a2, 0(s0)
  sw a2, -2(s0)
#elif VARIANT == 6
  li sp, 0x7
  addi sp, sp, -16
  sd ra, 8(sp)
  ld ra, 8(sp)
  li sp, 0xfffffffffffffff0
  sd ra, 8(sp)
  la ra, done
#elif VARIANT == 7
  // pmpaddr1 covers RAM, locked with no permission: M-mode loses its own code and data
  li a1, (0x90000000 >> 2)
  csrw pmpaddr1, a1
  li a1, (0x80 | 0x08) << 8  // L | TOR for entry 1
  csrs pmpcfg0, a1
  li a1, 0x1f
  csrc pmpcfg0, a1
  nop
#else
  li a1, 0x10000001  // vectored, base at the UART
  csrw mtvec, a1
  li s0, 0x2000000
  csrr a2, mhartid
  slli a2, a2, 2
  add s0, s0, a2
  li a1, 1
  sw a1, 0(s0)
  li a1, 8
  csrw mie, a1
  csrsi mstatus, 8
  nop
  nop
#endif
done:
  GUEST_END
u_code:
  wfi
  sret
  mret
  ecall
  j u_code
