// Microbenchmarks whose cycle counts follow from the configuration: pointer chases per
// cache level, multiply chains, branch patterns per predictor, a TLB-thrashing walk.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "event_builder.hpp"
#include "sim/timing/timing_model.hpp"

namespace rvscope::timing {
namespace {

using test::Ev;

constexpr u8 kA0 = 10, kA1 = 11, kA2 = 12, kT0 = 5;

// Single issue, one pipe, caches small enough to cross quickly.
TimingConfig small_core() {
  TimingConfig c;
  c.enabled = true;
  c.core.issue_width = 1;
  c.core.num_pipes = 1;
  c.memory.l1d = {true, 16 * 1024, 2, 64, 1};
  c.memory.l2 = {true, 256 * 1024, 8, 64, 10};
  c.memory.memory_latency = 100;
  c.memory.dtlb = {true, 16, 16};
  c.memory.page_walk_latency = 2;
  return c;
}

u64 load_latency(const TimingConfig& c) {
  return c.core.classes[static_cast<std::size_t>(ExecClass::kLoad)].latency;
}

// A dependent chain of loads through `lines` cache lines of a contiguous region, visited in a
// fixed random order so no stride helps; returns cycles per load in the third pass (the
// first fills the caches, the second leaves no miss outstanding at its end).
double pointer_chase(const TimingConfig& config, u64 bytes) {
  const u64 line = config.memory.l1d.line;
  std::vector<u64> order(bytes / line);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(42);
  for (std::size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[rng() % (i + 1)]);
  TimingModel model(config, 1);
  auto pass = [&] {
    for (std::size_t i = 0; i < order.size(); ++i) {
      model.on_retire(Ev(TimingClass::kLoad, 0x1000 + 4 * (i % 8))
                          .rd(kA0)
                          .rs(kA0)
                          .mem(0x80000000 + order[i] * line, false));
    }
  };
  pass();
  pass();
  const u64 start = model.cycles(0);
  pass();
  return static_cast<double>(model.cycles(0) - start) / static_cast<double>(order.size());
}

TEST(Microbench, PointerChaseShowsEachLevelsLatency) {
  const TimingConfig c = small_core();
  const double l1 = pointer_chase(c, 8 * 1024);
  const double l2 = pointer_chase(c, 128 * 1024);
  const double mem = pointer_chase(c, 4 * 1024 * 1024);
  const double lat = static_cast<double>(load_latency(c));
  EXPECT_NEAR(l1, lat, 0.05 * lat);
  EXPECT_NEAR(l2, lat + c.memory.l2.latency, 0.05 * (lat + c.memory.l2.latency));
  const double mem_expect = lat + c.memory.l2.latency + c.memory.memory_latency;
  EXPECT_NEAR(mem, mem_expect, 0.05 * mem_expect);
}

TEST(Microbench, PointerChaseFollowsTheU74Profile) {
  const TimingConfig c = load_timing_config(std::string(RVSCOPE_SOURCE_DIR) + "/configs/u74.yaml");
  const double lat = static_cast<double>(load_latency(c));
  EXPECT_NEAR(pointer_chase(c, 16 * 1024), lat, 0.05 * lat);
  const double l2 = lat + c.memory.l2.latency;
  EXPECT_NEAR(pointer_chase(c, 512 * 1024), l2, 0.05 * l2);
  const double mem = l2 + c.memory.memory_latency;
  EXPECT_NEAR(pointer_chase(c, 8 * 1024 * 1024), mem, 0.05 * mem);
}

double mul_chain(const TimingConfig& config, bool dependent) {
  TimingModel model(config, 1);
  const unsigned n = 4000;
  for (unsigned i = 0; i < n; ++i) {
    const u8 rd = dependent ? kA0 : static_cast<u8>(18 + i % 8);  // s2..s9: read by nobody
    model.on_retire(
        Ev(TimingClass::kMul, 0x1000 + 4 * (i % 16)).rd(rd).rs(dependent ? kA0 : kA1, kA2));
  }
  return static_cast<double>(model.cycles(0)) / n;
}

TEST(Microbench, MultiplyChainsShowLatencyAndThroughput) {
  TimingConfig c = small_core();
  c.core.classes[static_cast<std::size_t>(ExecClass::kMul)] = {4, 1, 1, Unit::kNone, 0};
  EXPECT_NEAR(mul_chain(c, true), 4.0, 0.05 * 4);
  EXPECT_NEAR(mul_chain(c, false), 1.0, 0.05);
  // A multiplier busy for 2 cycles per operation halves the throughput, not the latency.
  c.core.classes[static_cast<std::size_t>(ExecClass::kMul)].occupancy = 2;
  EXPECT_NEAR(mul_chain(c, false), 2.0, 0.05 * 2);
  EXPECT_NEAR(mul_chain(c, true), 4.0, 0.05 * 4);

  const TimingConfig u74 =
      load_timing_config(std::string(RVSCOPE_SOURCE_DIR) + "/configs/u74.yaml");
  const double lat = u74.core.classes[static_cast<std::size_t>(ExecClass::kMul)].latency;
  EXPECT_NEAR(mul_chain(u74, true), lat, 0.05 * lat);
  EXPECT_NEAR(mul_chain(u74, false), 1.0, 0.05);  // one multiplier, in pipe B
}

struct BranchRun {
  u64 mispredicts = 0;
  u64 mispredict_stalls = 0;
};

// `n` executions of one conditional branch following `pattern` (1 = taken), each after an
// ALU instruction, at a backward or forward branch.
BranchRun branch_pattern(PredictorKind kind, const std::vector<int>& pattern, unsigned n,
                         bool backward) {
  TimingConfig c = small_core();
  c.predictor.kind = kind;
  c.predictor.history_bits = 8;
  c.core.mispredict_penalty = 5;
  TimingModel model(c, 1);
  const u64 pc = 0x2000;
  const u64 target = backward ? 0x1ff0 : 0x2040;
  for (unsigned i = 0; i < n; ++i) {
    model.on_retire(Ev(TimingClass::kAlu, pc - 4).rd(kT0).rs(kT0));
    const bool taken = pattern[i % pattern.size()] != 0;
    model.on_retire(Ev(TimingClass::kBranch, pc).rs(kT0).branch(taken, target));
  }
  model.on_retire(Ev(TimingClass::kAlu, target).rd(kT0).rs(kT0));  // pays the last redirect
  const TimingReport r = model.report();
  BranchRun run;
  run.mispredicts = r.harts[0].branch_mispredicts;
  for (const auto& [name, cycles] : r.harts[0].stall_cycles) {
    if (name == "mispredict") run.mispredict_stalls = cycles;
  }
  return run;
}

TEST(Microbench, BranchPatternsGiveEachPredictorsMispredictions) {
  const unsigned n = 3000;
  const std::vector<int> always{1}, alternate{1, 0}, ttn{1, 1, 0};
  // Static: backward taken, forward not taken.
  EXPECT_EQ(branch_pattern(PredictorKind::kStatic, always, n, true).mispredicts, 0u);
  EXPECT_EQ(branch_pattern(PredictorKind::kStatic, always, n, false).mispredicts, n);
  EXPECT_EQ(branch_pattern(PredictorKind::kStatic, alternate, n, false).mispredicts, n / 2);
  // Bimodal (2-bit counters from weakly not-taken): one warm-up miss on a loop branch,
  // every outcome of an alternating branch, one per period of taken-taken-not-taken.
  EXPECT_EQ(branch_pattern(PredictorKind::kBimodal, always, n, true).mispredicts, 1u);
  EXPECT_EQ(branch_pattern(PredictorKind::kBimodal, alternate, n, true).mispredicts, n);
  EXPECT_EQ(branch_pattern(PredictorKind::kBimodal, ttn, n, true).mispredicts, n / 3 + 1);
  // Gshare learns both periodic patterns after a warm-up bounded by its history length.
  const u64 warmup = 2 * (8 + 1) + 2;
  EXPECT_LE(branch_pattern(PredictorKind::kGshare, always, n, true).mispredicts, 9u);
  EXPECT_LE(branch_pattern(PredictorKind::kGshare, alternate, n, true).mispredicts, warmup);
  EXPECT_LE(branch_pattern(PredictorKind::kGshare, ttn, n, true).mispredicts, warmup + 3);
  // Each misprediction costs the penalty: single issue loses penalty - 1 cycles per miss.
  const BranchRun b = branch_pattern(PredictorKind::kBimodal, alternate, n, true);
  EXPECT_EQ(b.mispredict_stalls, b.mispredicts * (5 - 1));
}

// Loads to `pages` pages in S-mode under Sv39, each access dependent on the last.
double tlb_walk(const TimingConfig& config, unsigned pages) {
  TimingModel model(config, 1);
  model.on_retire(Ev(TimingClass::kCsr, 0x1000)
                      .priv(Priv::kSupervisor)
                      .csr_write(0x180, (u64{8} << 60) | (u64{1} << 44)));
  auto pass = [&] {
    for (unsigned i = 0; i < pages; ++i) {
      // A different line offset in each page keeps the data itself inside the L1.
      const u64 offset = (i * 64) % 4096;
      model.on_retire(Ev(TimingClass::kLoad, 0x1000 + 4 * (i % 8))
                          .priv(Priv::kSupervisor)
                          .rd(kA0)
                          .rs(kA0)
                          .mem(0x80000000 + u64{i} * 4096 + offset, false, 8,
                               0x40000000 + u64{i} * 4096 + offset));
    }
  };
  pass();
  pass();
  const u64 start = model.cycles(0);
  pass();
  return static_cast<double>(model.cycles(0) - start) / pages;
}

TEST(Microbench, TlbThrashingShowsThePageWalkCost) {
  const TimingConfig c = small_core();
  const double lat = static_cast<double>(load_latency(c));
  EXPECT_NEAR(tlb_walk(c, 8), lat, 0.05 * lat);  // fits the 16-entry DTLB
  // Three levels, each: walker step + an L1D hit (the PTE lines stay cached).
  const double walk = 3.0 * (c.memory.page_walk_latency + c.memory.l1d.latency);
  EXPECT_NEAR(tlb_walk(c, 64), lat + walk, 0.05 * (lat + walk));
}

TEST(Microbench, MmioAccessesCostTheirOwnLatency) {
  TimingConfig c = small_core();
  c.memory.mmio_latency = 40;
  TimingModel model(c, 1);
  for (int i = 0; i < 100; ++i) {
    model.on_retire(Ev(TimingClass::kLoad, 0x1000).rd(kA0).rs(kA0).mmio(0x10000000, false));
  }
  EXPECT_NEAR(static_cast<double>(model.cycles(0)) / 100, 40.0 + load_latency(c), 1.0);
  EXPECT_EQ(model.report().harts[0].mmio_accesses, 100u);
}

}  // namespace
}  // namespace rvscope::timing
