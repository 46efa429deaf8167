# Pointer chase that hits in the L1 data cache: load-to-use latency.
loop:
  ld    a0, 0(a0)
  ld    a0, 0(a0)
  ld    a0, 0(a0)
  ld    a0, 0(a0)
  addi  t0, t0, -1
  bnez  t0, loop
