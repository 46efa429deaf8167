# Four loads, each feeding an ALU op: an instruction that may take either pipe alternates.
loop:
  lw    a1, 0(a0)
  addw  a2, a1, a2
  lw    a3, 4(a0)
  addw  a4, a3, a4
  lw    a5, 8(a0)
  addw  a6, a5, a6
  lw    a7, 12(a0)
  addw  s2, a7, s2
  addi  t0, t0, -1
  bnez  t0, loop
