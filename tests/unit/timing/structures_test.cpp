// The building blocks on their own: cache LRU and write-back, TLB ASIDs, RAS and BTB, prefetch.
#include <gtest/gtest.h>

#include "event_builder.hpp"
#include "sim/timing/branch_predictor.hpp"
#include "sim/timing/cache.hpp"
#include "sim/timing/timing_model.hpp"
#include "sim/timing/tlb.hpp"

namespace rvscope::timing {
namespace {

TEST(Cache, LruEvictsTheLeastRecentlyUsedWay) {
  Cache c({true, 2 * 64, 2, 64, 0});  // one set, two ways
  EXPECT_FALSE(c.access(0x000, false).hit);
  EXPECT_FALSE(c.access(0x040, false).hit);
  EXPECT_TRUE(c.access(0x000, false).hit);   // 0x40 is now the LRU line
  EXPECT_FALSE(c.access(0x080, false).hit);  // evicts 0x40
  EXPECT_TRUE(c.contains(0x000));
  EXPECT_FALSE(c.contains(0x040));
  EXPECT_EQ(c.stats().accesses, 4u);
  EXPECT_EQ(c.stats().misses, 3u);
}

TEST(Cache, DirtyVictimsAreWrittenBack) {
  Cache c({true, 2 * 64, 2, 64, 0});
  c.access(0x000, true);
  c.access(0x040, false);
  const Cache::Result r = c.access(0x080, false);  // evicts the dirty 0x000
  EXPECT_TRUE(r.evicted_dirty);
  EXPECT_EQ(r.victim_addr, 0x000u);
  const Cache::Result clean = c.access(0x0c0, false);  // evicts the clean 0x040
  EXPECT_FALSE(clean.evicted_dirty);
  EXPECT_EQ(c.stats().writebacks, 1u);
  c.invalidate_all();
  EXPECT_FALSE(c.access(0x080, false).hit);
}

TEST(Tlb, EntriesAreTaggedWithTheAsid) {
  Tlb t({true, 4, 4});
  EXPECT_FALSE(t.access(0x10, 1));
  EXPECT_TRUE(t.access(0x10, 1));
  EXPECT_FALSE(t.access(0x10, 2));
  t.flush();
  EXPECT_FALSE(t.access(0x10, 1));
  EXPECT_EQ(t.stats().misses, 3u);
}

TEST(BranchPredictor, ReturnAddressStackPredictsNestedReturns) {
  PredictorConfig cfg;
  cfg.ras_entries = 4;
  BranchPredictor p(cfg);
  // call a (from 0x100), call b (from 0x200), return to 0x204, return to 0x104.
  p.jump(0x100, 0x200, 0x104, false, true, false, false);
  p.jump(0x200, 0x300, 0x204, false, true, false, false);
  EXPECT_FALSE(p.jump(0x300, 0x204, 0x302, true, false, true, false).mispredicted);
  EXPECT_FALSE(p.jump(0x208, 0x104, 0x20a, true, false, true, false).mispredicted);
  EXPECT_TRUE(p.jump(0x108, 0x500, 0x10a, true, false, true, false).mispredicted);  // empty
  // An indirect jump is predicted from the BTB once it has been seen.
  EXPECT_TRUE(p.jump(0x400, 0x800, 0x404, true, false, false, false).mispredicted);
  EXPECT_FALSE(p.jump(0x400, 0x800, 0x404, true, false, false, false).mispredicted);
  EXPECT_EQ(p.stats().jump_mispredicts, 2u);
}

TEST(Prefetch, NextLinePrefetchHalvesStreamingMisses) {
  for (const bool prefetch : {false, true}) {
    TimingConfig c;
    c.memory.l1i.enabled = false;
    c.memory.next_line_prefetch = prefetch;
    TimingModel m(c, 1);
    for (u64 i = 0; i < 1024; ++i) {  // 64 KiB, one load per line, independent
      m.on_retire(
          test::Ev(TimingClass::kLoad, 0x1000).rd(10).rs(11).mem(0x80000000 + i * 64, false));
    }
    const TimingReport r = m.report();
    const LevelReport& l1d = r.harts[0].levels[1];
    EXPECT_EQ(l1d.misses, prefetch ? 512u : 1024u);
    EXPECT_EQ(l1d.prefetches, prefetch ? 512u : 0u);
  }
}

TEST(Writeback, StoresPastTheL1ProduceWritebacksButNoStalls) {
  TimingConfig c;
  c.memory.l1i.enabled = false;
  TimingModel m(c, 1);
  const u64 lines = 2 * c.memory.l1d.size / 64;
  for (u64 i = 0; i < lines; ++i) {
    m.on_retire(test::Ev(TimingClass::kStore, 0x1000).rs(11, 12).mem(0x80000000 + i * 64, true));
  }
  const TimingReport r = m.report();
  EXPECT_EQ(r.harts[0].levels[1].writebacks, lines - c.memory.l1d.size / 64);
  EXPECT_EQ(m.cycles(0), lines);  // the write buffer hides every miss
}

}  // namespace
}  // namespace rvscope::timing
