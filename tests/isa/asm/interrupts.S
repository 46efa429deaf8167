// Interrupts through the CLINT and mip: the machine timer woken from WFI, vectored mtvec, and
// a supervisor timer interrupt raised by M-mode in mip.STIP and delegated to S.
#include "isa_test.h"

#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME 0x200bff8

TEST_BEGIN
  .option norvc
  // ---- machine timer: mtimecmp a little ahead, WFI until it fires ----
  la t5, m_timer_handler
  csrw mtvec, t5
  li s0, CLINT_MTIME
  ld a0, 0(s0)
  addi a0, a0, 50
  mv s3, a0
  li s1, CLINT_MTIMECMP
  sd a0, 0(s1)
  li s2, 0
  li a1, (1 << 7)
  csrw mie, a1                         // MTIE
  csrsi mstatus, 8                     // MIE
1:wfi
  beqz s2, 1b                          // the handler counts in s2
  csrci mstatus, 8
  CHECK(1, s2, 1)
  csrr a0, mcause
  CHECK(2, a0, 0x8000000000000007)
  ld a0, 0(s0)                         // time has passed the compare value
  li gp, 3
  bltu a0, s3, test_fail

  // ---- vectored mode: the timer goes to base + 4 * 7 ----
  la t5, vector_table
  ori t5, t5, 1
  csrw mtvec, t5
  ld a0, 0(s0)
  addi a0, a0, 20
  sd a0, 0(s1)
  li s2, 0
  csrsi mstatus, 8
2:beqz s2, 2b
  csrci mstatus, 8
  CHECK(4, s2, 7)                      // the handler at slot 7 wrote 7
  csrw mie, zero

  // ---- S-mode timer interrupt: M sets mip.STIP, delegated through mideleg ----
  la t5, back_to_m
  csrw mtvec, t5
  la t5, s_handler
  csrw stvec, t5
  li a1, (1 << 5)
  csrw mideleg, a1
  csrw mie, a1                         // STIE
  li s2, 0
  la a0, s_code
  csrw mepc, a0
  li a1, (3 << 11)
  csrc mstatus, a1
  li a1, (1 << 11) | (1 << 1)          // MPP = S, SIE = 1
  csrs mstatus, a1
  li a1, (1 << 5)
  csrs mip, a1                         // STIP pending before entering S
  mret
s_code:
  nop                                  // the interrupt is taken at the first S instruction
  ecall                                // back to M (cause 9)
after_s:
  CHECK(5, s2, 1)
  li gp, 6
  li t6, 9
  bne t3, t6, test_fail
  li t3, NO_TRAP
  csrr a0, scause
  CHECK(7, a0, 0x8000000000000005)
  csrw mip, zero
  csrw mie, zero
  csrw mideleg, zero
  la t5, trap_recorder
  csrw mtvec, t5
  CHECK_NO_TRAP(8)
  TEST_PASS

m_timer_handler:
  li t5, -1
  li t6, CLINT_MTIMECMP
  sd t5, 0(t6)                         // no further timer interrupt
  addi s2, s2, 1
  mret

  .align 6
vector_table:
  .rept 7
  j test_fail
  .endr
  li t5, -1
  li t6, CLINT_MTIMECMP
  sd t5, 0(t6)
  li s2, 7
  mret

// The ecall from S: record the cause and continue at after_s in M-mode.
back_to_m:
  csrr t3, mcause
  la t5, after_s
  csrw mepc, t5
  li t5, (3 << 11)
  csrs mstatus, t5
  mret

s_handler:
  addi s2, s2, 1
  li t5, (1 << 5)
  csrc sie, t5                         // S cannot clear STIP; mask it instead
  sret
