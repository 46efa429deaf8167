# Independent integer ALU operations: issue-width-bound.
loop:
  add   a0, a0, a1
  sub   a2, a2, a1
  xor   a3, a3, a1
  and   a4, a4, a1
  or    a5, a5, a1
  slli  a6, a6, 1
  srli  a7, a7, 1
  addi  t1, t1, 3
  addi  t0, t0, -1
  bnez  t0, loop
