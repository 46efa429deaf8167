# Loads feeding ALU work and stores: one memory pipe.
loop:
  ld    a1, 0(a0)
  ld    a2, 8(a0)
  add   a3, a1, a2
  sd    a3, 16(a0)
  lw    a4, 24(a0)
  addw  a5, a4, a3
  sw    a5, 28(a0)
  addi  t0, t0, -1
  bnez  t0, loop
