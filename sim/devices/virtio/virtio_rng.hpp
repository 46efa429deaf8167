// virtio-rng (virtio 1.2 section 5.4): one request queue whose device-writable buffers are
// filled from a SeededRandom stream, so a run's entropy repeats with its seed.
#pragma once

#include "sim/devices/seeded_random.hpp"
#include "sim/devices/virtio/virtio_mmio.hpp"

namespace rvscope {

namespace virtio {
inline constexpr u32 kDeviceIdEntropy = 4;
}

class VirtioRng final : public VirtioBackend {
 public:
  explicit VirtioRng(u64 seed) : random_(seed, SeededRandom::kStreamVirtioRng) {}

  u32 device_id() const override { return virtio::kDeviceIdEntropy; }
  std::string_view kind() const override { return "virtio-rng"; }
  u64 device_features() const override { return 0; }
  unsigned num_queues() const override { return 1; }
  bool read_config(u64, unsigned, u64&) override { return false; }  // no config space
  VirtqOutcome process(unsigned queue, DescriptorChain& chain) override;
  bool save_state(StateWriter& out) const override {
    out.put(random_.state());
    return true;
  }
  void restore_state(StateReader& in) override {
    random_ = SeededRandom(in.get<std::array<u64, 4>>());
  }

 private:
  SeededRandom random_;
};

}  // namespace rvscope
