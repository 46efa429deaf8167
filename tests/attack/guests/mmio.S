// Writes garbage of every width to every STRIDE-th byte of [BASE, BASE + SPAN), then reads it
// all back: a device's registers must take anything a guest stores.
#include "hostile.h"

GUEST_BEGIN
  li a0, 0x9e3779b97f4a7c15
  csrr a2, mhartid
  add a0, a0, a2
  li s0, BASE
  li s1, BASE + SPAN
1:XORSHIFT
  sd a0, 0(s0)
  sw a0, 0(s0)
  sh a0, 2(s0)
  sb a0, 1(s0)
  XORSHIFT
  sw a0, 4(s0)
  ld a2, 0(s0)
  lw a2, 4(s0)
  lhu a2, 2(s0)
  lbu a2, 3(s0)
  li a2, STRIDE
  add s0, s0, a2
  bltu s0, s1, 1b
  GUEST_END
