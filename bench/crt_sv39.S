// Entry of the Sv39 benchmark variant: M-mode clears bss, builds the page tables
// (sv39_shim.c), opens PMP, delegates exceptions to S, then mrets into rt_main in S-mode with
// translation on.
  .section .text.init, "ax", @progbits
  .globl _start
_start:
  la sp, __stack_top
  la t0, unexpected_trap
  csrw mtvec, t0
  la t0, __bss_start
  la t1, __bss_end
1:bgeu t0, t1, 2f
  sd zero, 0(t0)
  addi t0, t0, 8
  j 1b
2:li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f                  // NAPOT, RWX: S-mode may use all memory
  csrw pmpcfg0, t0
  li t0, 0xb1ff                // every exception but ecalls from S and M goes to S-mode
  csrw medeleg, t0
  la t0, s_trap
  csrw stvec, t0
  call sv39_build_tables       // returns the satp value
  csrw satp, a0
  sfence.vma
  li t0, (3 << 11)
  csrc mstatus, t0
  li t0, (1 << 11) | (1 << 13) // MPP = S, FS = Initial
  csrs mstatus, t0
  csrwi fcsr, 0
  la t0, rt_main
  csrw mepc, t0
  mret

// Any trap ends the run with 200 + the cause, in S-mode (delegated) or in M-mode.
  .align 2
s_trap:
  csrr a0, scause
  andi a0, a0, 31
  addi a0, a0, 200
  call rt_exit
  .align 2
unexpected_trap:
  csrr a0, mcause
  andi a0, a0, 31
  addi a0, a0, 200
  call rt_exit
