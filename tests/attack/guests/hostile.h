// Shared frame of the hostile guests: entry on every hart, a forgiving trap handler, HTIF exit.
//
// The handler counts traps in s11 and gives up (exit code 3) after 20,000 of them, so a guest
// that traps forever still ends; otherwise it resumes after the trapping instruction, or at
// ra after a fetch fault (the pc it would skip is not readable). Interrupts are masked in mie
// when taken, so a storm of them cannot stop the guest from reaching its end. Each hart gets
// its own 4 KiB of stack below __stack_top. Guest bodies leave s11, t5 and t6 alone.
#pragma once

// clang-format off
#define GUEST_BEGIN                                 \
  .section .text.init, "ax", @progbits;             \
  .globl _start;                                    \
_start:                                             \
  la t5, trap_skip;                                 \
  csrw mtvec, t5;                                   \
  li t5, -1;                                        \
  csrw pmpaddr0, t5;                                \
  li t5, 0x1f;                                      \
  csrw pmpcfg0, t5;                                 \
  li t5, (1 << 13);                                 \
  csrs mstatus, t5;                                 \
  la sp, __stack_top;                               \
  csrr t5, mhartid;                                 \
  slli t5, t5, 12;                                  \
  sub sp, sp, t5;                                   \
  li s11, 0;                                        \
  j guest_body;                                     \
  .align 2;                                         \
trap_skip:                                          \
  addi s11, s11, 1;                                 \
  li t5, 20000;                                     \
  bgeu s11, t5, guest_gave_up;                      \
  csrr t5, mcause;                                  \
  bltz t5, 4f;                                      \
  li t6, 1;                                         \
  beq t5, t6, 3f;                                   \
  li t6, 12;                                        \
  beq t5, t6, 3f;                                   \
  beqz t5, 3f;                                      \
  csrr t5, mepc;                                    \
  lhu t6, 0(t5);                                    \
  andi t6, t6, 3;                                   \
  addi t6, t6, -3;                                  \
  bnez t6, 1f;                                      \
  addi t5, t5, 2;                                   \
1:addi t5, t5, 2;                                   \
  csrw mepc, t5;                                    \
  mret;                                             \
3:csrw mepc, ra;                                    \
  li t5, (3 << 11);                                 \
  csrs mstatus, t5;                                 \
  mret;                                             \
4:csrw mie, zero;                                   \
  mret;                                             \
guest_gave_up:                                      \
  li t5, 7;                                         \
  j guest_write_tohost;                             \
guest_body:

// Ends the run with exit status 0 (HTIF tohost = 1).
#define GUEST_END                                   \
  li t5, 1;                                         \
guest_write_tohost:                                 \
  la t6, tohost;                                    \
  sd t5, 0(t6);                                     \
2:j 2b;                                             \
  .pushsection .tohost, "aw", @progbits;            \
  .align 6; .globl tohost; tohost: .dword 0;        \
  .align 6; .globl fromhost; fromhost: .dword 0;    \
  .popsection

// a0 = next xorshift64 value of a0 (a1 scratch): deterministic garbage.
#define XORSHIFT                                    \
  slli a1, a0, 13; xor a0, a0, a1;                  \
  srli a1, a0, 7; xor a0, a0, a1;                   \
  slli a1, a0, 17; xor a0, a0, a1
// clang-format on
