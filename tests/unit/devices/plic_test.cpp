// PLIC: layout, priorities/threshold, enables per context, claim/complete, MEIP/SEIP.
#include "sim/devices/plic.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"
#include "sim/devices/virt_map.hpp"

namespace rvscope {
namespace {

constexpr unsigned kMeip = 11, kSeip = 9;

class PlicTest : public ::testing::Test {
 protected:
  test::FakeSink sink;
  Plic plic{2, kVirtPlicNumSources, kVirtPlicPriorityBits, sink};
  u32 rd(u64 offset) {
    u64 v = 0;
    EXPECT_TRUE(plic.read(offset, 4, v)) << std::hex << offset;
    return static_cast<u32>(v);
  }
  void wr(u64 offset, u32 value) {
    EXPECT_TRUE(plic.write(offset, 4, value)) << std::hex << offset;
  }
  static u64 enable(unsigned ctx, unsigned source) { return 0x2000 + 0x80 * ctx + source / 32 * 4; }
  static u64 threshold(unsigned ctx) { return 0x200000 + 0x1000 * ctx; }
  static u64 claim(unsigned ctx) { return threshold(ctx) + 4; }
};

TEST_F(PlicTest, PriorityIsMaskedToThreeBits) {
  wr(4 * 10, 0xff);
  EXPECT_EQ(rd(4 * 10), 7u);
  wr(0, 5);  // source 0 does not exist
  EXPECT_EQ(rd(0), 0u);
}

TEST_F(PlicTest, OnlyFourByteAccesses) {
  u64 v = 0;
  EXPECT_FALSE(plic.read(0x28, 8, v));
  EXPECT_FALSE(plic.write(0x28, 1, 1));
  EXPECT_FALSE(plic.read(0x2a, 4, v));
}

TEST_F(PlicTest, PendingFollowsLevelAndIsReadOnly) {
  plic.set_source_level(10, true);
  EXPECT_EQ(rd(0x1000), 1u << 10);
  wr(0x1000, 0);
  EXPECT_EQ(rd(0x1000), 1u << 10);
  plic.set_source_level(10, false);
  EXPECT_EQ(rd(0x1000), 0u);
  plic.set_source_level(40, true);
  EXPECT_EQ(rd(0x1004), 1u << 8);
}

TEST_F(PlicTest, RoutesToMeipAndSeipPerContext) {
  wr(4 * 10, 1);
  plic.set_source_level(10, true);
  EXPECT_EQ(sink.calls, 0u);    // nothing enabled yet
  wr(enable(1, 10), 1u << 10);  // hart 0 S-mode
  EXPECT_TRUE(sink.level(0, kSeip));
  EXPECT_FALSE(sink.level(0, kMeip));
  wr(enable(2, 10), 1u << 10);  // hart 1 M-mode
  EXPECT_TRUE(sink.level(1, kMeip));
  wr(threshold(2), 1);  // priority must exceed the threshold
  EXPECT_FALSE(sink.level(1, kMeip));
  EXPECT_TRUE(sink.level(0, kSeip));
}

TEST_F(PlicTest, ZeroPriorityNeverInterrupts) {
  plic.set_source_level(10, true);
  wr(enable(0, 10), 1u << 10);
  EXPECT_FALSE(sink.level(0, kMeip));
  EXPECT_EQ(rd(claim(0)), 0u);
}

TEST_F(PlicTest, ClaimPicksHighestPriorityThenLowestId) {
  for (unsigned s : {3u, 5u, 7u}) {
    wr(4 * s, s == 3 ? 2 : 6);
    plic.set_source_level(s, true);
  }
  wr(enable(0, 0), (1u << 3) | (1u << 5) | (1u << 7));
  EXPECT_EQ(rd(claim(0)), 5u);
  EXPECT_EQ(rd(claim(0)), 7u);
  EXPECT_EQ(rd(claim(0)), 3u);
  EXPECT_EQ(rd(claim(0)), 0u);
  EXPECT_FALSE(sink.level(0, kMeip));
}

TEST_F(PlicTest, ClaimedSourceIsBlockedUntilComplete) {
  wr(4 * 10, 1);
  wr(enable(1, 10), 1u << 10);
  plic.set_source_level(10, true);
  EXPECT_EQ(rd(claim(1)), 10u);
  EXPECT_TRUE(plic.claimed(10));
  EXPECT_FALSE(sink.level(0, kSeip));
  EXPECT_EQ(rd(0x1000), 0u);
  // The line drops and rises again while in service: still blocked.
  plic.set_source_level(10, false);
  plic.set_source_level(10, true);
  EXPECT_FALSE(sink.level(0, kSeip));
  EXPECT_EQ(rd(claim(1)), 0u);
  // Completion with the line still high re-raises the interrupt (level-triggered).
  wr(claim(1), 10);
  EXPECT_FALSE(plic.claimed(10));
  EXPECT_TRUE(sink.level(0, kSeip));
  EXPECT_EQ(rd(claim(1)), 10u);
  plic.set_source_level(10, false);
  wr(claim(1), 10);
  EXPECT_FALSE(sink.level(0, kSeip));
  EXPECT_FALSE(plic.pending(10));
}

TEST_F(PlicTest, CompleteOfSourceNotEnabledIsIgnored) {
  wr(4 * 10, 1);
  wr(enable(1, 10), 1u << 10);
  plic.set_source_level(10, true);
  EXPECT_EQ(rd(claim(1)), 10u);
  wr(claim(0), 10);  // context 0 does not enable source 10
  EXPECT_TRUE(plic.claimed(10));
  wr(claim(1), 10);
  EXPECT_FALSE(plic.claimed(10));
}

TEST_F(PlicTest, EnableMasksNonexistentSources) {
  wr(enable(0, 0), 0xffffffff);
  EXPECT_EQ(rd(enable(0, 0)), 0xfffffffeu);
  wr(0x2000 + 3 * 4, 0xffffffff);  // sources 96..127: only 96 exists
  EXPECT_EQ(rd(0x2000 + 3 * 4), 1u);
}

TEST_F(PlicTest, UnknownContextsAndSourcesAreHarmless) {
  plic.set_source_level(0, true);
  plic.set_source_level(5000, true);
  wr(threshold(4), 3);  // only 4 contexts for 2 harts
  EXPECT_EQ(rd(threshold(4)), 0u);
  EXPECT_EQ(rd(claim(7)), 0u);
  EXPECT_EQ(rd(virt_size(VirtDevice::kPlic) - 4), 0u);
}

TEST_F(PlicTest, ThresholdReadsBack) {
  wr(threshold(3), 0xff);
  EXPECT_EQ(rd(threshold(3)), 7u);
}

}  // namespace
}  // namespace rvscope
