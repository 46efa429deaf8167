# Independent multiplies: multiplier throughput.
loop:
  mul   a0, a1, a2
  mul   a3, a1, a2
  mul   a4, a1, a2
  mul   a5, a1, a2
  mulw  a6, a1, a2
  mulw  a7, a1, a2
  addi  t0, t0, -1
  bnez  t0, loop
