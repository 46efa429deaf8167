// GuestDma: a device's checked window onto guest RAM. Every address and length is checked
// against RAM before a byte moves; MMIO is never a DMA target.
#pragma once

#include <cstring>
#include <functional>

#include "sim/devices/ram.hpp"

namespace rvscope {

class GuestDma {
 public:
  // `on_write` hears every range a device wrote (the machine drops decoded code there).
  explicit GuestDma(Ram& ram, std::function<void(u64 paddr, u64 len)> on_write = {})
      : ram_(ram), on_write_(std::move(on_write)) {}

  bool in_ram(u64 paddr, u64 len) const { return ram_.contains(paddr, len); }

  bool read(u64 paddr, void* dst, u64 len) const {
    if (!in_ram(paddr, len)) return false;
    if (len != 0) std::memcpy(dst, ram_.host(paddr), len);
    return true;
  }
  bool write(u64 paddr, const void* src, u64 len) {
    if (!in_ram(paddr, len)) return false;
    if (len == 0) return true;
    std::memcpy(ram_.host(paddr), src, len);
    if (on_write_) on_write_(paddr, len);
    return true;
  }
  template <typename T>
  bool read_le(u64 paddr, T& value) const {
    return read(paddr, &value, sizeof(T));  // the host is little-endian, as RISC-V is
  }
  template <typename T>
  bool write_le(u64 paddr, T value) {
    return write(paddr, &value, sizeof(T));
  }

 private:
  Ram& ram_;
  std::function<void(u64, u64)> on_write_;
};

}  // namespace rvscope
