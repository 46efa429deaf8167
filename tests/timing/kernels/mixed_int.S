# Integer dot product step: loads, multiply, accumulate.
loop:
  lw    a2, 0(a0)
  lw    a3, 0(a1)
  mulw  a4, a2, a3
  addw  a5, a5, a4
  addi  a0, a0, 4
  addi  a1, a1, 4
  addi  t0, t0, -1
  bnez  t0, loop
