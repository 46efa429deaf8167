# Forward branches that fall through, around dependent ALU work.
loop:
  addi  a0, a0, 1
  beq   a0, a1, skip1
  add   a2, a2, a0
skip1:
  blt   a2, a3, skip2
  xor   a4, a4, a2
skip2:
  addi  t0, t0, -1
  bnez  t0, loop
