# Load, add, load, add: the second load must not wait for the first add's pipe.
loop:
  lw    a1, 0(a0)
  add   a2, a1, a2
  lw    a3, 8(a0)
  add   a4, a3, a4
  addi  t0, t0, -1
  bnez  t0, loop
