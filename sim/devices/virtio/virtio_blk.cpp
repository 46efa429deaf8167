// virtio-blk requests: the header, data and status layout of 5.2.6, checked before any byte
// of the image or of guest memory changes.
#include "sim/devices/virtio/virtio_blk.hpp"

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <vector>

namespace rvscope {

using namespace virtio;

namespace {

constexpr u64 kHeaderBytes = 16;  // le32 type, le32 reserved, le64 sector
constexpr u64 kChunk = 64 * 1024;
constexpr u64 kSegMaxFeature = u64{1} << 2;  // VIRTIO_BLK_F_SEG_MAX
// As QEMU: two descriptors of a request are the header and the status.
constexpr u32 kSegMax = kQueueSizeMax - 2;

}  // namespace

u64 VirtioBlk::device_features() const {
  u64 features = kSegMaxFeature | kBlkFFlush;
  if (image_.mode() == DiskMode::kReadOnly) features |= kBlkFRo;
  return features;
}

bool VirtioBlk::read_config(u64 offset, unsigned size, u64& value) {
  // struct virtio_blk_config up to blk_size: capacity (le64), size_max, seg_max, geometry.
  std::array<u8, 24> config{};
  const u64 capacity = image_.sectors();
  std::memcpy(config.data(), &capacity, 8);
  std::memcpy(config.data() + 12, &kSegMax, 4);
  if (offset >= config.size() || size > config.size() - offset) return false;
  value = 0;
  std::memcpy(&value, config.data() + offset, size);
  return true;
}

VirtqOutcome VirtioBlk::process(unsigned /*queue*/, DescriptorChain& chain) {
  if (chain.readable_len() < kHeaderBytes) {
    return VirtqOutcome::bad(fmt::format("request header is {} driver-written bytes, needs {}",
                                         chain.readable_len(), kHeaderBytes));
  }
  if (chain.writable_len() < 1) {
    return VirtqOutcome::bad("request has no device-writable status byte");
  }
  u32 type = 0;
  u64 sector = 0;
  chain.read(0, &type, 4);
  chain.read(8, &sector, 8);
  const u64 status_at = chain.writable_len() - 1;
  auto finish = [&](u8 status, u64 data_written) {
    chain.write(status_at, &status, 1);
    return VirtqOutcome::ok(static_cast<u32>(data_written + 1));
  };
  // IN and OUT move whole sectors that lie inside the disk.
  auto check_range = [&](u64 len) -> std::string {
    if (len % DiskImage::kSectorSize != 0) {
      return fmt::format("data of {} bytes is not a whole number of sectors", len);
    }
    const u64 count = len / DiskImage::kSectorSize;
    if (sector > image_.sectors() || count > image_.sectors() - sector) {
      return fmt::format("sectors {}..{} lie beyond the disk's {}", sector, sector + count,
                         image_.sectors());
    }
    return {};
  };

  switch (type) {
    case kBlkTIn: {
      if (chain.readable_len() != kHeaderBytes) {
        return VirtqOutcome::bad(
            fmt::format("read request has {} driver-written bytes after its header (data must be "
                        "device-writable)",
                        chain.readable_len() - kHeaderBytes));
      }
      const u64 len = status_at;
      if (std::string why = check_range(len); !why.empty()) return VirtqOutcome::bad(why);
      std::vector<u8> buf(std::min(len, kChunk));
      for (u64 done = 0; done < len;) {
        const u64 n = std::min<u64>(len - done, buf.size());
        if (!image_.read(sector * DiskImage::kSectorSize + done, buf.data(), n)) {
          return finish(kBlkSIoErr, done);
        }
        chain.write(done, buf.data(), n);
        done += n;
      }
      return finish(kBlkSOk, len);
    }
    case kBlkTOut: {
      if (chain.writable_len() != 1) {
        return VirtqOutcome::bad(fmt::format(
            "write request has {} device-writable bytes before its status (data must be "
            "driver-written)",
            chain.writable_len() - 1));
      }
      const u64 len = chain.readable_len() - kHeaderBytes;
      if (std::string why = check_range(len); !why.empty()) return VirtqOutcome::bad(why);
      if (image_.mode() == DiskMode::kReadOnly) return finish(kBlkSIoErr, 0);
      std::vector<u8> buf(std::min(len, kChunk));
      for (u64 done = 0; done < len;) {
        const u64 n = std::min<u64>(len - done, buf.size());
        chain.read(kHeaderBytes + done, buf.data(), n);
        if (!image_.write(sector * DiskImage::kSectorSize + done, buf.data(), n)) {
          return finish(kBlkSIoErr, 0);
        }
        done += n;
      }
      return finish(kBlkSOk, 0);
    }
    case kBlkTFlush:
      return finish(image_.flush() ? kBlkSOk : kBlkSIoErr, 0);
    case kBlkTGetId: {
      std::array<u8, kBlkIdBytes> id{};
      std::memcpy(id.data(), serial_.data(), std::min<u64>(serial_.size(), kBlkIdBytes));
      const u64 n = std::min<u64>(status_at, kBlkIdBytes);
      chain.write(0, id.data(), n);
      return finish(kBlkSOk, n);
    }
    default:
      return finish(kBlkSUnsupp, 0);
  }
}

}  // namespace rvscope
