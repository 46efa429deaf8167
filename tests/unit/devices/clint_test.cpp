// CLINT: register layout, access widths, MSIP/MTIP levels, mtime offset and next_event.
#include "sim/devices/clint.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"

namespace rvscope {
namespace {

class ClintTest : public ::testing::Test {
 protected:
  test::FakeTime time;
  test::FakeSink sink;
  Clint clint{2, time, sink};
  u64 rd(u64 offset, unsigned size) {
    u64 v = 0;
    EXPECT_TRUE(clint.read(offset, size, v)) << std::hex << offset;
    return v;
  }
};

TEST_F(ClintTest, MsipRaisesAndLowersMsipOfThatHart) {
  EXPECT_TRUE(clint.write(4, 4, 1));
  EXPECT_TRUE(sink.level(1, 3));
  EXPECT_FALSE(sink.level(0, 3));
  EXPECT_EQ(rd(4, 4), 1u);
  EXPECT_TRUE(clint.write(4, 4, 0xfffffffe));  // only bit 0 counts
  EXPECT_FALSE(sink.level(1, 3));
  EXPECT_EQ(rd(4, 4), 0u);
}

TEST_F(ClintTest, MsipIsFourBytesOnly) {
  u64 v = 0;
  EXPECT_FALSE(clint.write(0, 8, 1));
  EXPECT_FALSE(clint.write(0, 1, 1));
  EXPECT_FALSE(clint.read(2, 4, v));
  // Harts that do not exist read as zero and ignore writes.
  EXPECT_TRUE(clint.write(8, 4, 1));
  EXPECT_EQ(rd(8, 4), 0u);
}

TEST_F(ClintTest, MtimeFollowsClockInBothWidths) {
  time.now = 0x1122334455667788;
  EXPECT_EQ(rd(0xbff8, 8), 0x1122334455667788u);
  EXPECT_EQ(rd(0xbff8, 4), 0x55667788u);
  EXPECT_EQ(rd(0xbffc, 4), 0x11223344u);
  u64 v = 0;
  EXPECT_FALSE(clint.read(0xbff8, 2, v));
  EXPECT_FALSE(clint.read(0xbffa, 4, v));
}

TEST_F(ClintTest, MtimeWriteKeepsAnOffset) {
  time.now = 1000;
  EXPECT_TRUE(clint.write(0xbff8, 8, 5000));
  EXPECT_EQ(clint.mtime(), 5000u);
  time.now = 1100;
  EXPECT_EQ(rd(0xbff8, 8), 5100u);
  EXPECT_TRUE(clint.write(0xbffc, 4, 1));  // high half only
  EXPECT_EQ(clint.mtime(), (1ull << 32) + 5100);
}

TEST_F(ClintTest, MtimecmpWriteUpdatesMtipImmediately) {
  time.now = 100;
  EXPECT_FALSE(sink.level(0, 7));  // reset value of mtimecmp keeps MTIP low
  EXPECT_TRUE(clint.write(0x4000, 8, 50));
  EXPECT_TRUE(sink.level(0, 7));
  EXPECT_FALSE(sink.level(1, 7));
  EXPECT_TRUE(clint.write(0x4000, 8, 200));
  EXPECT_FALSE(sink.level(0, 7));
  // 32-bit halves, the way RV32 firmware writes: low then high.
  EXPECT_TRUE(clint.write(0x4008, 4, 99));
  EXPECT_TRUE(clint.write(0x400c, 4, 0));
  EXPECT_EQ(clint.mtimecmp(1), 99u);
  EXPECT_EQ(rd(0x4008, 8), 99u);
  EXPECT_TRUE(sink.level(1, 7));
}

TEST_F(ClintTest, TickRaisesMtipWhenTimeReachesCompare) {
  EXPECT_TRUE(clint.write(0x4000, 8, 500));
  clint.tick(499);
  EXPECT_FALSE(sink.level(0, 7));
  clint.tick(500);
  EXPECT_TRUE(sink.level(0, 7));
  const unsigned calls = sink.calls;
  clint.tick(600);  // no change, no call
  EXPECT_EQ(sink.calls, calls);
}

TEST_F(ClintTest, NextEventIsEarliestFutureCompareInClockTime) {
  EXPECT_EQ(clint.next_event(0), ~0ull);
  EXPECT_TRUE(clint.write(0x4000, 8, 900));
  EXPECT_TRUE(clint.write(0x4008, 8, 700));
  EXPECT_EQ(clint.next_event(100), 700u);
  EXPECT_EQ(clint.next_event(800), 800u);  // hart 1's compare passed unseen: tick now
  clint.tick(800);
  EXPECT_EQ(clint.next_event(800), 900u);
  clint.tick(1000);
  EXPECT_EQ(clint.next_event(1000), ~0ull);
  // With the guest's mtime ahead of the clock by 50, the compare fires 50 ticks earlier.
  time.now = 100;
  EXPECT_TRUE(clint.write(0xbff8, 8, 150));
  EXPECT_EQ(clint.next_event(100), 650u);
}

}  // namespace
}  // namespace rvscope
