// Test doubles for device tests: a clock set by hand and an interrupt sink that records mip.
#pragma once

#include <map>
#include <utility>

#include "sim/devices/device.hpp"

namespace rvscope::test {

class FakeTime final : public TimeSource {
 public:
  u64 mtime() const override { return now; }
  u64 now = 0;
};

class FakeSink final : public InterruptSink {
 public:
  void set_interrupt(unsigned hart, unsigned mip_bit, bool level) override {
    mip[hart] = level ? (mip[hart] | (1ull << mip_bit)) : (mip[hart] & ~(1ull << mip_bit));
    ++calls;
  }
  bool level(unsigned hart, unsigned mip_bit) { return (mip[hart] >> mip_bit) & 1; }
  std::map<unsigned, u64> mip;
  unsigned calls = 0;
};

}  // namespace rvscope::test
