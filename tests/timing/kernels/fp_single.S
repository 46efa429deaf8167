# Single-precision chain: add, multiply, fused multiply-add, divide.
loop:
  fadd.s   fa0, fa0, fa1
  fmul.s   fa0, fa0, fa2
  fmadd.s  fa0, fa0, fa2, fa3
  fdiv.s   fa4, fa5, fa6
  addi     t0, t0, -1
  bnez     t0, loop
