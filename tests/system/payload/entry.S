# Payload entry points: boot and secondary-hart start, the trap vectors, and the U-mode trampoline.
#define FRAME_SIZE (36 * 8)

  .section .text.entry, "ax"
  .globl _start
_start:
  # fw_jump enters here in S-mode: a0 = hartid, a1 = device tree; satp = 0.
  la sp, boot_stack_top
  la t0, __bss_start
  la t1, __bss_end
1:
  bgeu t0, t1, 2f
  sd zero, 0(t0)
  addi t0, t0, 8
  j 1b
2:
  la t0, trap_direct
  csrw stvec, t0
  call payload_main
3:
  wfi
  j 3b

  # SBI HSM hart_start target: a0 = hartid, a1 = opaque (the hart's stack top).
  .text
  .globl secondary_entry
secondary_entry:
  mv sp, a1
  la t0, trap_direct
  csrw stvec, t0
  call secondary_main
4:
  wfi
  j 4b

# Saves x1..x31 and the four trap CSRs into a frame on the current stack and calls
# trap_handler(frame, vector); vector is -1 for the direct entry.
.macro TRAP_ENTRY name, vector
  .align 2
  .globl \name
\name:
  addi sp, sp, -FRAME_SIZE
  .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  sd x\n, (\n * 8)(sp)
  .endr
  addi t0, sp, FRAME_SIZE
  sd t0, 16(sp)
  csrr t0, sepc
  sd t0, (32 * 8)(sp)
  csrr t0, sstatus
  sd t0, (33 * 8)(sp)
  csrr t0, scause
  sd t0, (34 * 8)(sp)
  csrr t0, stval
  sd t0, (35 * 8)(sp)
  mv a0, sp
  li a1, \vector
  call trap_handler
  ld t0, (32 * 8)(sp)
  csrw sepc, t0
  ld t0, (33 * 8)(sp)
  csrw sstatus, t0
  .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  ld x\n, (\n * 8)(sp)
  .endr
  ld sp, 16(sp)
  sret
.endm

  TRAP_ENTRY trap_direct, -1
  TRAP_ENTRY trap_vector5, 5

  # stvec vectored mode: exceptions enter at the base, interrupt N at base + 4*N.
  .align 8
  .globl vector_table
vector_table:
  .option push
  .option norvc
  .rept 5
  j trap_direct
  .endr
  j trap_vector5
  .rept 10
  j trap_direct
  .endr
  .option pop

  # long enter_user(u64 pc, u64 arg): runs pc in U-mode with a0 = arg and interrupts off
  # until the trap handler sends it back to user_return; returns the frame's a0.
  .globl enter_user
enter_user:
  addi sp, sp, -112
  sd ra, 0(sp)
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
  sd s\n, (8 + \n * 8)(sp)
  .endr
  la t0, user_saved_sp
  sd sp, 0(t0)
  csrw sepc, a0
  mv a0, a1
  li t0, (1 << 8) | (1 << 5)
  csrc sstatus, t0
  sret

  .globl user_return
user_return:
  la t0, user_saved_sp
  ld sp, 0(t0)
  ld ra, 0(sp)
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
  ld s\n, (8 + \n * 8)(sp)
  .endr
  addi sp, sp, 112
  ret

  .bss
  .align 3
user_saved_sp:
  .skip 8
  .align 12
  .skip 16384
  .globl boot_stack_top
boot_stack_top:
