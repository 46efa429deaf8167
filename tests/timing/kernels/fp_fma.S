# Two FMA accumulators fed by FP loads: a dot-product inner loop.
loop:
  fld      ft0, 0(a0)
  fld      ft1, 0(a1)
  fmadd.d  fa0, ft0, ft1, fa0
  fld      ft2, 8(a0)
  fld      ft3, 8(a1)
  fmadd.d  fa1, ft2, ft3, fa1
  addi     t0, t0, -1
  bnez     t0, loop
