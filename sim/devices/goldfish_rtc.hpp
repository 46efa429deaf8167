// Goldfish RTC (QEMU virt's VIRT_RTC): nanoseconds since the Unix epoch, counted on simulated
// time from a configured start, with one alarm and its interrupt, as Linux's rtc-goldfish
// driver and QEMU's hw/rtc/goldfish_rtc.c define the registers.
#pragma once

#include <functional>

#include "sim/devices/device.hpp"

namespace rvscope {

class GoldfishRtc final : public Device {
 public:
  enum Reg : u64 {
    kTimeLow = 0x00,  // read: the time's low half; latches the high half
    kTimeHigh = 0x04,
    kAlarmLow = 0x08,  // write: the alarm's low half, and arm it
    kAlarmHigh = 0x0c,
    kIrqEnabled = 0x10,
    kClearAlarm = 0x14,
    kAlarmStatus = 0x18,
    kClearInterrupt = 0x1c,
  };

  // `time` gives the simulated mtime (never the host's clock); `epoch_ns` is what TIME
  // reads at mtime 0.
  GoldfishRtc(const TimeSource& time, u64 timebase_hz, u64 epoch_ns,
              std::function<void(bool level)> irq);

  std::string_view name() const override { return "goldfish-rtc"; }
  bool read(u64 offset, unsigned size, u64& value) override;
  bool write(u64 offset, unsigned size, u64 value) override;
  void tick(u64 mtime) override;
  u64 next_event(u64 mtime) const override;
  bool save_state(StateWriter& out) const override;
  void restore_state(StateReader& in) override;

  u64 now_ns() const { return count_at(time_.mtime()); }
  bool irq_level() const { return irq_pending_ && irq_enabled_; }

 private:
  u64 count_at(u64 mtime) const;
  void arm_alarm();
  void update_irq();

  const TimeSource& time_;
  u64 timebase_hz_;
  u64 offset_ns_;  // TIME = simulated ns + offset_ns_
  std::function<void(bool)> irq_;
  u32 time_high_ = 0;
  u64 alarm_ns_ = 0;
  bool alarm_running_ = false;
  bool irq_pending_ = false;
  bool irq_enabled_ = false;
};

}  // namespace rvscope
