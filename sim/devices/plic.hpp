// PLIC as QEMU virt lays it out: level-triggered sources, per-context enables, thresholds
// and claim/complete; context 2*hart is M-mode (MEIP), 2*hart+1 is S-mode (SEIP).
#pragma once

#include <vector>

#include "sim/devices/device.hpp"

namespace rvscope {

class Plic final : public Device {
 public:
  static constexpr u64 kPriorityBase = 0x0;
  static constexpr u64 kPendingBase = 0x1000;
  static constexpr u64 kEnableBase = 0x2000;
  static constexpr u64 kEnableStride = 0x80;
  static constexpr u64 kContextBase = 0x200000;
  static constexpr u64 kContextStride = 0x1000;
  static constexpr unsigned kMeipBit = 11;
  static constexpr unsigned kSeipBit = 9;
  static constexpr unsigned kMaxSources = 1023;

  // Sources 1..num_sources exist (0 means "none" in the claim register).
  Plic(unsigned num_harts, unsigned num_sources, unsigned priority_bits, InterruptSink& irq);

  std::string_view name() const override { return "plic"; }
  bool read(u64 offset, unsigned size, u64& value) override;
  bool write(u64 offset, unsigned size, u64 value) override;
  // The claim register shows the source a claim would take, without taking it.
  bool peek(u64 offset, unsigned size, u64& value) override;

  // The device side: a source's interrupt line. Out-of-range sources are ignored.
  void set_source_level(unsigned source, bool level);

  bool save_state(StateWriter& out) const override;
  void restore_state(StateReader& in) override;

  bool pending(unsigned source) const { return source_ok(source) && pending_[source]; }
  bool claimed(unsigned source) const { return source_ok(source) && claimed_[source]; }

 private:
  bool source_ok(unsigned source) const { return source >= 1 && source <= num_sources_; }
  unsigned num_contexts() const { return num_harts_ * 2; }
  bool enabled(unsigned context, unsigned source) const {
    return (enable_[context * words_ + source / 32] >> (source % 32)) & 1;
  }
  unsigned best(unsigned context) const;  // highest-priority claimable source, or 0
  unsigned claim(unsigned context);
  void complete(unsigned context, u32 source);
  void update();
  bool read_register(u64 offset, unsigned size, u64& value, bool claiming);

  unsigned num_harts_;
  unsigned num_sources_;
  u32 priority_mask_;
  unsigned words_;  // 32-bit words per pending/enable bitmap
  InterruptSink& irq_;
  std::vector<u32> priority_;
  std::vector<bool> level_;
  std::vector<bool> pending_;
  std::vector<bool> claimed_;
  std::vector<u32> enable_;  // num_contexts * words_
  std::vector<u32> threshold_;
  std::vector<bool> output_;  // per context, last level sent to the hart
};

}  // namespace rvscope
