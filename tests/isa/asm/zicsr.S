// Zicsr/Zicntr: csr instruction semantics, read-only counters, x0 operands not writing,
// user counters readable per mcounteren/scounteren, fcsr field aliasing, FS gating.
#include "isa_test.h"

TEST_BEGIN
  .option norvc
  // ---- read/modify/write semantics on a plain read-write CSR ----
  li a1, 0x1234
  csrw mscratch, a1
  li a2, 0x00f0
  csrrs a0, mscratch, a2
  CHECK(1, a0, 0x1234)
  csrr a0, mscratch
  CHECK(2, a0, 0x12f4)
  csrrc a0, mscratch, a2
  CHECK(3, a0, 0x12f4)
  csrr a0, mscratch
  CHECK(4, a0, 0x1204)
  csrrwi a0, mscratch, 31
  CHECK(5, a0, 0x1204)
  csrrsi a0, mscratch, 0x40 >> 2        // uimm is 5 bits: 16
  CHECK(6, a0, 31)
  csrrci a0, mscratch, 1
  CHECK(7, a0, 31)
  csrr a0, mscratch
  CHECK(8, a0, 30)
  li a1, -1
  csrrw a0, mscratch, a1                // rd and rs1 both read/written
  csrrw a1, mscratch, a1
  CHECK(9, a1, -1)

  // ---- read-only counters: reads fine, writes illegal, x0 operands do not write ----
  csrr a0, cycle
  csrr a0, time
  csrr a0, instret
  csrrs a0, cycle, zero
  csrrc a0, instret, zero
  csrrsi a0, cycle, 0
  csrrci a0, time, 0
  CHECK_NO_TRAP(10)
  EXPECT_TRAP(11, 2, csrrw a0, cycle, zero)    // csrrw always writes
  EXPECT_TRAP(12, 2, csrrs a0, cycle, a1)      // a non-x0 rs1 writes, whatever its value
  li a1, 0
  EXPECT_TRAP(13, 2, csrrs a0, instret, a1)
  EXPECT_TRAP(14, 2, csrrsi a0, cycle, 1)
  EXPECT_TRAP_TVAL(15, 2, 0xc0001073, csrw cycle, zero)   // mtval = the instruction
  EXPECT_TRAP(16, 2, csrw mvendorid, zero)     // machine read-only space
  // instret counts retired instructions, cycle moves forward
  rdinstret a0
  rdinstret a1
  sub a0, a1, a0
  CHECK(17, a0, 1)
  rdcycle a0
  nop
  nop
  rdcycle a1
  sub a0, a1, a0
  li gp, 18
  blez a0, test_fail
  // minstret/mcycle are writable from M-mode
  csrw minstret, zero
  csrr a0, minstret
  li gp, 19
  li t6, 4
  bgeu a0, t6, test_fail

  // ---- machine information ----
  csrr a0, misa
  li a1, (2 << 62) | (1 << 0) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20)
  and a0, a0, a1
  sub a0, a0, a1
  CHECK(20, a0, 0)                      // RV64 with A, C, D, F, I, M, S, U
  csrr a0, mhartid
  CHECK(21, a0, 0)
  EXPECT_TRAP_TVAL(22, 2, 0x7ff02573, csrr a0, 0x7ff)    // an unimplemented CSR

  // ---- fcsr = frm << 5 | fflags ----
  csrwi fcsr, 0
  fsrmi 3
  fsflagsi 0x15
  frcsr a0
  CHECK(23, a0, (3 << 5) | 0x15)
  li a1, 0xffffffff
  fscsr a1
  frcsr a0
  CHECK(24, a0, 0xff)                   // only 8 bits exist
  frrm a0
  CHECK(25, a0, 7)
  frflags a0
  CHECK(26, a0, 0x1f)
  csrwi fcsr, 0

  // ---- mstatus.FS = Off makes FP instructions and FP CSRs illegal ----
  li a1, (3 << 13)
  csrc mstatus, a1
  EXPECT_TRAP(27, 2, fadd.d fa0, fa1, fa2)
  EXPECT_TRAP(28, 2, frcsr a0)
  EXPECT_TRAP(29, 2, fmv.x.d a0, fa0)
  EXPECT_TRAP(30, 2, fld fa0, 0(sp))
  li a1, (1 << 13)
  csrs mstatus, a1
  fadd.d fa0, fa1, fa2
  CHECK_NO_TRAP(31)
  csrr a0, mstatus                      // an FP write made FS dirty, and SD follows
  srli a1, a0, 13
  andi a1, a1, 3
  CHECK(32, a1, 3)
  srli a0, a0, 63
  CHECK(33, a0, 1)

  // ---- user-mode counters need mcounteren and scounteren ----
  li a1, 7
  csrw mcounteren, a1
  csrw scounteren, a1
  la a0, user_reads
  csrw mepc, a0
  li a1, (3 << 11)
  csrc mstatus, a1                      // MPP = U
  la t5, trap_from_user
  csrw mtvec, t5
  mret
user_reads:
  rdcycle a2
  rdtime a3
  rdinstret a4
  ecall                                 // back to M; cause 8
after_user:
  li gp, 34
  li t6, 8
  bne t3, t6, test_fail
  li t3, NO_TRAP
  // mcounteren.CY = 0: U reading cycle is illegal; IR still readable
  li a1, 6
  csrw mcounteren, a1
  la a0, user_reads2
  csrw mepc, a0
  li a1, (3 << 11)
  csrc mstatus, a1
  mret
user_reads2:
  rdinstret a4
  rdcycle a2                            // illegal, recorded and skipped
  mv s2, t3
  ecall
after_user2:
  CHECK(35, s2, 2)
  li gp, 36
  li t6, 8
  bne t3, t6, test_fail
  li t3, NO_TRAP
  la t5, trap_recorder
  csrw mtvec, t5
  CHECK_NO_TRAP(37)
  TEST_PASS

// Records the trap; an ecall from U returns to M-mode code after the ecall.
trap_from_user:
  csrr t3, mcause
  csrr t4, mtval
  li t5, 8
  beq t3, t5, 1f
  csrr t5, mepc
  addi t5, t5, 4
  csrw mepc, t5
  mret
1:csrr t5, mepc
  addi t5, t5, 4
  csrw mepc, t5
  li t5, (3 << 11)
  csrs mstatus, t5                      // MPP = M: return to M-mode
  mret
