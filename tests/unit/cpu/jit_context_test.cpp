// Translated blocks and a translation change inside them: a satp write must refetch the next
// instruction through the new page tables, and a SUM toggle must switch the data TLB the block
// loads through, exactly as the interpreter does.
#include "hart_fixture.hpp"
#include "sim/cpu/jit_translator.hpp"

namespace rvscope::test {
namespace {

constexpr u32 kT0 = 5, kT1 = 6, kA0 = 10, kA1 = 11, kA2 = 12, kA3 = 13;
constexpr u64 kV = 1, kR = 2, kW = 4, kX = 8, kU = 16, kA = 64, kD = 128;
constexpr u64 kSatpSv39 = 8ull << 60;

// Two address spaces, each a root with three gigapages: VA 0 is user data over RAM
// (0x80000000), VA 0x80000000 is supervisor RAM, identity mapped, and VA 0x40000000 is
// supervisor code through a megapage: RAM 0x80000000 in space A, RAM 0x80200000 in B.
constexpr u64 kRootA = kRamBase + 0x100000, kRootB = kRamBase + 0x101000;
constexpr u64 kLevel1A = kRamBase + 0x102000, kLevel1B = kRamBase + 0x103000;
constexpr u64 kCodeVa = 0x40001000;  // RAM 0x80001000 in A, 0x80201000 in B
constexpr u64 kUserData = 0x20000;   // RAM kData, through a user page

constexpr u64 leaf(u64 paddr, u64 flags) { return (paddr >> 12) << 10 | flags | kV | kA | kD; }
constexpr u64 pointer(u64 table) { return (table >> 12) << 10 | kV; }

constexpr u32 csrrs(u16 csr, u32 rs1) { return csr_insn(2, 0, csr, rs1); }
constexpr u32 csrrc(u16 csr, u32 rs1) { return csr_insn(3, 0, csr, rs1); }
constexpr u32 csrrw(u16 csr, u32 rs1) { return csr_insn(1, 0, csr, rs1); }
constexpr u32 ld(u32 rd, u32 rs1) { return i_type(0, rs1, 3, rd, 0x03); }
constexpr u32 addi(u32 rd, u32 rs1, i32 imm) { return i_type(imm, rs1, 0, rd, 0x13); }

class JitContextTest : public HartTest {
 protected:
  JitContextTest() {
    for (u64 root : {kRootA, kRootB}) {
      bus_.write(root + 0 * 8, 8, leaf(kRamBase, kU | kR | kW));
      bus_.write(root + 2 * 8, 8, leaf(kRamBase, kR | kW | kX));
    }
    bus_.write(kRootA + 1 * 8, 8, pointer(kLevel1A));
    bus_.write(kRootB + 1 * 8, 8, pointer(kLevel1B));
    bus_.write(kLevel1A, 8, leaf(kRamBase, kR | kW | kX));
    bus_.write(kLevel1B, 8, leaf(kRamBase + 0x200000, kR | kW | kX));
    bus_.write(kData, 8, 0x1234);
  }

  // Runs the code at kCodeVa in S-mode under space A, with blocks (threshold 1) or without.
  void run_in_supervisor(bool blocks) {
    code_->set_jit(blocks, 1);
    set_csr(csr::kSatp, kSatpSv39 | (kRootA >> 12));
    h().set_pc(kCodeVa);
    h().set_priv(Priv::kSupervisor);
    h().run(64);
  }
};

TEST_F(JitContextTest, SatpWriteInsideABlockFetchesTheNextInstructionThroughTheNewTables) {
  if (!JitTranslator::available()) GTEST_SKIP() << "built without asmjit";
  for (bool blocks : {false, true}) {
    SCOPED_TRACE(blocks ? "blocks" : "interpreter");
    // Space A: csrw satp; addi a0, a0, 1; j .   Space B at the same VA: addi a0, a0, 100.
    put(kRamBase + 0x1000, csrrw(csr::kSatp, kT1));
    put(kRamBase + 0x1004, addi(kA0, kA0, 1));
    put(kRamBase + 0x1008, kJSelf);
    put(kRamBase + 0x201004, addi(kA0, kA0, 100));
    put(kRamBase + 0x201008, kJSelf);
    h().x[kA0] = 0;
    h().x[kT1] = kSatpSv39 | (kRootB >> 12);
    run_in_supervisor(blocks);
    EXPECT_EQ(h().x[kA0], 100u);
    EXPECT_EQ(h().pc(), kCodeVa + 8);
  }
}

TEST_F(JitContextTest, SumToggleInsideABlockSwitchesTheDataTlb) {
  if (!JitTranslator::available()) GTEST_SKIP() << "built without asmjit";
  for (bool blocks : {false, true}) {
    SCOPED_TRACE(blocks ? "blocks" : "interpreter");
    // SUM set: the user page loads (and fills the SUM-set TLB); SUM clear: the same load
    // must take a load page fault, whichever TLB the block entered with.
    put(kRamBase + 0x1000, csrrs(csr::kSstatus, kT0));
    put(kRamBase + 0x1004, ld(kA1, kA2));
    put(kRamBase + 0x1008, csrrc(csr::kSstatus, kT0));
    put(kRamBase + 0x100c, ld(kA3, kA2));
    put(kRamBase + 0x1010, kJSelf);
    h().x[kT0] = mstatus::kSum;
    h().x[kA1] = h().x[kA3] = 0;
    h().x[kA2] = kUserData;
    run_in_supervisor(blocks);
    EXPECT_EQ(h().x[kA1], 0x1234u);
    EXPECT_EQ(h().x[kA3], 0u);
    EXPECT_EQ(csr(csr::kMcause), 13u);  // load page fault, taken in M (nothing delegated)
    EXPECT_EQ(csr(csr::kMepc), kCodeVa + 0xc);
    EXPECT_EQ(h().pc(), kTrapVector);
  }
}

}  // namespace
}  // namespace rvscope::test
