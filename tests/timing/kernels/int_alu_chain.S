# Dependent integer ALU chain: latency-bound.
loop:
  add   a0, a0, a1
  xor   a0, a0, a2
  slli  a0, a0, 1
  or    a0, a0, a3
  addi  t0, t0, -1
  bnez  t0, loop
