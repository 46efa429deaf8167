// Goldfish RTC registers, alarm and interrupt line.
#include "sim/devices/goldfish_rtc.hpp"

namespace rvscope {

namespace {
constexpr u64 kNsPerSecond = 1'000'000'000;
u64 deposit(u64 word, unsigned shift, u32 value) {
  return (word & ~(u64{0xffffffff} << shift)) | (u64{value} << shift);
}
}  // namespace

GoldfishRtc::GoldfishRtc(const TimeSource& time, u64 timebase_hz, u64 epoch_ns,
                         std::function<void(bool level)> irq)
    : time_(time), timebase_hz_(timebase_hz), offset_ns_(epoch_ns), irq_(std::move(irq)) {}

u64 GoldfishRtc::count_at(u64 mtime) const {
  return static_cast<u64>(static_cast<u128>(mtime) * kNsPerSecond / timebase_hz_) + offset_ns_;
}

bool GoldfishRtc::read(u64 offset, unsigned size, u64& value) {
  if (size != 4 || offset % 4 != 0) return false;
  switch (offset) {
    case kTimeLow: {
      const u64 now = now_ns();
      time_high_ = static_cast<u32>(now >> 32);
      value = static_cast<u32>(now);
      break;
    }
    case kTimeHigh:
      value = time_high_;
      break;
    case kAlarmLow:
      value = static_cast<u32>(alarm_ns_);
      break;
    case kAlarmHigh:
      value = static_cast<u32>(alarm_ns_ >> 32);
      break;
    case kIrqEnabled:
      value = irq_enabled_;
      break;
    case kAlarmStatus:
      value = alarm_running_;
      break;
    default:
      value = 0;
      break;
  }
  return true;
}

bool GoldfishRtc::write(u64 offset, unsigned size, u64 value) {
  if (size != 4 || offset % 4 != 0) return false;
  const u32 v = static_cast<u32>(value);
  switch (offset) {
    case kTimeLow:
    case kTimeHigh: {
      // Setting the clock moves the offset; simulated time itself never changes.
      const u64 now = now_ns();
      offset_ns_ += deposit(now, offset == kTimeLow ? 0 : 32, v) - now;
      break;
    }
    case kAlarmLow:
      alarm_ns_ = deposit(alarm_ns_, 0, v);
      arm_alarm();
      break;
    case kAlarmHigh:
      alarm_ns_ = deposit(alarm_ns_, 32, v);
      break;
    case kIrqEnabled:
      irq_enabled_ = (v & 1) != 0;
      update_irq();
      break;
    case kClearAlarm:
      alarm_running_ = false;
      break;
    case kClearInterrupt:
      irq_pending_ = false;
      update_irq();
      break;
    default:
      break;
  }
  return true;
}

void GoldfishRtc::arm_alarm() {
  if (alarm_ns_ <= now_ns()) {
    // An alarm in the past fires at once.
    alarm_running_ = false;
    irq_pending_ = true;
    update_irq();
  } else {
    alarm_running_ = true;
  }
}

void GoldfishRtc::tick(u64 mtime) {
  if (alarm_running_ && count_at(mtime) >= alarm_ns_) {
    alarm_running_ = false;
    irq_pending_ = true;
    update_irq();
  }
}

u64 GoldfishRtc::next_event(u64 mtime) const {
  if (!alarm_running_) return ~0ull;
  if (count_at(mtime) >= alarm_ns_) return mtime;
  // The first mtime whose count reaches the alarm.
  const u128 ns = alarm_ns_ - offset_ns_;
  const u128 due = (ns * timebase_hz_ + kNsPerSecond - 1) / kNsPerSecond;
  return due > ~0ull ? ~0ull : static_cast<u64>(due);
}

void GoldfishRtc::update_irq() {
  if (irq_) irq_(irq_level());
}

// The guest's writes to TIME move offset_ns_, so it is state like the alarm.
bool GoldfishRtc::save_state(StateWriter& out) const {
  out.put(offset_ns_);
  out.put(time_high_);
  out.put(alarm_ns_);
  out.put<u8>(alarm_running_);
  out.put<u8>(irq_pending_);
  out.put<u8>(irq_enabled_);
  return true;
}

void GoldfishRtc::restore_state(StateReader& in) {
  in.get(offset_ns_);
  in.get(time_high_);
  in.get(alarm_ns_);
  alarm_running_ = in.get<u8>() != 0;
  irq_pending_ = in.get<u8>() != 0;
  irq_enabled_ = in.get<u8>() != 0;
}

}  // namespace rvscope
