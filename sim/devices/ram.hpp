// Ram: guest main memory, one host allocation that the MMU and the run loop address directly.
#pragma once

#include <cstdlib>
#include <memory>
#include <string_view>

#include "sim/devices/device.hpp"

namespace rvscope {

class Ram final : public Device {
 public:
  Ram(u64 base, u64 size);
  std::string_view name() const override { return "ram"; }
  bool read(u64 offset, unsigned size, u64& value) override;
  bool write(u64 offset, unsigned size, u64 value) override;

  u64 base() const { return base_; }
  u64 size() const { return size_; }
  u8* data() { return data_.get(); }
  const u8* data() const { return data_.get(); }
  bool contains(u64 paddr, u64 len) const {
    return paddr >= base_ && len <= size_ && paddr - base_ <= size_ - len;
  }
  u8* host(u64 paddr) { return data_.get() + (paddr - base_); }

 private:
  u64 base_;
  u64 size_;
  struct FreeDeleter {
    void operator()(u8* p) const { std::free(p); }
  };
  std::unique_ptr<u8[], FreeDeleter> data_;
};

}  // namespace rvscope
