// Sampled simulation's parts: the schedule's phases and bounds, the CPI estimate and its
// Student-t interval, the cycles charged for untimed instructions, and satp written unseen (the
// sampling keys are checked in timing_config_test.cpp).
#include "sim/timing/sampling.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/timing/timing_model.hpp"
#include "tests/unit/timing/event_builder.hpp"

namespace rvscope::timing {
namespace {

SamplingConfig small(u64 initial = 0) {
  SamplingConfig c;
  c.period = 10;
  c.window = 2;
  c.detailed_warmup = 2;
  c.functional_warming = 2;
  c.initial_warming = initial;
  return c;
}

TEST(SampleSchedule, EachPeriodEndsWithWarmingWarmupAndTheWindow) {
  const SampleSchedule s(small());
  const SamplePhase kU = SamplePhase::kUnobserved, kF = SamplePhase::kFunctionalWarming,
                    kD = SamplePhase::kDetailedWarmup, kM = SamplePhase::kMeasured;
  const SamplePhase expected[] = {kU, kU, kU, kU, kF, kF, kD, kD, kM, kM, kU, kU};
  for (u64 instret = 1; instret <= 12; ++instret) {
    EXPECT_EQ(s.phase(instret), expected[instret - 1]) << "instret " << instret;
  }
  EXPECT_EQ(s.phase_bounds(3), (std::pair<u64, u64>{1, 5}));
  EXPECT_EQ(s.phase_bounds(6), (std::pair<u64, u64>{5, 7}));
  EXPECT_EQ(s.phase_bounds(8), (std::pair<u64, u64>{7, 9}));
  EXPECT_EQ(s.phase_bounds(9), (std::pair<u64, u64>{9, 11}));
  EXPECT_EQ(s.phase_bounds(21), (std::pair<u64, u64>{21, 25}));
  // After 0 retired the next 4 (instrets 1-4) may run plain, not 5.
  EXPECT_TRUE(s.may_run_plain(0, 4));
  EXPECT_FALSE(s.may_run_plain(0, 5));
  EXPECT_FALSE(s.may_run_plain(4, 1));
  EXPECT_TRUE(s.may_run_plain(10, 3));
}

TEST(SampleSchedule, TheRunsFirstInstructionsWarm) {
  const SampleSchedule s(small(12));
  EXPECT_EQ(s.phase(1), SamplePhase::kFunctionalWarming);
  EXPECT_EQ(s.phase(9), SamplePhase::kMeasured);  // the schedule's windows still measure
  EXPECT_EQ(s.phase(12), SamplePhase::kFunctionalWarming);
  EXPECT_EQ(s.phase(13), SamplePhase::kUnobserved);
  EXPECT_EQ(s.phase_bounds(11), (std::pair<u64, u64>{11, 13}));
  EXPECT_EQ(s.phase_bounds(13), (std::pair<u64, u64>{13, 15}));
  EXPECT_FALSE(s.may_run_plain(5, 1));
  EXPECT_TRUE(s.may_run_plain(12, 2));
}

TEST(SampleAccumulator, RatioEstimateWithStudentInterval) {
  SampleAccumulator a;
  for (u64 cycles : {10, 12, 14}) a.add(cycles, 10);
  const SampleEstimate e = a.estimate(1000, 50);
  EXPECT_EQ(e.samples, 3u);
  EXPECT_EQ(e.measured_instructions, 30u);
  EXPECT_EQ(e.measured_cycles, 36u);
  EXPECT_DOUBLE_EQ(e.cpi, 1.2);
  // Window CPIs 1.0, 1.2, 1.4: standard deviation 0.2, t(2) = 4.303.
  EXPECT_NEAR(e.cpi_half_width, 4.303 * 0.2 / std::sqrt(3.0), 1e-12);
  EXPECT_DOUBLE_EQ(e.cycles, 1.2 * 1000 + 50);
  EXPECT_EQ(SampleAccumulator{}.estimate(5, 0).cpi_half_width, 0.0);
  EXPECT_DOUBLE_EQ(student_t95(1), 12.706);
  EXPECT_DOUBLE_EQ(student_t95(5000), 1.962);
}

TEST(SampleAccumulator, ChargesWholeCyclesAndCarriesTheFraction) {
  SampleAccumulator a;
  u64 carry = 0;
  EXPECT_EQ(a.charge(7, carry), 7u);  // one per instruction before the first window
  a.add(13, 10);                      // CPI 1.3
  u64 total = 0;
  for (int i = 0; i < 10; ++i) total += a.charge(1, carry);
  EXPECT_EQ(total, 13u);  // ten single charges add up to the exact 13
  EXPECT_EQ(carry, 0u);
  EXPECT_EQ(a.charge_peek(3, carry), 3u);  // 3.9
  EXPECT_EQ(carry, 0u);
}

// A sampled run's plain loop writes satp without an event: the session hands it over, and the
// model translates from then on (flushing the TLBs only when satp changed).
TEST(SampledModel, SatpHandedOverTurnsTranslationOn) {
  TimingConfig config;
  config.enabled = true;
  TimingModel model(config, 1);
  u64 instret = 0;
  auto load = [&] {
    test::Ev ev(TimingClass::kLoad);
    ev.rd(5).rs(6).priv(Priv::kSupervisor).mem(0x80001000, false);
    ev.e.instret = ++instret;
    model.on_retire(ev);
    const TimingReport report = model.report();  // a value: the levels live in it
    const LevelReport& dtlb = report.harts[0].levels[3];
    return std::pair<u64, u64>{dtlb.accesses, dtlb.misses};
  };
  EXPECT_EQ(load(), (std::pair<u64, u64>{0, 0}));  // bare: no translation
  const u64 sv39 = u64{8} << 60 | u64{1} << 44 | 0x80000;
  model.sync_satp(0, sv39);
  EXPECT_EQ(load(), (std::pair<u64, u64>{1, 1}));
  model.sync_satp(0, sv39);  // the same satp: the TLB keeps its entry
  EXPECT_EQ(load(), (std::pair<u64, u64>{2, 1}));
  model.sync_satp(0, sv39 + (u64{1} << 44));  // another ASID: flushed
  EXPECT_EQ(load(), (std::pair<u64, u64>{3, 2}));
}

}  // namespace
}  // namespace rvscope::timing
