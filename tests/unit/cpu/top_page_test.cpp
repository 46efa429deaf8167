// The last page of the address space (0xfffffffffffff000) is fetched like any other, in every
// run loop: from nothing there (an access fault), and as S-mode code mapped there by Sv39.
#include "hart_fixture.hpp"

namespace rvscope::test {
namespace {

constexpr u64 kTopPage = 0xfffffffffffff000;
// Sv39 tables in the fixture's RAM: root[511] -> L1, L1[511] -> L0, L0[511] -> kTopFrame,
// so the virtual page kTopPage (VPN2 = VPN1 = VPN0 = 511) holds kTopFrame's bytes.
constexpr u64 kRoot = kRamBase + 0x100000, kL1 = kRoot + 0x1000, kL0 = kRoot + 0x2000;
constexpr u64 kTopFrame = kRoot + 0x3000;
constexpr u64 kPteV = 1, kPteR = 2, kPteX = 8, kPteA = 64;
constexpr u64 kSatpSv39 = (8ull << 60) | (kRoot >> 12);

constexpr u32 addi(u32 rd, u32 rs1, i32 imm) { return i_type(imm, rs1, 0, rd, 0x13); }
constexpr u16 kCLiA2Five = 0x4615;  // c.li a2, 5

enum class Loop { kThreaded, kObservedThreaded, kStep };

class Counting final : public HartObserver {
 public:
  void on_retire(const RetireEvent&) override { ++retired; }
  void on_trap(const TrapEvent&) override {}
  u64 retired = 0;
};

class TopPageTest : public HartTest, public ::testing::WithParamInterface<Loop> {
 protected:
  TopPageTest() {
    if (GetParam() == Loop::kObservedThreaded) h().set_observer(&observer_, true);
    if (GetParam() == Loop::kStep) {
      h().set_breakpoint_checker([](void*, unsigned, u64) { return false; }, nullptr);
    }
  }
  // Runs `n` instructions in the loop under test, one run() call per slice the hart ends.
  void run_insns(u64 n) {
    for (u64 done = 0; done < n;) {
      const u64 ran = h().run(n - done);
      ASSERT_GT(ran, 0u) << "the hart stopped after " << done << " instructions";
      done += ran;
    }
  }
  void map_top_page() {
    bus_.write(kRoot + 511 * 8, 8, ((kL1 >> 12) << 10) | kPteV);
    bus_.write(kL1 + 511 * 8, 8, ((kL0 >> 12) << 10) | kPteV);
    bus_.write(kL0 + 511 * 8, 8, ((kTopFrame >> 12) << 10) | kPteV | kPteR | kPteX | kPteA);
    set_csr(csr::kSatp, kSatpSv39);
  }
  // M-mode code at kCode that enters S-mode at `target` with mret, leaving the hart's last
  // fetch page on kCode's page, whose bytes must not be run in place of the target's.
  void mret_to_supervisor(u64 target) {
    put(kCode, kMret);
    set_csr(csr::kMepc, target);
    set_csr(csr::kMstatus, 1ull << mstatus::kMppShift);
    h().set_pc(kCode);
    run_insns(1);
    ASSERT_EQ(h().priv(), Priv::kSupervisor);
    ASSERT_EQ(h().pc(), target);
  }

  Counting observer_;
};

TEST_P(TopPageTest, MachineFetchFromEmptyTopPageIsAnAccessFault) {
  for (const u64 pc : {kTopPage, kTopPage + 0xffe}) {
    SCOPED_TRACE(pc);
    h().set_pc(pc);
    run_insns(1);
    EXPECT_EQ(csr(csr::kMcause), static_cast<u64>(Exception::kInsnAccess));
    EXPECT_EQ(csr(csr::kMepc), pc);
    EXPECT_EQ(csr(csr::kMtval), pc);
    EXPECT_EQ(h().pc(), kTrapVector);
  }
}

TEST_P(TopPageTest, SupervisorCodeMappedAtTopPageRunsItsOwnBytes) {
  map_top_page();
  put(kTopFrame, addi(10, 0, 42));  // a0 = 42
  put(kTopFrame + 4, addi(11, 0, 7));
  put(kTopFrame + 8, kJSelf);
  mret_to_supervisor(kTopPage);
  run_insns(3);
  EXPECT_EQ(h().x[10], 42u);
  EXPECT_EQ(h().x[11], 7u);
  EXPECT_EQ(h().pc(), kTopPage + 8);
  EXPECT_EQ(h().priv(), Priv::kSupervisor);
  EXPECT_EQ(csr(csr::kMcause), 0u) << "nothing trapped";
  if (GetParam() == Loop::kObservedThreaded) {
    EXPECT_EQ(observer_.retired, 4u);
  }
}

TEST_P(TopPageTest, PcWrapsFromTheLastHalfwordToPageZero) {
  // The ISA's pc arithmetic is modulo 2^64: after the top page's last halfword comes virtual
  // address 0, which this page table leaves unmapped: an instruction page fault at 0.
  map_top_page();
  put16(kTopFrame + 0xffe, kCLiA2Five);
  mret_to_supervisor(kTopPage + 0xffe);
  run_insns(2);
  EXPECT_EQ(h().x[12], 5u);
  EXPECT_EQ(csr(csr::kMcause), static_cast<u64>(Exception::kInsnPage));
  EXPECT_EQ(csr(csr::kMepc), 0u);
  EXPECT_EQ(csr(csr::kMtval), 0u);
  EXPECT_EQ(h().priv(), Priv::kMachine);
  EXPECT_EQ(h().pc(), kTrapVector);
}

TEST_P(TopPageTest, SingleStepAtTopPageBeforeAnyFetch) {
  // As a debugger does it: set the pc, then step before the hart has fetched anything.
  map_top_page();
  put(kTopFrame, addi(10, 0, 42));
  h().set_priv(Priv::kSupervisor);
  h().set_pc(kTopPage);
  h().step();
  EXPECT_EQ(h().x[10], 42u);
  EXPECT_EQ(h().pc(), kTopPage + 4);
}

INSTANTIATE_TEST_SUITE_P(Loops, TopPageTest,
                         ::testing::Values(Loop::kThreaded, Loop::kObservedThreaded, Loop::kStep),
                         [](const ::testing::TestParamInfo<Loop>& info) {
                           switch (info.param) {
                             case Loop::kThreaded:
                               return "Threaded";
                             case Loop::kObservedThreaded:
                               return "ObservedThreaded";
                             case Loop::kStep:
                               return "Step";
                           }
                           return "Unknown";
                         });

}  // namespace
}  // namespace rvscope::test
