// L1D coherence as real two-hart programs: a ping-pong on one line and a false-sharing loop
// (against the same loop with the counters a line apart), run by the machine under u74.yaml.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "tests/timing/run_program.hpp"

namespace rvscope {
namespace {

const std::string kProfile = std::string(RVSCOPE_SOURCE_DIR) + "/configs/u74.yaml";

timing::TimingReport run_two_harts(const std::string& name, const std::string& body,
                                   const timing::TimingConfig& profile) {
  return test::run_timed_program(name, body, profile, 2);
}

// Hart h waits until the shared counter's parity is h, then increments it: 2 * kRounds
// increments in strict alternation. Hart 0 exits when the counter reaches the end.
constexpr int kRounds = 200;
const std::string kPingPong = R"(
  csrr t0, mhartid
  la s0, counter
  li s1, )" + std::to_string(2 * kRounds) +
                              R"(
1:ld t1, 0(s0)
  bge t1, s1, 2f
  andi t2, t1, 1
  bne t2, t0, 1b
  addi t1, t1, 1
  sd t1, 0(s0)
  j 1b
2:bnez t0, 3f
  li t0, 1
  la t1, tohost
  sd t0, 0(t1)
3:wfi
  j 3b
.data
.align 6
counter: .dword 0
)";

// Each hart adds 1 to its own counter kIncrements times; hart 1 then raises a flag that
// hart 0 waits for before it exits. `gap` bytes separate the two counters.
constexpr int kIncrements = 3000;
std::string sharing(int gap) {
  return R"(
  csrr t0, mhartid
  la s0, counters
  li t1, )" +
         std::to_string(gap) + R"(
  mul t1, t1, t0
  add s0, s0, t1
  li s1, )" +
         std::to_string(kIncrements) + R"(
1:ld t1, 0(s0)
  addi t1, t1, 1
  sd t1, 0(s0)
  addi s1, s1, -1
  bnez s1, 1b
  la s2, flag
  bnez t0, 3f
2:ld t1, 0(s2)
  beqz t1, 2b
  li t0, 1
  la t1, tohost
  sd t0, 0(t1)
3:li t1, 1
  sd t1, 0(s2)
4:wfi
  j 4b
.data
.align 6
counters: .space 128
.align 6
flag: .dword 0
)";
}

void expect_counts(const timing::HartReport& h, u64 transfers, u64 upgrades, u64 invalidations,
                   const timing::CoherenceConfig& c) {
  EXPECT_EQ(h.coherence_transfers, transfers) << "hart " << h.hart;
  EXPECT_EQ(h.coherence_upgrades, upgrades) << "hart " << h.hart;
  EXPECT_EQ(h.coherence_invalidations, invalidations) << "hart " << h.hart;
  EXPECT_EQ(h.coherence_cycles, transfers * c.transfer_latency + upgrades * c.upgrade_latency)
      << "hart " << h.hart;
}

TEST(CoherencePrograms, PingPongPaysATransferAndAnUpgradePerHandOver) {
  const timing::TimingConfig profile = timing::load_timing_config(kProfile);
  const timing::CoherenceConfig& c = profile.memory.coherence;
  const timing::TimingReport r = run_two_harts("pingpong", kPingPong, profile);
  ASSERT_EQ(r.harts.size(), 2u);
  // Every increment is a store to a line the other hart reads while it waits (shared), so it
  // upgrades and invalidates; the waiting hart's next load takes the line from the writer's
  // modified copy. Hart 0's first increment runs before hart 1 has read anything: its line
  // is exclusive and the write is silent. The last load of each hart sees the final value.
  expect_counts(r.harts[0], kRounds, kRounds - 1, kRounds, c);
  expect_counts(r.harts[1], kRounds, kRounds, kRounds - 1, c);

  timing::TimingConfig incoherent = profile;
  incoherent.memory.coherence.enabled = false;
  const timing::TimingReport off = run_two_harts("pingpong_off", kPingPong, incoherent);
  ASSERT_EQ(off.harts.size(), 2u);
  for (const timing::HartReport& h : off.harts) expect_counts(h, 0, 0, 0, c);
}

TEST(CoherencePrograms, FalseSharingCostsWhatSeparateLinesDoNot) {
  const timing::TimingConfig profile = timing::load_timing_config(kProfile);
  const timing::CoherenceConfig& c = profile.memory.coherence;
  const timing::TimingReport apart = run_two_harts("sharing64", sharing(64), profile);
  const timing::TimingReport shared = run_two_harts("sharing8", sharing(8), profile);
  ASSERT_EQ(apart.harts.size(), 2u);
  ASSERT_EQ(shared.harts.size(), 2u);
  // A line apart only the flag moves: hart 1 writes it while hart 0 reads it (an upgrade), and
  // hart 0's next read takes it from hart 1.
  expect_counts(apart.harts[0], 1, 0, 1, c);
  expect_counts(apart.harts[1], 0, 1, 0, c);
  // In one line the counters change hands whenever the run loop switches harts (every 1000
  // instructions; each quantum starts at the loop's store): one read-for-ownership of the
  // other's modified line per hand-over, 15 for each hart's 15006 instructions, plus the
  // flag as above (hart 1's first quantum finds the line still exclusive in hart 0's cache
  // only once both have written it, hence its extra upgrade).
  expect_counts(shared.harts[0], 16, 0, 17, c);
  expect_counts(shared.harts[1], 16, 2, 15, c);
  // Slower for both, though hart 1's first access is cheaper when shared (a transfer from
  // hart 0 rather than a miss to memory).
  for (int h = 0; h < 2; ++h) EXPECT_GT(shared.harts[h].cycles, apart.harts[h].cycles);
}

}  // namespace
}  // namespace rvscope
