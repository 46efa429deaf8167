// CSR masks and WARL fields, privilege checks, trap delegation, interrupt priority, xRET.
#include "hart_fixture.hpp"

namespace rvscope::test {
namespace {

using namespace rvscope::mstatus;

class PrivTest : public HartTest {};

TEST_F(PrivTest, MstatusWritableBitsAndFixedFields) {
  set_csr(csr::kMstatus, ~0ull);
  const u64 v = csr(csr::kMstatus);
  EXPECT_EQ(v & kMWritable & ~kMpp, kMWritable & ~kMpp);
  EXPECT_EQ((v >> kMppShift) & 3, 3u);
  EXPECT_EQ(v & (kUxl | kSxl), kXlen64);  // XLEN fields read 64-bit, not writable
  EXPECT_NE(v & kSd, 0u);                 // FS dirty implies SD
  set_csr(csr::kMstatus, 0);
  EXPECT_EQ(csr(csr::kMstatus) & (kUxl | kSxl), kXlen64);
  // MPP = 2 (reserved) is not kept
  set_csr(csr::kMstatus, 2ull << kMppShift);
  EXPECT_NE((csr(csr::kMstatus) >> kMppShift) & 3, 2u);
}

TEST_F(PrivTest, SstatusIsARestrictedViewOfMstatus) {
  set_csr(csr::kMstatus, 0);
  set_csr(csr::kSstatus, ~0ull);
  const u64 m = csr(csr::kMstatus);
  EXPECT_EQ(m & (kMie | kMpie | kMpp | kMprv | kTvm | kTw | kTsr), 0u);  // M bits untouched
  EXPECT_EQ(m & (kSie | kSpie | kSpp | kSum | kMxr), kSie | kSpie | kSpp | kSum | kMxr);
  set_csr(csr::kMstatus, kMie | kMpp);
  EXPECT_EQ(csr(csr::kSstatus) & (kMie | kMpp), 0u);
}

TEST_F(PrivTest, InterruptEnableAndPendingMasks) {
  set_csr(csr::kMie, ~0ull);
  EXPECT_EQ(csr(csr::kMie), irq::kAll);
  set_csr(csr::kMideleg, ~0ull);
  EXPECT_EQ(csr(csr::kMideleg), irq::kSLevel);  // only S-level interrupts delegable
  EXPECT_EQ(csr(csr::kSie), irq::kSLevel);      // sie shows the delegated bits only
  set_csr(csr::kSie, 0);
  EXPECT_EQ(csr(csr::kMie), irq::kAll & ~irq::kSLevel);
  set_csr(csr::kMip, ~0ull);
  EXPECT_EQ(csr(csr::kMip), irq::kSsip | irq::kStip | irq::kSeip);  // M bits come from devices
  set_csr(csr::kSip, 0);
  EXPECT_EQ(csr(csr::kMip), irq::kStip | irq::kSeip);  // sip writes SSIP only
  set_csr(csr::kMideleg, 0);
  EXPECT_EQ(csr(csr::kSip), 0u);
  set_csr(csr::kMedeleg, ~0ull);
  EXPECT_EQ(csr(csr::kMedeleg), 0xb3ffu);  // no ecall-from-M, no reserved causes
}

TEST_F(PrivTest, SatpModeAndTvecAreWarl) {
  set_csr(csr::kSatp, (8ull << 60) | 0x1234);
  EXPECT_EQ(csr(csr::kSatp), (8ull << 60) | 0x1234);
  set_csr(csr::kSatp, (9ull << 60) | 0x5678);  // Sv48 unsupported: the write is ignored
  EXPECT_EQ(csr(csr::kSatp), (8ull << 60) | 0x1234);
  set_csr(csr::kSatp, 0);
  set_csr(csr::kMtvec, kRamBase | 1);
  EXPECT_EQ(csr(csr::kMtvec), kRamBase | 1);  // vectored
  set_csr(csr::kMtvec, kRamBase | 2);
  EXPECT_LT(csr(csr::kMtvec) & 3, 2u);  // reserved modes are not kept
  set_csr(csr::kStvec, kRamBase | 3);
  EXPECT_LT(csr(csr::kStvec) & 3, 2u);
  set_csr(csr::kMepc, kRamBase | 3);
  EXPECT_EQ(csr(csr::kMepc), kRamBase | 2);  // bit 0 always zero (IALIGN 16)
}

TEST_F(PrivTest, PmpLockedEntriesIgnoreWrites) {
  set_csr(csr::kPmpaddr0 + 1, 0x1000);
  set_csr(csr::kPmpcfg0, 0x1f | (0x89ull << 8));  // entry 1: TOR, R, locked
  EXPECT_EQ((csr(csr::kPmpcfg0) >> 8) & 0xff, 0x89u);
  set_csr(csr::kPmpcfg0, 0x1f);  // entry 1 stays locked
  EXPECT_EQ((csr(csr::kPmpcfg0) >> 8) & 0xff, 0x89u);
  set_csr(csr::kPmpaddr0 + 1, 0x2000);  // a locked entry's address is frozen
  EXPECT_EQ(csr(csr::kPmpaddr0 + 1), 0x1000u);
  u64 before = csr(csr::kPmpaddr0);
  set_csr(csr::kPmpaddr0, 0x10);  // ... and so is the TOR base below it
  EXPECT_EQ(csr(csr::kPmpaddr0), before);
  set_csr(csr::kPmpcfg0, 0x1f | (0x02ull << 16));  // W without R is reserved
  EXPECT_EQ((csr(csr::kPmpcfg0) >> 16) & 3, 0u);
}

TEST_F(PrivTest, PrivilegeChecksOnCsrAccess) {
  h().set_priv(Priv::kSupervisor);
  u64 v = 0;
  EXPECT_FALSE(h().csr_read(csr::kMstatus, v));
  EXPECT_FALSE(h().csr_write(csr::kMscratch, 1));
  EXPECT_TRUE(h().csr_read(csr::kSstatus, v));
  h().set_priv(Priv::kUser);
  EXPECT_FALSE(h().csr_read(csr::kSstatus, v));
  set_csr(csr::kMcounteren, 0);
  EXPECT_FALSE(h().csr_read(csr::kCycle, v));  // U needs mcounteren.CY ...
  set_csr(csr::kMcounteren, 7);
  set_csr(csr::kScounteren, 0);
  EXPECT_FALSE(h().csr_read(csr::kCycle, v));  // ... and scounteren.CY
  set_csr(csr::kScounteren, 1);
  EXPECT_TRUE(h().csr_read(csr::kCycle, v));
  EXPECT_FALSE(h().csr_read(csr::kInstret, v));  // IR not enabled in scounteren
  h().set_priv(Priv::kSupervisor);
  set_csr(csr::kMcounteren, 0);
  EXPECT_FALSE(h().csr_read(csr::kTime, v));
  // TVM makes satp illegal in S
  set_csr(csr::kMstatus, kTvm);
  EXPECT_FALSE(h().csr_read(csr::kSatp, v));
}

TEST_F(PrivTest, IllegalCsrInstructionFromSupervisorTraps) {
  set_csr(csr::kStvec, kTrapVector);
  run({csr_insn(2, 10, csr::kMstatus, 0)}, Priv::kSupervisor);  // csrr a0, mstatus
  EXPECT_EQ(csr(csr::kMcause), 2u);
  EXPECT_EQ(csr(csr::kMtval), csr_insn(2, 10, csr::kMstatus, 0));
  EXPECT_EQ(h().priv(), Priv::kMachine);
}

// The trap CSRs (scratch, epc, cause, tval) as instructions see them: the old value read
// back, set and clear as read-modify-writes, an epc's bit 0 dropped, and the privilege each
// needs (an M CSR from S and an S CSR from U are illegal instructions).
TEST_F(PrivTest, TrapCsrInstructionsReadModifyWriteAndCheckPrivilege) {
  constexpr u32 kA0 = 10, kA1 = 11;
  set_csr(csr::kSepc, 0x1000);
  set_csr(csr::kSscratch, 0xf0);
  h().x[kA1] = 0x2003;
  run({csr_insn(1, kA0, csr::kSepc, kA1)}, Priv::kSupervisor);  // csrrw a0, sepc, a1
  EXPECT_EQ(h().x[kA0], 0x1000u);
  EXPECT_EQ(csr(csr::kSepc), 0x2002u);
  h().x[kA1] = 0x0f;
  run({csr_insn(2, kA0, csr::kSscratch, kA1)}, Priv::kSupervisor);  // csrrs a0, sscratch, a1
  EXPECT_EQ(h().x[kA0], 0xf0u);
  EXPECT_EQ(csr(csr::kSscratch), 0xffu);
  run({csr_insn(7, kA0, csr::kSscratch, 0x3)}, Priv::kSupervisor);  // csrrci a0, sscratch, 3
  EXPECT_EQ(h().x[kA0], 0xffu);
  EXPECT_EQ(csr(csr::kSscratch), 0xfcu);
  set_csr(csr::kMcause, 0);
  run({csr_insn(1, kA0, csr::kMscratch, kA1)}, Priv::kSupervisor);
  EXPECT_EQ(csr(csr::kMcause), 2u);  // illegal instruction
  EXPECT_EQ(h().priv(), Priv::kMachine);
  set_csr(csr::kMcause, 0);
  run({csr_insn(2, kA0, csr::kStval, 0)}, Priv::kUser);
  EXPECT_EQ(csr(csr::kMcause), 2u);
  run({csr_insn(5, 0, csr::kMtval, 0x9)}, Priv::kMachine);  // csrwi mtval, 9
  EXPECT_EQ(csr(csr::kMtval), 9u);
}

TEST_F(PrivTest, ExceptionDelegation) {
  set_csr(csr::kStvec, kTrapVector + 0x100);
  put(kTrapVector + 0x100, kJSelf);
  set_csr(csr::kMedeleg, 1u << 2);  // illegal instruction to S
  run({0xffffffff}, Priv::kSupervisor);
  EXPECT_EQ(h().priv(), Priv::kSupervisor);
  EXPECT_EQ(csr(csr::kScause), 2u);
  EXPECT_EQ(csr(csr::kSepc), kCode);
  EXPECT_EQ(h().pc(), kTrapVector + 0x100);
  EXPECT_NE(csr(csr::kMstatus) & kSpp, 0u);  // came from S
  // from U as well, SPP = 0
  run({0xffffffff}, Priv::kUser);
  EXPECT_EQ(h().priv(), Priv::kSupervisor);
  EXPECT_EQ(csr(csr::kMstatus) & kSpp, 0u);
  // never delegated from M
  set_csr(csr::kMcause, 0);
  run({0xffffffff}, Priv::kMachine);
  EXPECT_EQ(h().priv(), Priv::kMachine);
  EXPECT_EQ(csr(csr::kMcause), 2u);
  EXPECT_EQ(h().pc(), kTrapVector);
  // ecall from S goes to M unless delegated
  run({kEcall}, Priv::kSupervisor);
  EXPECT_EQ(csr(csr::kMcause), 9u);
  EXPECT_EQ(h().priv(), Priv::kMachine);
}

TEST_F(PrivTest, InterruptPriorityAndDelegation) {
  put(kCode, kNop);
  put(kCode + 4, kNop);
  set_csr(csr::kMie, irq::kAll);
  set_csr(csr::kMstatus, kMie);
  h().set_interrupt_line(7, true);   // MTI
  h().set_interrupt_line(3, true);   // MSI
  h().set_interrupt_line(11, true);  // MEI
  h().set_pc(kCode);
  h().run(1);
  EXPECT_EQ(csr(csr::kMcause), (1ull << 63) | 11);  // MEI first
  EXPECT_EQ(csr(csr::kMepc), kCode);
  h().set_interrupt_line(11, false);
  set_csr(csr::kMstatus, kMie);
  h().set_pc(kCode);
  h().run(1);
  EXPECT_EQ(csr(csr::kMcause), (1ull << 63) | 3);  // then MSI
  h().set_interrupt_line(3, false);
  h().set_interrupt_line(7, false);
  // S-level: SEI before SSI before STI; delegated ones go to S from U
  set_csr(csr::kMideleg, irq::kSLevel);
  set_csr(csr::kStvec, kTrapVector);
  set_csr(csr::kMip, irq::kSsip | irq::kStip);
  set_csr(csr::kMstatus, 0);
  h().set_priv(Priv::kUser);
  h().set_pc(kCode);
  h().run(1);
  EXPECT_EQ(h().priv(), Priv::kSupervisor);
  EXPECT_EQ(csr(csr::kScause), (1ull << 63) | 1);  // SSI before STI
  // M-mode ignores S-level interrupts; S with SIE = 0 ignores them too
  set_csr(csr::kMcause, 0);
  set_csr(csr::kMstatus, kMie);
  h().set_priv(Priv::kMachine);
  h().set_pc(kCode);
  h().run(1);
  EXPECT_EQ(csr(csr::kMcause), 0u);
  EXPECT_EQ(h().pc(), kCode + 4);
  set_csr(csr::kMip, 0);
}

// A Linux guest hung in an interrupt storm (claim 0, SEIP stuck): OpenSBI's csrs mip, STIP
// ran while the PLIC's SEIP line was high, and the read-modify-write latched SEIP into the
// software bit. The line is read, never written back.
TEST_F(PrivTest, CsrSetOfMipDoesNotLatchTheExternalLine) {
  constexpr u32 kCsrrsMipT0 = 0x3442a373;  // csrrs t1, mip, t0
  constexpr u32 kCsrrcMipT0 = 0x3442b373;  // csrrc t1, mip, t0
  h().set_interrupt_line(9, true);         // the PLIC raises SEIP
  h().x[5] = irq::kStip;
  run({kCsrrsMipT0}, Priv::kMachine);
  EXPECT_EQ(h().x[6] & irq::kSeip, irq::kSeip) << "a read shows the line";
  EXPECT_EQ(csr(csr::kMip) & irq::kStip, irq::kStip);
  h().set_interrupt_line(9, false);
  EXPECT_EQ(csr(csr::kMip) & irq::kSeip, 0u) << "SEIP must drop with the line";
  // csrrc the same way, and the software SEIP bit M-mode sets itself stays its own.
  h().set_interrupt_line(9, true);
  run({kCsrrcMipT0}, Priv::kMachine);
  h().set_interrupt_line(9, false);
  EXPECT_EQ(csr(csr::kMip) & (irq::kSeip | irq::kStip), 0u);
  set_csr(csr::kMip, irq::kSeip);
  h().x[5] = irq::kStip;
  run({kCsrrsMipT0}, Priv::kMachine);
  EXPECT_EQ(csr(csr::kMip) & irq::kSeip, irq::kSeip);
  set_csr(csr::kMip, 0);
}

TEST_F(PrivTest, VectoredInterruptsJumpByCause) {
  put(kCode, kNop);
  put(kTrapVector + 4 * 7, kJSelf);
  set_csr(csr::kMtvec, kTrapVector | 1);
  set_csr(csr::kMie, irq::kMtip);
  set_csr(csr::kMstatus, kMie);
  h().set_interrupt_line(7, true);
  h().set_pc(kCode);
  h().run(1);
  EXPECT_EQ(csr(csr::kMcause), (1ull << 63) | 7);
  EXPECT_EQ(h().pc(), kTrapVector + 4 * 7);  // base + 4 * cause
  h().set_interrupt_line(7, false);
}

TEST_F(PrivTest, MretAndSretSemantics) {
  set_csr(csr::kMepc, kCode + 0x40);
  put(kCode + 0x40, kNop);
  set_csr(csr::kMstatus, kMpie | (1ull << kMppShift) | kMprv);
  run({kMret});
  EXPECT_EQ(h().priv(), Priv::kSupervisor);
  EXPECT_EQ(h().pc(), kCode + 0x40);
  u64 s = csr(csr::kMstatus);
  EXPECT_NE(s & kMie, 0u);              // MIE = MPIE
  EXPECT_NE(s & kMpie, 0u);             // MPIE = 1
  EXPECT_EQ((s >> kMppShift) & 3, 0u);  // MPP = U
  EXPECT_EQ(s & kMprv, 0u);             // leaving M clears MPRV
  // sret to U
  set_csr(csr::kSepc, kCode + 0x80);
  put(kCode + 0x80, kNop);
  set_csr(csr::kMstatus, kSpie);
  run({kSret}, Priv::kSupervisor);
  EXPECT_EQ(h().priv(), Priv::kUser);
  EXPECT_EQ(h().pc(), kCode + 0x80);
  s = csr(csr::kMstatus);
  EXPECT_NE(s & kSie, 0u);
  EXPECT_NE(s & kSpie, 0u);
  EXPECT_EQ(s & kSpp, 0u);
  // mret in S, sret in U, sret in S with TSR: illegal
  run({kMret}, Priv::kSupervisor);
  EXPECT_EQ(csr(csr::kMcause), 2u);
  run({kSret}, Priv::kUser);
  EXPECT_EQ(csr(csr::kMcause), 2u);
  set_csr(csr::kMcause, 0);
  set_csr(csr::kMstatus, kTsr);
  run({kSret}, Priv::kSupervisor);
  EXPECT_EQ(csr(csr::kMcause), 2u);
  set_csr(csr::kMcause, 0);
  set_csr(csr::kMstatus, kTw);
  run({kWfi}, Priv::kSupervisor);
  EXPECT_EQ(csr(csr::kMcause), 2u);
}

TEST_F(PrivTest, MprvAppliesMppToDataAccesses) {
  // M-mode with MPRV = 1 and MPP = U: loads are checked as U, and PMP entry 0 allows them
  set_csr(csr::kMstatus, kMprv);
  bus_.write(kData, 8, 77);
  h().x[11] = kData;
  run({i_type(0, 11, 3, 10, 0x03)});
  EXPECT_EQ(h().x[10], 77u);
  set_csr(csr::kPmpcfg0, 0x18);  // entry 0: NAPOT, no permissions
  set_csr(csr::kMcause, 0);
  run({i_type(0, 11, 3, 10, 0x03)});
  EXPECT_EQ(csr(csr::kMcause), 5u);  // U-mode data access denied
  set_csr(csr::kMstatus, 0);
}

}  // namespace
}  // namespace rvscope::test
