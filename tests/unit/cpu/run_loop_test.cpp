// The plain threaded loop's bookkeeping against the step and observed loops: a straight run cut
// by the budget at every count, a trap in the middle of a run, CSR reads of the count mid-run,
// stores that rewrite the rest of their own run (or themselves), fence.i, and runs across a
// page end (the page-end sentinel, a straddling instruction).
#include <vector>

#include "hart_fixture.hpp"

namespace rvscope::test {
namespace {

constexpr u32 kA0 = 10, kA1 = 11, kA2 = 12, kA3 = 13, kA4 = 14;
constexpr u32 kOpImm = 0x13;

constexpr u32 addi(u32 rd, u32 rs1, i32 imm) { return i_type(imm, rs1, 0, rd, kOpImm); }
constexpr u32 s_type(i32 imm, u32 rs2, u32 rs1, u32 f3) {
  const u32 bits = static_cast<u32>(imm & 0xfff);
  return ((bits >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((bits & 31) << 7) | 0x23;
}
constexpr u32 kIncA0 = addi(kA0, kA0, 1);
constexpr u16 kCIncA0 = 0x0505;  // c.addi a0, 1
constexpr u32 kFenceI = 0x0000100f;
constexpr u64 kNoDevice = 0x1000;  // nothing is mapped here: accesses fault

enum class Loop { kThreaded, kObserved, kStep };
constexpr Loop kLoops[] = {Loop::kThreaded, Loop::kObserved, Loop::kStep};

class Listener final : public HartObserver {
 public:
  void on_retire(const RetireEvent&) override {}
  void on_trap(const TrapEvent&) override {}
};

bool never_break(void*, unsigned, u64) { return false; }

// One hart on its own bus (HartTest's), set to run one of the loops.
class Rig : public HartTest {
 public:
  explicit Rig(Loop loop) {
    if (loop == Loop::kObserved) h().set_observer(&listener_, true);
    if (loop == Loop::kStep) h().set_breakpoint_checker(never_break, nullptr);
  }
  void TestBody() override {}
  using HartTest::csr;
  using HartTest::h;
  using HartTest::put;
  using HartTest::put16;

 private:
  Listener listener_;
};

struct Outcome {
  u64 pc = 0, instret = 0, executed = 0, mepc = 0, mcause = 0, mtval = 0;
  std::array<u64, 32> x{};
  bool operator==(const Outcome&) const = default;
};

Outcome outcome(Rig& rig) {
  Outcome o;
  o.pc = rig.h().pc();
  o.instret = rig.h().instret();
  o.executed = rig.h().executed();
  o.mepc = rig.csr(csr::kMepc);
  o.mcause = rig.csr(csr::kMcause);
  o.mtval = rig.csr(csr::kMtval);
  std::copy_n(rig.h().x.begin(), 32, o.x.begin());
  return o;
}

// A straight run of increments, 4-byte and compressed mixed, then `j .`; offsets[k] is the
// address after k of them.
struct StraightRun {
  std::vector<u64> offsets;
  void place(Rig& rig, u64 at, unsigned count) {
    offsets = {at};
    for (unsigned i = 0; i < count; ++i) {
      if (i % 3 == 1) {
        rig.put16(at, kCIncA0), at += 2;
      } else {
        rig.put(at, kIncA0), at += 4;
      }
      offsets.push_back(at);
    }
    rig.put(at, kJSelf);
  }
};

TEST(RunLoop, BudgetCutsAStraightRunAtEveryCount) {
  constexpr unsigned kLength = 20;
  for (unsigned k = 1; k <= kLength + 3; ++k) {
    for (Loop loop : kLoops) {
      Rig rig(loop);
      StraightRun code;
      code.place(rig, kCode, kLength);
      rig.h().set_pc(kCode);
      EXPECT_EQ(rig.h().run(k), k);
      const unsigned done = std::min(k, kLength);
      EXPECT_EQ(rig.h().x[kA0], done) << "budget " << k;
      EXPECT_EQ(rig.h().pc(), code.offsets[done]) << "budget " << k;
      EXPECT_EQ(rig.h().instret(), k) << "budget " << k;
      // Resuming in the middle of the run finishes it as one slice would have.
      EXPECT_EQ(rig.h().run(kLength - done + 1), kLength - done + 1);
      EXPECT_EQ(rig.h().x[kA0], kLength) << "budget " << k;
      EXPECT_EQ(rig.h().pc(), code.offsets[kLength]) << "budget " << k;
    }
  }
}

// A slot runs its decode stub the first time, and the stub hands the count over anyway, so
// the tests that watch the count run their code once before the pass that matters.
void warm_up(Rig& rig, u64 insns) {
  rig.h().set_pc(kCode);
  while (rig.h().executed() < insns) rig.h().run(insns - rig.h().executed());
  rig.h().set_pc(kCode);
}

TEST(RunLoop, TrapInTheMiddleOfARunReportsItsPcAndCount) {
  constexpr u32 kLoad = i_type(0, kA2, 3, kA1, 0x03);  // ld a1, 0(a2)
  constexpr u32 kStore = s_type(8, kA1, kA2, 3);       // sd a1, 8(a2)
  for (u32 faulting : {kLoad, kStore}) {
    std::vector<Outcome> outcomes;
    for (Loop loop : kLoops) {
      Rig rig(loop);
      for (unsigned i = 0; i < 3; ++i) rig.put(kCode + 4 * i, kIncA0);
      rig.put(kCode + 12, faulting);
      for (unsigned i = 4; i < 8; ++i) rig.put(kCode + 4 * i, kIncA0);
      rig.put(kCode + 32, kJSelf);
      rig.h().x[kA2] = kData;
      warm_up(rig, 9);
      rig.h().x[kA0] = 0;
      rig.h().x[kA2] = kNoDevice;
      // With nothing pending nor observing, the trap does not end the slice: three
      // increments, the faulting access, then six turns of the handler's `j .`. With an
      // observer it does (observers choose what they watch between slices).
      const u64 first = rig.h().run(10);
      EXPECT_EQ(first, loop == Loop::kObserved ? 4u : 10u);
      if (first < 10) {
        EXPECT_EQ(rig.h().run(10 - first), 10 - first);
      }
      const Outcome o = outcome(rig);
      EXPECT_EQ(o.x[kA0], 3u);
      EXPECT_EQ(o.pc, kTrapVector);
      EXPECT_EQ(o.mepc, kCode + 12);
      EXPECT_EQ(o.mcause, faulting == kLoad ? 5u : 7u);
      EXPECT_EQ(o.mtval, faulting == kLoad ? kNoDevice : kNoDevice + 8);
      EXPECT_EQ(o.executed, 9u + 10u);
      EXPECT_EQ(o.instret, 9u + 9u);  // the faulting instruction does not retire
      rig.h().run(5);
      EXPECT_EQ(rig.h().executed(), 9u + 15u);
      outcomes.push_back(outcome(rig));
    }
    EXPECT_EQ(outcomes[0], outcomes[1]);
    EXPECT_EQ(outcomes[0], outcomes[2]);
  }
}

TEST(RunLoop, CountersReadInTheMiddleOfARunAreExact) {
  for (Loop loop : kLoops) {
    Rig rig(loop);
    for (unsigned i = 0; i < 5; ++i) rig.put(kCode + 4 * i, kIncA0);
    rig.put(kCode + 20, csr_insn(2, kA3, csr::kMinstret, 0));
    rig.put(kCode + 24, kIncA0);
    rig.put(kCode + 28, csr_insn(2, kA4, csr::kMcycle, 0));
    rig.put(kCode + 32, kJSelf);
    warm_up(rig, 9);
    rig.h().run(2);  // a slice boundary inside the run must not shift the counts
    rig.h().run(10);
    EXPECT_EQ(rig.h().x[kA3], 9u + 5u);  // five increments retired before the read
    EXPECT_EQ(rig.h().x[kA4], 9u + 7u);  // and the read and one more before this one
    EXPECT_EQ(rig.h().instret(), 9u + 12u);
  }
}

// Runs the code at kCode twice from the top; the second pass sees what the first wrote.
std::vector<Outcome> twice(void (*place)(Rig&), u64 first_a1, u64 second_a1, u64 insns) {
  std::vector<Outcome> outcomes;
  for (Loop loop : kLoops) {
    Rig rig(loop);
    place(rig);
    rig.h().x[kA2] = kCode;
    rig.h().x[kA1] = first_a1;  // the first pass decodes every slot
    rig.h().set_pc(kCode);
    while (rig.h().executed() < insns) rig.h().run(insns - rig.h().executed());
    rig.h().x[kA0] = 0;
    rig.h().x[kA1] = second_a1;
    rig.h().set_pc(kCode);
    while (rig.h().executed() < 2 * insns) rig.h().run(2 * insns - rig.h().executed());
    outcomes.push_back(outcome(rig));
  }
  return outcomes;
}

TEST(RunLoop, StoreRewritesTheRestOfItsOwnRun) {
  const auto outcomes = twice(
      [](Rig& rig) {
        rig.put(kCode, kIncA0);
        rig.put(kCode + 4, s_type(12, kA1, kA2, 2));  // sw a1, 12(a2): the slot two ahead
        rig.put(kCode + 8, kIncA0);
        rig.put(kCode + 12, kIncA0);
        rig.put(kCode + 16, kJSelf);
      },
      kIncA0, addi(kA0, kA0, 100), 5);
  EXPECT_EQ(outcomes[0].x[kA0], 102u);  // 1, 1 and the rewritten 100
  EXPECT_EQ(outcomes[0], outcomes[1]);
  EXPECT_EQ(outcomes[0], outcomes[2]);
}

TEST(RunLoop, StoreRewritesItselfAndTheNextPassRunsTheNewInstruction) {
  const auto outcomes = twice(
      [](Rig& rig) {
        rig.put(kCode, kIncA0);
        rig.put(kCode + 4, s_type(4, kA1, kA2, 2));  // sw a1, 4(a2): this very instruction
        rig.put(kCode + 8, kIncA0);
        rig.put(kCode + 12, kJSelf);
      },
      s_type(4, kA1, kA2, 2), addi(kA0, kA0, 1000), 4);
  // Second pass: the store runs once more and replaces itself; a third would add 1000.
  EXPECT_EQ(outcomes[0].x[kA0], 2u);
  EXPECT_EQ(outcomes[0], outcomes[1]);
  EXPECT_EQ(outcomes[0], outcomes[2]);
  for (Loop loop : kLoops) {
    Rig rig(loop);
    rig.put(kCode, s_type(0, kA1, kA2, 2));  // sw a1, 0(a2)
    rig.put(kCode + 4, kJSelf);
    rig.h().x[kA2] = kCode;
    rig.h().x[kA1] = addi(kA0, kA0, 1000);
    rig.h().set_pc(kCode);
    rig.h().run(1);
    rig.h().set_pc(kCode);
    rig.h().run(1);
    EXPECT_EQ(rig.h().x[kA0], 1000u);
  }
}

TEST(RunLoop, FenceIEndsTheSliceAfterItself) {
  for (Loop loop : kLoops) {
    Rig rig(loop);
    rig.put(kCode, kIncA0);
    rig.put(kCode + 4, s_type(12, kA1, kA2, 2));  // rewrites the instruction after fence.i
    rig.put(kCode + 8, kFenceI);
    rig.put(kCode + 12, kIncA0);
    rig.put(kCode + 16, kJSelf);
    rig.h().x[kA2] = kCode;
    rig.h().x[kA1] = addi(kA0, kA0, 100);
    rig.h().set_pc(kCode);
    EXPECT_EQ(rig.h().run(20), 3u);
    EXPECT_EQ(rig.h().pc(), kCode + 12);
    rig.h().run(1);
    EXPECT_EQ(rig.h().x[kA0], 101u);
    EXPECT_EQ(rig.h().instret(), 4u);
  }
}

TEST(RunLoop, StraightRunsCrossThePageEnd) {
  // From 8 bytes before a page end: 4-byte, 2-byte, 2-byte, then the next page.
  const u64 start = kCode + 0x1000 - 8;
  for (Loop loop : kLoops) {
    Rig rig(loop);
    rig.put(start, kIncA0);
    rig.put16(start + 4, kCIncA0);
    rig.put16(start + 6, kCIncA0);
    rig.put(start + 8, kIncA0);
    rig.put(start + 12, kJSelf);
    rig.h().set_pc(start);
    EXPECT_EQ(rig.h().run(6), 6u);
    EXPECT_EQ(rig.h().x[kA0], 4u);
    EXPECT_EQ(rig.h().pc(), start + 12);
    // A 4-byte instruction in a page's last halfword, straddling into the next page.
    Rig straddling(loop);
    straddling.put16(start + 4, kCIncA0);
    straddling.put16(start + 6, static_cast<u16>(kIncA0));
    straddling.put16(start + 8, static_cast<u16>(kIncA0 >> 16));
    straddling.put(start + 10, kIncA0);
    straddling.put(start + 14, kJSelf);
    straddling.h().set_pc(start + 4);
    EXPECT_EQ(straddling.h().run(5), 5u);
    EXPECT_EQ(straddling.h().x[kA0], 3u);
    EXPECT_EQ(straddling.h().pc(), start + 14);
  }
}

}  // namespace
}  // namespace rvscope::test
