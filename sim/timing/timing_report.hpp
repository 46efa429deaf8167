// A snapshot of the timing statistics, and its text and JSON renderings.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "sim/common/types.hpp"
#include "sim/timing/sampling.hpp"

namespace rvscope::timing {

struct LevelReport {
  std::string name;  // l1i, l1d, l2, itlb, dtlb
  u64 accesses = 0;
  u64 misses = 0;
  u64 writebacks = 0;   // caches
  u64 prefetches = 0;   // caches
  u64 walks = 0;        // TLBs
  u64 walk_cycles = 0;  // TLBs
};

struct HartReport {
  unsigned hart = 0;
  u64 cycles = 0;        // detailed phase, including idle
  u64 instructions = 0;  // detailed phase
  u64 functional_instructions = 0;
  u64 idle_cycles = 0;
  u64 traps = 0;
  u64 interrupts = 0;
  u64 mmio_accesses = 0;
  std::array<u64, 3> cycles_by_priv{};  // U, S, M
  std::array<u64, 3> instructions_by_priv{};
  std::vector<std::pair<std::string, u64>> stall_cycles;  // by cause, fixed order
  u64 branches = 0;
  u64 branch_mispredicts = 0;
  u64 jumps = 0;
  u64 jump_mispredicts = 0;
  u64 btb_misses = 0;
  std::vector<LevelReport> levels;  // l1i, l1d, itlb, dtlb
  // L1D coherence (reported for runs of more than one hart only)
  u64 coherence_transfers = 0;
  u64 coherence_upgrades = 0;
  u64 coherence_invalidations = 0;
  u64 coherence_cycles = 0;
  std::optional<SampleEstimate> sample;  // --sample runs
};

struct SyscallReport {
  u64 number = 0;
  std::string name;
  u64 count = 0;
  u64 cycles = 0;
  u64 max_cycles = 0;
};

struct FunctionReport {
  std::string name;
  u64 cycles = 0;
  u64 instructions = 0;
};

struct TimingReport {
  std::vector<HartReport> harts;
  LevelReport l2;
  u64 memory_writebacks = 0;
  std::vector<SyscallReport> syscalls;        // by number
  std::vector<FunctionReport> top_functions;  // most cycles first
};

std::string format_text(const TimingReport& report);
std::string format_json(const TimingReport& report);
// SimError naming the path when it cannot be written.
void write_json(const TimingReport& report, const std::string& path);

}  // namespace rvscope::timing
