// SampleSchedule: positions in a period; SampleAccumulator: the ratio estimate of CPI over the
// measured windows, its Student-t interval, and the CPI charged for unmeasured instructions.
#include "sim/timing/sampling.hpp"

#include <array>
#include <cmath>

namespace rvscope::timing {

SampleSchedule::SampleSchedule(const SamplingConfig& config)
    : config_(config),
      observed_from_(config.period - config.window - config.detailed_warmup -
                     config.functional_warming) {}

SamplePhase SampleSchedule::phase(u64 instret) const {
  const u64 pos = position(instret);
  if (pos >= config_.period - config_.window) return SamplePhase::kMeasured;
  if (pos >= config_.period - config_.window - config_.detailed_warmup) {
    return SamplePhase::kDetailedWarmup;
  }
  return pos >= observed_from_ || instret <= config_.initial_warming
             ? SamplePhase::kFunctionalWarming
             : SamplePhase::kUnobserved;
}

std::pair<u64, u64> SampleSchedule::phase_bounds(u64 instret) const {
  const u64 pos = position(instret);
  const u64 period_first = instret - pos;
  const u64 window = config_.period - config_.window;
  const u64 warmup = window - config_.detailed_warmup;
  u64 from = 0, to = observed_from_;
  for (const u64 edge : {observed_from_, warmup, window, config_.period}) {
    if (pos < edge) {
      to = edge;
      break;
    }
    from = edge;
  }
  if (from == 0 && instret <= config_.initial_warming) {  // unobserved, but warming anyway
    return {period_first, std::min(period_first + to, config_.initial_warming + 1)};
  }
  if (from == 0 && period_first <= config_.initial_warming) {
    return {config_.initial_warming + 1, period_first + to};
  }
  return {period_first + from, period_first + to};
}

bool SampleSchedule::may_run_plain(u64 retired, u64 ahead) const {
  // The next instruction is retired + 1; the last plain one would be retired + ahead.
  const u64 next = retired % config_.period;
  return retired >= config_.initial_warming && next < observed_from_ &&
         ahead <= observed_from_ - next;
}

void SampleAccumulator::add(u64 cycles, u64 instructions) {
  if (instructions == 0) return;
  cycles_ += cycles;
  instructions_ += instructions;
  cpis_.push_back(static_cast<double>(cycles) / static_cast<double>(instructions));
}

SampleEstimate SampleAccumulator::estimate(u64 run_instructions, u64 idle_cycles) const {
  SampleEstimate e;
  e.samples = cpis_.size();
  e.measured_instructions = instructions_;
  e.measured_cycles = cycles_;
  e.instructions = run_instructions;
  e.idle_cycles = idle_cycles;
  if (instructions_ != 0) {
    e.cpi = static_cast<double>(cycles_) / static_cast<double>(instructions_);
  }
  if (cpis_.size() >= 2) {
    double sum = 0;
    for (double c : cpis_) sum += c;
    const double mean = sum / static_cast<double>(cpis_.size());
    double squares = 0;
    for (double c : cpis_) squares += (c - mean) * (c - mean);
    const double stddev = std::sqrt(squares / static_cast<double>(cpis_.size() - 1));
    e.cpi_half_width =
        student_t95(cpis_.size() - 1) * stddev / std::sqrt(static_cast<double>(cpis_.size()));
  }
  e.cycles = e.cpi * static_cast<double>(run_instructions) + static_cast<double>(idle_cycles);
  return e;
}

u64 SampleAccumulator::charge(u64 n, u64& carry) const {
  if (instructions_ == 0) return n;
  const u128 total = static_cast<u128>(n) * cycles_ + carry;
  carry = static_cast<u64>(total % instructions_);
  return static_cast<u64>(total / instructions_);
}

double student_t95(u64 dof) {
  static constexpr std::array<double, 30> kTable = {
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
      2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (dof == 0) return 0;
  if (dof <= kTable.size()) return kTable[dof - 1];
  // Beyond the table, the value at the lower end of each range (a slightly wider interval).
  if (dof <= 40) return 2.042;
  if (dof <= 60) return 2.021;
  if (dof <= 120) return 2.000;
  return dof <= 1000 ? 1.980 : 1.962;
}

}  // namespace rvscope::timing
