// Every CSR number, 0x000 to 0xfff, written with garbage (csrrw), set to all ones (csrrs) or
// read (csrrs from x0), by OP. With SPARE_TRAPS the CSRs the handler depends on (mstatus,
// mie, mtvec, the first PMP entries) are left alone, so the storm runs to the last number.
#include "hostile.h"

// csrrw x0, n, t0 / csrrs x0, n, t0 / csrrs a2, n, x0
#define CSRRW_X0_T0(n) .word ((n) << 20) | (5 << 15) | (1 << 12) | 0x73
#define CSRRS_X0_T0(n) .word ((n) << 20) | (5 << 15) | (2 << 12) | 0x73
#define CSRR_A2(n) .word ((n) << 20) | (2 << 12) | (12 << 7) | 0x73

GUEST_BEGIN
  li a0, 0x2545f4914f6cdd1d
  la ra, 1f  // a fault with mtvec gone still comes back here if it can
1:
  .set n, 0
  .rept 4096
#ifdef SPARE_TRAPS
  .if (n != 0x300) && (n != 0x304) && (n != 0x305) && (n != 0x341) && (n != 0x342) && \
      (n != 0x3a0) && (n != 0x3b0) && (n != 0x180)
#else
  .if 1
#endif
  XORSHIFT
#if OP == 0
  mv t0, a0
  CSRRW_X0_T0(n)
#elif OP == 1
  li t0, -1
  CSRRS_X0_T0(n)
#else
  CSRR_A2(n)
#endif
  .endif
  .set n, n + 1
  .endr
  GUEST_END
