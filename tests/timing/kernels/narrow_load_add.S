# A narrow load (unsigned byte, unsigned half) feeding an add, twice.
loop:
  lbu   a1, 0(a0)
  add   a2, a1, a2
  lhu   a3, 2(a0)
  add   a4, a3, a4
  addi  t0, t0, -1
  bnez  t0, loop
