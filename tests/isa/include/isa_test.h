// Harness for self-checking bare-metal assembly tests: entry, trap recorder, checks, HTIF exit.
//
// Register convention: gp holds the number of the check in progress; t3..t6 (x28..x31)
// belong to the harness (t3 = last trap's mcause, t4 = its mtval, t5/t6 scratch), so test
// bodies use the other registers only. A failing check writes (gp << 1) | 1 to tohost, so
// rvscope's exit status names the check; passing writes 1 (exit status 0).
#pragma once

#define NO_TRAP -1

// clang-format off
#define TEST_BEGIN                                  \
  .section .text.init, "ax", @progbits;             \
  .option push; .option norvc;                      \
  .globl _start;                                    \
_start:                                             \
  la t5, trap_recorder;                             \
  csrw mtvec, t5;                                   \
  li t5, (1 << 13);  /* mstatus.FS = Initial */     \
  csrs mstatus, t5;                                 \
  csrwi fcsr, 0;                                    \
  /* PMP entry 0: all memory RWX, so S/U code can run */ \
  li t5, -1;                                        \
  csrw pmpaddr0, t5;                                \
  li t5, 0x1f;                                      \
  csrw pmpcfg0, t5;                                 \
  la sp, __stack_top;                               \
  li t3, NO_TRAP;                                   \
  li gp, 0;                                         \
  j test_body;                                      \
/* Records mcause/mtval and resumes after the trapping instruction (2 or 4 bytes); */ \
/* after a fetch fault (cause 1 or 12) it resumes at ra: jump there with jalr ra. */ \
  .align 2;                                         \
trap_recorder:                                      \
  csrr t3, mcause;                                  \
  csrr t4, mtval;                                   \
  li t5, 1;                                         \
  beq t3, t5, 3f;                                   \
  li t5, 12;                                        \
  beq t3, t5, 3f;                                   \
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
  mret;                                             \
  .option pop;                                      \
test_body:

#define TEST_PASS                                   \
  li gp, 255;  /* an unexpected trap since the last EXPECT_TRAP */ \
  li t6, NO_TRAP;                                   \
  bne t3, t6, test_fail;                            \
  li t5, 1;                                         \
  j htif_exit;                                      \
test_fail:                                          \
  slli t5, gp, 1;                                   \
  ori t5, t5, 1;                                    \
htif_exit:                                          \
  la t6, tohost;                                    \
  sd t5, 0(t6);                                     \
2:j 2b;                                             \
  .pushsection .tohost, "aw", @progbits;            \
  .align 6; .globl tohost; tohost: .dword 0;        \
  .align 6; .globl fromhost; fromhost: .dword 0;    \
  .popsection

// Fails check `num` unless register `reg` equals the 64-bit constant `value`.
#define CHECK(num, reg, value)                      \
  li gp, num;                                       \
  li t6, value;                                     \
  bne reg, t6, test_fail

// Runs the instruction(s) given last, then checks that it trapped with `cause` (and mtval == `tval`).
#define EXPECT_TRAP(num, cause, ...)                \
  li gp, num;                                       \
  li t3, NO_TRAP;                                   \
  __VA_ARGS__;                                      \
  li t6, cause;                                     \
  bne t3, t6, test_fail;                            \
  li t3, NO_TRAP

#define EXPECT_TRAP_TVAL(num, cause, tval, ...)     \
  EXPECT_TRAP(num, cause, __VA_ARGS__);                    \
  li t6, tval;                                      \
  bne t4, t6, test_fail

// Fails check `num` if anything trapped since the last EXPECT_TRAP.
#define CHECK_NO_TRAP(num)                          \
  li gp, num;                                       \
  li t6, NO_TRAP;                                   \
  bne t3, t6, test_fail

// Binary-op check: rd = op(a, b) with rd, a, b in a0, a1, a2.
#define TEST_RR(num, inst, result, a, b)            \
  li a1, a; li a2, b; inst a0, a1, a2; CHECK(num, a0, result)
#define TEST_RI(num, inst, result, a, imm)          \
  li a1, a; inst a0, a1, imm; CHECK(num, a0, result)
// clang-format on
