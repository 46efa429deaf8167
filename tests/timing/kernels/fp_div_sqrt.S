# Double divide and square root: the unpipelined FP divider.
loop:
  fdiv.d   fa0, fa1, fa2
  fsqrt.d  fa3, fa0
  fmul.d   fa4, fa3, fa2
  addi     t0, t0, -1
  bnez     t0, loop
