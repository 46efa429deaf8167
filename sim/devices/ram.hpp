// Ram: guest main memory, one host allocation that the MMU and the run loop address directly.
#pragma once

#include <string_view>

#include "sim/devices/device.hpp"

namespace rvscope {

class Ram final : public Device {
 public:
  Ram(u64 base, u64 size);
  ~Ram() override;
  Ram(const Ram&) = delete;
  Ram& operator=(const Ram&) = delete;
  std::string_view name() const override { return "ram"; }
  bool read(u64 offset, unsigned size, u64& value) override;
  bool write(u64 offset, unsigned size, u64 value) override;

  u64 base() const { return base_; }
  u64 size() const { return size_; }
  u8* data() { return data_; }
  const u8* data() const { return data_; }
  bool contains(u64 paddr, u64 len) const {
    return paddr >= base_ && len <= size_ && paddr - base_ <= size_ - len;
  }
  u8* host(u64 paddr) { return data_ + (paddr - base_); }

 private:
  u64 base_;
  u64 size_;
  u8* mapping_ = nullptr;  // guard page, data, guard page
  u64 mapping_size_ = 0;
  u8* data_ = nullptr;
};

}  // namespace rvscope
