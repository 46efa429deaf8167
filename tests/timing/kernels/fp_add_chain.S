# Dependent double-precision adds: FP add latency.
loop:
  fadd.d  fa0, fa0, fa1
  fadd.d  fa0, fa0, fa2
  fsub.d  fa0, fa0, fa3
  addi    t0, t0, -1
  bnez    t0, loop
