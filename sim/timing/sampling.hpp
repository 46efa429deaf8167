// Systematic sampling (SMARTS): which instructions a sampled run times in detail, and the
// whole-run CPI estimated from the measured windows with its confidence interval.
#pragma once

#include <utility>
#include <vector>

#include "sim/common/types.hpp"
#include "sim/timing/timing_config.hpp"

namespace rvscope::timing {

// Where an instruction falls in its period: each period ends with functional warming, then
// detailed warmup, then the measured window; it starts unobserved (the plain loop).
enum class SamplePhase : u8 { kUnobserved, kFunctionalWarming, kDetailedWarmup, kMeasured };

class SampleSchedule {
 public:
  explicit SampleSchedule(const SamplingConfig& config);
  // `instret` counts from 1, as events carry it.
  SamplePhase phase(u64 instret) const;
  // The instrets of the phase holding `instret`: [first, end).
  std::pair<u64, u64> phase_bounds(u64 instret) const;
  // With `retired` instructions retired, may the run loop run the next `ahead` plain (without
  // events)? No once they would reach the functional warming.
  bool may_run_plain(u64 retired, u64 ahead) const;
  const SamplingConfig& config() const { return config_; }

 private:
  u64 position(u64 instret) const { return (instret - 1) % config_.period; }
  SamplingConfig config_;
  u64 observed_from_;  // position where functional warming begins
};

// What the measured windows of one hart say about its whole run.
struct SampleEstimate {
  u64 samples = 0;  // measured windows
  u64 measured_instructions = 0;
  u64 measured_cycles = 0;
  double cpi = 0;             // cycles per instruction (idle cycles are not in it)
  double cpi_half_width = 0;  // of the 95% confidence interval: cpi ± this
  u64 instructions = 0;       // retired by the hart in the whole run
  u64 idle_cycles = 0;        // skipped in WFI (counted exactly, not estimated)
  double cycles = 0;          // estimated: cpi × instructions + idle_cycles
};

class SampleAccumulator {
 public:
  void add(u64 cycles, u64 instructions);
  // CPI = Σ cycles / Σ instructions (the windows have one length, so it is the mean of their
  // CPIs); the interval is Student's t at 95% over the windows' CPIs.
  SampleEstimate estimate(u64 run_instructions, u64 idle_cycles) const;
  // The cycles charged for `n` instructions timed in no detail, at the CPI measured so far
  // (1 before the first window): whole cycles, the fractions carried in `carry` (< 1 cycle).
  u64 charge(u64 n, u64& carry) const;
  // What charge() would give, without moving the carry.
  u64 charge_peek(u64 n, u64 carry) const { return charge(n, carry); }

 private:
  std::vector<double> cpis_;
  u64 cycles_ = 0;
  u64 instructions_ = 0;
};

// The two-sided 95% quantile of Student's t with `dof` degrees of freedom.
double student_t95(u64 dof);

}  // namespace rvscope::timing
