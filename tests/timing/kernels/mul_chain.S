# Dependent multiply chain: multiplier latency.
loop:
  mul   a0, a0, a1
  mul   a0, a0, a1
  mul   a0, a0, a1
  mul   a0, a0, a1
  addi  t0, t0, -1
  bnez  t0, loop
