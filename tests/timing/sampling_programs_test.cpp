// --sample on a real program: a loop alternating an ALU phase and a strided memory phase (two
// CPIs), run by the machine under configs/u74.yaml in full detail and sampled; the estimate's
// structure (one window per period, each fully measured), its determinism, and that the
// detailed CPI lies inside the estimate's own 95% confidence interval.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "sim/app/timing_session.hpp"
#include "tests/timing/run_program.hpp"

namespace rvscope {
namespace {

const std::string kSource = RVSCOPE_SOURCE_DIR;

const char* const kTwoPhases = R"(
  li s0, 300
outer:
  li t0, 2000
alu:
  addi t1, t1, 1
  add t2, t2, t1
  addi t0, t0, -1
  bnez t0, alu
  la a0, buf
  li t0, 1024
mem:
  ld t1, 0(a0)
  add t2, t2, t1
  addi a0, a0, 64
  addi t0, t0, -1
  bnez t0, mem
  addi s0, s0, -1
  bnez s0, outer
  li t0, 1
  la t1, tohost
  sd t0, 0(t1)
1: j 1b
.section .data
.align 6
buf: .space 65536
)";

timing::HartReport run(bool sample) {
  const std::string elf = test::build_bare_metal("sampling_two_phases", kTwoPhases);
  EXPECT_FALSE(elf.empty()) << "the cross toolchain failed";
  if (elf.empty()) return {};
  Machine machine(test::bare_metal_config(elf));
  machine.load();
  timing::TimingConfig profile = timing::load_timing_config(kSource + "/configs/u74.yaml");
  profile.sampling = {50'000, 2'000, 500, 5'000, 0};
  TimingSession timing(machine, profile, "", sample);
  const RunResult result = machine.run();
  EXPECT_EQ(result.reason, StopReason::kGuestExit) << result.message;
  for (unsigned h = 0; h < machine.num_harts(); ++h) {
    timing.model().settle(h, machine.hart(h).instret());
  }
  return timing.model().report().harts.at(0);
}

TEST(SamplingPrograms, TheEstimateHoldsTheDetailedCpiInItsInterval) {
  const timing::HartReport detailed = run(false);
  const timing::HartReport sampled = run(true);
  ASSERT_FALSE(detailed.sample.has_value());
  ASSERT_TRUE(sampled.sample.has_value());
  const timing::SampleEstimate& s = *sampled.sample;
  const double detailed_cpi =
      static_cast<double>(detailed.cycles) / static_cast<double>(detailed.instructions);
  std::printf(
      "  detailed CPI %.4f (%llu cycles); sampled %.4f +- %.4f over %llu windows (%llu cycles)\n",
      detailed_cpi, static_cast<unsigned long long>(detailed.cycles), s.cpi, s.cpi_half_width,
      static_cast<unsigned long long>(s.samples),
      static_cast<unsigned long long>(s.measured_cycles));
  EXPECT_EQ(s.instructions, detailed.instructions);      // the same program, to the instruction
  EXPECT_EQ(s.samples, detailed.instructions / 50'000);  // every period's window measured
  EXPECT_EQ(s.measured_instructions, s.samples * 2'000);
  // The figures themselves (deterministic): any change in the model or the schedule shows.
  EXPECT_EQ(detailed.cycles, 9'026'630u);
  EXPECT_EQ(s.measured_cycles, 347'100u);
  EXPECT_GT(s.cpi_half_width, 0.0);
  EXPECT_LE(std::abs(s.cpi - detailed_cpi), s.cpi_half_width);
  EXPECT_DOUBLE_EQ(s.cycles, s.cpi * static_cast<double>(s.instructions));
  // Only the windows, their warmups and warming were heard: far fewer detailed instructions.
  EXPECT_LT(sampled.instructions, detailed.instructions / 10);
}

TEST(SamplingPrograms, ASampledRunIsDeterministic) {
  const timing::HartReport a = run(true), b = run(true);
  ASSERT_TRUE(a.sample && b.sample);
  EXPECT_EQ(a.sample->measured_cycles, b.sample->measured_cycles);
  EXPECT_EQ(a.sample->cpi, b.sample->cpi);
  EXPECT_EQ(a.cycles, b.cycles);
}

}  // namespace
}  // namespace rvscope
