# Bare-metal program for the gdb tests on more than one hart (M-mode, every hart from _start).
# Hart 0 waits for `time` to advance 3 ticks, polling it, then counts in s0 for ever.
# Hart 1 counts s1 up to 1000, passes hart1_mark, and starts over.
# Hart 2 (if present) waits in wfi for a software interrupt only hart 0 could send (it never
# does): resumed alone it can never run.
.section .text.init
.globl _start
_start:
  csrr a0, mhartid
  li t0, 1
  beq a0, t0, hart1
  li t0, 2
  beq a0, t0, hart2
  rdtime s2
  addi s3, s2, 3
.globl time_poll
time_poll:
  rdtime t1
  bltu t1, s3, time_poll
.globl time_done
time_done:
  addi s0, s0, 1
  j time_done

hart1:
  li s1, 0
hart1_loop:
  addi s1, s1, 1
  li t0, 1000
  bltu s1, t0, hart1_loop
.globl hart1_mark
hart1_mark:
  nop
  j hart1

hart2:
  li t0, 8            # MSIE: only the machine software interrupt (an IPI) wakes it
  csrw mie, t0
.globl hart2_wait
hart2_wait:
  wfi
  j hart2_wait
