// LR/SC and every AMO width at ADDR: device registers, the boot ROM, past RAM, misaligned.
#include "hostile.h"

GUEST_BEGIN
  li s0, ADDR
  li a1, 0x5a5a5a5a5a5a5a5a
  lr.d a2, (s0)
  sc.d a3, a1, (s0)
  lr.w a2, (s0)
  sc.w a3, a1, (s0)
  sc.d a3, a1, (s0)  // no reservation
  amoswap.d a2, a1, (s0)
  amoadd.w a2, a1, (s0)
  amoor.d.aqrl a2, a1, (s0)
  amoand.w a2, a1, (s0)
  amoxor.d a2, a1, (s0)
  amomin.w a2, a1, (s0)
  amomaxu.d a2, a1, (s0)
  amominu.w.aq a2, a1, (s0)
  amomax.d.rl a2, a1, (s0)
  // the same through a reservation that a store on another hart may break
  li s1, 100
1:lr.d a2, (s0)
  addi a2, a2, 1
  sc.d a3, a2, (s0)
  addi s1, s1, -1
  bnez s1, 1b
  GUEST_END
