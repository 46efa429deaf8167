// ExecutionHistory: going back M instructions from N gives exactly the state of a fresh run
// stopped at N-M, across checkpoints, recorded single steps and timer interrupts.
#include "sim/machine/execution_history.hpp"

#include <gtest/gtest.h>

#include "sim/common/error.hpp"
#include "tests/unit/machine/busy_guest.hpp"

namespace rvscope {
namespace {

constexpr u64 kWindow = 1'000'000;  // checkpoints every 125,000 instructions
constexpr u64 kStepAt = 200'003;    // a debugger's single step here

void step(Machine& m, unsigned h) {
  m.step_hart(h, [](Hart& hart) { hart.step(); });
}

// Runs `m` to `position` as a debugger would: in pieces, with a checkpoint chance after each,
// and the single step at kStepAt.
void run_recorded(Machine& m, ExecutionHistory* history, u64 position) {
  while (m.total_executed() < position) {
    if (history != nullptr) history->checkpoint_if_due();
    const u64 now = m.total_executed();
    if (now == kStepAt) {
      if (history != nullptr) history->record_step(0);
      step(m, 0);
      continue;
    }
    u64 chunk = std::min<u64>(position - now, 7'919);
    if (now < kStepAt) chunk = std::min(chunk, kStepAt - now);
    ASSERT_FALSE(m.run_for(chunk));
  }
}

class ExecutionHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    elf_ = test::build_bare_metal("history_busy", test::kBusyGuest);
    ASSERT_FALSE(elf_.empty());
    config_ = test::busy_config(elf_, test::temp("history_console"));
  }
  std::string state_at(u64 position) {
    Machine fresh(config_);
    fresh.load();
    run_recorded(fresh, nullptr, position);
    return test::fingerprint(fresh);
  }
  std::string elf_;
  MachineConfig config_;
};

TEST_F(ExecutionHistoryTest, GoingBackGivesTheStateOfAFreshRunStoppedThere) {
  Machine m(config_);
  m.load();
  ExecutionHistory history(m, kWindow);
  ASSERT_TRUE(history.enabled());
  const u64 n = 600'000;
  run_recorded(m, &history, n);
  EXPECT_GE(history.checkpoint_positions().size(), 4u);
  const auto replay = [&](u64 target) {
    history.replay(
        target, [&](unsigned h) { step(m, h); }, [&](u64 k) { return !m.run_for(k); });
  };
  // Back 1, back across the step and several checkpoints, then to a checkpoint itself.
  for (const u64 target : {n - 1, kStepAt + 1, kStepAt, kStepAt - 1, u64{125'000}, u64{3}}) {
    SCOPED_TRACE(target);
    replay(target);
    EXPECT_EQ(m.total_executed(), target);
    EXPECT_EQ(test::fingerprint(m), state_at(target));
  }
  // Forward again from the past: the same end as a run that never went back.
  replay(n - 250'000);
  history.truncate_after_current();
  run_recorded(m, &history, n);
  EXPECT_EQ(test::fingerprint(m), state_at(n));
}

TEST_F(ExecutionHistoryTest, TheWindowBoundsHowFarBack) {
  Machine m(config_);
  m.load();
  ExecutionHistory history(m, 200'000);  // checkpoints every 100,000
  run_recorded(m, &history, 700'000);
  history.checkpoint_if_due();
  EXPECT_GT(history.begin(), 0u);
  EXPECT_LE(history.begin(), 700'000u - 200'000u);
  EXPECT_GE(history.begin(), 700'000u - 300'000u);
  try {
    history.replay(
        history.begin() - 1, [&](unsigned h) { step(m, h); }, [&](u64 k) { return !m.run_for(k); });
    FAIL() << "went back past the window";
  } catch (const SimError& e) {
    EXPECT_NE(std::string(e.what()).find("before the history"), std::string::npos) << e.what();
  }
}

TEST_F(ExecutionHistoryTest, SeveralHartsHaveNoHistory) {
  MachineConfig two = config_;
  two.machine.harts = 2;
  Machine m(two);
  ExecutionHistory history(m, kWindow);
  EXPECT_FALSE(history.enabled());
}

}  // namespace
}  // namespace rvscope
