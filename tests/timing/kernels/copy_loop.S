# A copy loop: loads, stores and pointer increments.
loop:
  ld    a2, 0(a0)
  ld    a3, 8(a0)
  sd    a2, 0(a1)
  sd    a3, 8(a1)
  addi  a0, a0, 16
  addi  a1, a1, 16
  addi  t0, t0, -1
  bnez  t0, loop
