// virtio-blk (virtio 1.2 section 5.2) over a DiskImage: IN, OUT, FLUSH and GET_ID requests,
// the capacity in its configuration space, VIRTIO_BLK_F_RO for a read-only image.
#pragma once

#include <string>

#include "sim/devices/virtio/disk_image.hpp"
#include "sim/devices/virtio/virtio_mmio.hpp"

namespace rvscope {

namespace virtio {
inline constexpr u32 kDeviceIdBlock = 2;
inline constexpr u64 kBlkFRo = u64{1} << 5;
inline constexpr u64 kBlkFFlush = u64{1} << 9;
inline constexpr u32 kBlkTIn = 0, kBlkTOut = 1, kBlkTFlush = 4, kBlkTGetId = 8;
inline constexpr u8 kBlkSOk = 0, kBlkSIoErr = 1, kBlkSUnsupp = 2;
inline constexpr u64 kBlkIdBytes = 20;
}  // namespace virtio

class VirtioBlk final : public VirtioBackend {
 public:
  // `serial` answers GET_ID (at most 20 bytes are used).
  VirtioBlk(DiskImage& image, std::string serial) : image_(image), serial_(std::move(serial)) {}

  u32 device_id() const override { return virtio::kDeviceIdBlock; }
  std::string_view kind() const override { return "virtio-blk"; }
  u64 device_features() const override;
  unsigned num_queues() const override { return 1; }
  bool read_config(u64 offset, unsigned size, u64& value) override;
  VirtqOutcome process(unsigned queue, DescriptorChain& chain) override;
  bool save_state(StateWriter& out) const override { return image_.save_state(out); }
  void restore_state(StateReader& in) override { image_.restore_state(in); }

 private:
  DiskImage& image_;
  std::string serial_;
};

}  // namespace rvscope
