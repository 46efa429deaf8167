# Dependent divides and a remainder: the unpipelined divider.
loop:
  div   a0, a0, a1
  divu  a0, a0, a1
  rem   a2, a0, a1
  addi  t0, t0, -1
  bnez  t0, loop
