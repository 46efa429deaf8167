// Bus: the physical address map. RAM is reached through a host pointer; everything else
// through Device::read/write. Accesses that hit nothing return false (an access fault).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/devices/device.hpp"
#include "sim/devices/ram.hpp"

namespace rvscope {

struct BusRegion {
  u64 base = 0;
  u64 size = 0;
  Device* device = nullptr;
};

class Bus {
 public:
  // Takes ownership of the RAM; there is exactly one RAM region.
  void attach_ram(std::unique_ptr<Ram> ram);
  // Maps `device` at [base, base+size). Overlapping regions are a SimError.
  void attach(u64 base, u64 size, Device* device);

  Ram& ram() { return *ram_; }
  const Ram& ram() const { return *ram_; }
  bool is_ram(u64 paddr, u64 len) const { return ram_ && ram_->contains(paddr, len); }

  // Physical access of 1, 2, 4 or 8 bytes (any alignment for RAM).
  bool read(u64 paddr, unsigned size, u64& value);
  bool write(u64 paddr, unsigned size, u64 value);
  // Byte-wise copies used by loaders and debuggers; false if any byte is unmapped.
  bool read_block(u64 paddr, void* dst, u64 len);
  bool write_block(u64 paddr, const void* src, u64 len);
  // A debugger's read: RAM, or devices through Device::peek (no side effects); false if any
  // byte is unmapped or its device cannot be read without side effects.
  bool peek_block(u64 paddr, void* dst, u64 len);

  // The device region containing paddr, or nullptr (RAM is not a region here).
  const BusRegion* find(u64 paddr) const;
  const std::vector<BusRegion>& regions() const { return regions_; }

 private:
  std::unique_ptr<Ram> ram_;
  std::vector<BusRegion> regions_;
};

}  // namespace rvscope
