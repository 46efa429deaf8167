/* Boot entry (a0 = hartid, a1 = DTB from OpenSBI): clear .bss, set up a stack, call kmain.
   Secondary entry (SBI HSM hart_start: a0 = hartid, a1 = its idle task): call secondary_main. */
  .section .text.boot, "ax"
  .globl _start
_start:
  /* Only the first hart to arrive boots; any other parks (SBI HSM normally keeps them away). */
  la t0, boot_claimed
  li t1, 1
  amoswap.w t1, t1, (t0)
  bnez t1, 3f
  csrw sie, zero
  csrw sscratch, zero
  la sp, boot_stack_top
  la t0, __bss_start
  la t1, __bss_end
1:
  bgeu t0, t1, 2f
  sd zero, 0(t0)
  addi t0, t0, 8
  j 1b
2:
  li tp, 0
  call kmain
3:
  wfi
  j 3b

  /* The idle task's first word is its kernel stack top (Task::kstack_top). */
  .globl secondary_entry
secondary_entry:
  csrw sie, zero
  csrw sscratch, zero
  mv tp, a1
  ld sp, 0(a1)
  call secondary_main
4:
  wfi
  j 4b

  .section .data
  .balign 4
boot_claimed:
  .word 0

  .section .bss
  .balign 4096
  .globl boot_stack
boot_stack:
  .space 16384
  .globl boot_stack_top
boot_stack_top:
