// CLINT as QEMU virt lays it out (SiFive/ACLINT): msip, mtimecmp and mtime, driving MSIP
// and MTIP of each hart.
#pragma once

#include <vector>

#include "sim/devices/device.hpp"

namespace rvscope {

class Clint final : public Device {
 public:
  static constexpr u64 kMsipBase = 0x0;
  static constexpr u64 kMtimecmpBase = 0x4000;
  static constexpr u64 kMtime = 0xbff8;
  static constexpr unsigned kMsipBit = 3;
  static constexpr unsigned kMtipBit = 7;

  // `time` is the simulated clock (in mtime ticks); `irq` receives MSIP/MTIP changes.
  Clint(unsigned num_harts, const TimeSource& time, InterruptSink& irq);

  std::string_view name() const override { return "clint"; }
  bool read(u64 offset, unsigned size, u64& value) override;
  bool write(u64 offset, unsigned size, u64 value) override;
  // Reads have no side effects here.
  bool peek(u64 offset, unsigned size, u64& value) override { return read(offset, size, value); }
  // `mtime` here is the machine's clock (TimeSource); the guest's view adds its offset.
  void tick(u64 mtime) override;
  u64 next_event(u64 mtime) const override;

  // What the guest reads as mtime (and the time CSR): the clock plus what writes added.
  bool save_state(StateWriter& out) const override;
  void restore_state(StateReader& in) override;

  u64 mtime() const { return guest_time(time_.mtime()); }
  u64 mtimecmp(unsigned hart) const { return mtimecmp_[hart]; }

 private:
  u64 guest_time(u64 clock) const { return clock + offset_; }
  void update_mtip(unsigned hart, u64 guest_now);
  void update_all(u64 guest_now);

  unsigned num_harts_;
  const TimeSource& time_;
  InterruptSink& irq_;
  u64 offset_ = 0;  // guest mtime - clock, changed by writes to mtime (wraps mod 2^64)
  std::vector<u64> mtimecmp_;
  std::vector<bool> msip_;
  std::vector<bool> mtip_;
};

}  // namespace rvscope
