// Bare-metal entry: stack, FP on, a trap handler that reports the cause, bss cleared, main.
  .section .text.init, "ax", @progbits
  .globl _start
_start:
  la sp, __stack_top
  la t0, unexpected_trap
  csrw mtvec, t0
  li t0, (1 << 13)
  csrs mstatus, t0
  csrwi fcsr, 0
  la t0, __bss_start
  la t1, __bss_end
1:bgeu t0, t1, 2f
  sd zero, 0(t0)
  addi t0, t0, 8
  j 1b
2:call rt_main

// Any trap is a failure: exit with 200 + mcause (low bits) so the run says what happened.
  .align 2
unexpected_trap:
  csrr a0, mcause
  andi a0, a0, 31
  addi a0, a0, 200
  call rt_exit
