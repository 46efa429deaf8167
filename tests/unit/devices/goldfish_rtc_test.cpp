// Goldfish RTC: time from simulated mtime plus the epoch, setting the clock, the alarm and
// its interrupt, and the event the run loop waits for.
#include "sim/devices/goldfish_rtc.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"

namespace rvscope {
namespace {

constexpr u64 kTimebase = 10'000'000;  // 100 ns per mtime tick
constexpr u64 kEpoch = 1'700'000'000ull * 1'000'000'000ull;

struct Rtc {
  test::FakeTime time;
  bool irq = false;
  GoldfishRtc rtc{time, kTimebase, kEpoch, [this](bool level) { irq = level; }};
  u32 rd(u64 offset) {
    u64 v = 0;
    EXPECT_TRUE(rtc.read(offset, 4, v));
    return static_cast<u32>(v);
  }
  void wr(u64 offset, u32 value) { EXPECT_TRUE(rtc.write(offset, 4, value)); }
  u64 time_ns() {
    const u64 low = rd(GoldfishRtc::kTimeLow);  // latches the high half
    return low | (u64{rd(GoldfishRtc::kTimeHigh)} << 32);
  }
};

TEST(GoldfishRtc, CountsSimulatedTimeFromTheEpoch) {
  Rtc r;
  EXPECT_EQ(r.time_ns(), kEpoch);
  r.time.now = 12345;
  EXPECT_EQ(r.time_ns(), kEpoch + 1234500);
  u64 v = 0;
  EXPECT_FALSE(r.rtc.read(GoldfishRtc::kTimeLow, 8, v));
}

TEST(GoldfishRtc, HighHalfIsLatchedByTheLowRead) {
  Rtc r;
  const u32 low = r.rd(GoldfishRtc::kTimeLow);
  const u32 high = r.rd(GoldfishRtc::kTimeHigh);
  r.time.now = u64{1} << 40;  // much later: high must still be the latched value
  EXPECT_EQ(r.rd(GoldfishRtc::kTimeHigh), high);
  EXPECT_EQ(low | (u64{high} << 32), kEpoch);
}

TEST(GoldfishRtc, SettingTheClockMovesOnlyTheOffset) {
  Rtc r;
  r.time.now = 1000;
  r.wr(GoldfishRtc::kTimeHigh, 0);
  r.wr(GoldfishRtc::kTimeLow, 500);
  EXPECT_EQ(r.time_ns(), 500u);
  r.time.now = 2000;  // 100 us later
  EXPECT_EQ(r.time_ns(), 500u + 100'000u);
}

TEST(GoldfishRtc, AlarmFiresAtItsTimeWhenEnabled) {
  Rtc r;
  const u64 alarm = kEpoch + 1'000'000;  // 1 ms after start: mtime 10000
  r.wr(GoldfishRtc::kIrqEnabled, 1);
  r.wr(GoldfishRtc::kAlarmHigh, static_cast<u32>(alarm >> 32));
  r.wr(GoldfishRtc::kAlarmLow, static_cast<u32>(alarm));
  EXPECT_EQ(r.rd(GoldfishRtc::kAlarmStatus), 1u);
  EXPECT_EQ(r.rtc.next_event(0), 10000u);
  r.rtc.tick(9999);
  EXPECT_FALSE(r.irq);
  r.rtc.tick(10000);
  EXPECT_TRUE(r.irq);
  EXPECT_EQ(r.rd(GoldfishRtc::kAlarmStatus), 0u);
  EXPECT_EQ(r.rtc.next_event(10000), ~0ull);  // nothing pending costs nothing
  r.wr(GoldfishRtc::kClearInterrupt, 1);
  EXPECT_FALSE(r.irq);
}

TEST(GoldfishRtc, DisabledInterruptStaysLowAndPastAlarmFiresAtOnce) {
  Rtc r;
  r.time.now = 100;
  r.wr(GoldfishRtc::kAlarmHigh, 0);
  r.wr(GoldfishRtc::kAlarmLow, 5);  // long past
  EXPECT_EQ(r.rd(GoldfishRtc::kAlarmStatus), 0u);
  EXPECT_FALSE(r.irq);  // pending, but not enabled
  r.wr(GoldfishRtc::kIrqEnabled, 1);
  EXPECT_TRUE(r.irq);
  r.wr(GoldfishRtc::kClearInterrupt, 1);
  EXPECT_FALSE(r.irq);
}

TEST(GoldfishRtc, ClearAlarmDisarms) {
  Rtc r;
  r.wr(GoldfishRtc::kIrqEnabled, 1);
  r.wr(GoldfishRtc::kAlarmHigh, static_cast<u32>((kEpoch + 100) >> 32));
  r.wr(GoldfishRtc::kAlarmLow, static_cast<u32>(kEpoch + 100));
  r.wr(GoldfishRtc::kClearAlarm, 1);
  EXPECT_EQ(r.rtc.next_event(0), ~0ull);
  r.rtc.tick(1'000'000);
  EXPECT_FALSE(r.irq);
}

}  // namespace
}  // namespace rvscope
