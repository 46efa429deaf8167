// Bus: routes physical accesses to RAM or to the device that owns the address.
#include "sim/devices/bus.hpp"

#include <cstring>

#include "sim/common/error.hpp"

namespace rvscope {

void Bus::attach_ram(std::unique_ptr<Ram> ram) { ram_ = std::move(ram); }

void Bus::attach(u64 base, u64 size, Device* device) {
  for (const auto& region : regions_) {
    if (base < region.base + region.size && region.base < base + size) {
      fail("device {} at {:#x}+{:#x} overlaps {} at {:#x}+{:#x}", device->name(), base, size,
           region.device->name(), region.base, region.size);
    }
  }
  if (ram_ && base < ram_->base() + ram_->size() && ram_->base() < base + size) {
    fail("device {} at {:#x}+{:#x} overlaps RAM", device->name(), base, size);
  }
  regions_.push_back({base, size, device});
}

const BusRegion* Bus::find(u64 paddr) const {
  for (const auto& region : regions_) {
    if (paddr >= region.base && paddr - region.base < region.size) return &region;
  }
  return nullptr;
}

bool Bus::read(u64 paddr, unsigned size, u64& value) {
  if (is_ram(paddr, size)) {
    value = 0;
    std::memcpy(&value, ram_->host(paddr), size);
    return true;
  }
  const BusRegion* region = find(paddr);
  if (region == nullptr || paddr - region->base + size > region->size) return false;
  return region->device->read(paddr - region->base, size, value);
}

bool Bus::write(u64 paddr, unsigned size, u64 value) {
  if (is_ram(paddr, size)) {
    std::memcpy(ram_->host(paddr), &value, size);
    return true;
  }
  const BusRegion* region = find(paddr);
  if (region == nullptr || paddr - region->base + size > region->size) return false;
  return region->device->write(paddr - region->base, size, value);
}

bool Bus::read_block(u64 paddr, void* dst, u64 len) {
  if (len == 0) return true;  // gdb's `m ADDR,0` brings an empty span, whose data() is null
  if (is_ram(paddr, len)) {
    std::memcpy(dst, ram_->host(paddr), len);
    return true;
  }
  auto* out = static_cast<u8*>(dst);
  for (u64 i = 0; i < len; ++i) {
    u64 value = 0;
    if (!read(paddr + i, 1, value)) return false;
    out[i] = static_cast<u8>(value);
  }
  return true;
}

bool Bus::peek_block(u64 paddr, void* dst, u64 len) {
  if (is_ram(paddr, len)) return read_block(paddr, dst, len);
  auto* out = static_cast<u8*>(dst);
  for (u64 i = 0; i < len; ++i) {
    const u64 at = paddr + i;
    if (is_ram(at, 1)) {
      out[i] = *ram_->host(at);
      continue;
    }
    const BusRegion* region = find(at);
    if (region == nullptr) return false;
    // Byte registers (the UART) answer a 1-byte read; word registers (PLIC, CLINT) only the
    // aligned word that holds the byte.
    const u64 offset = at - region->base;
    u64 value = 0;
    if (region->device->peek(offset, 1, value)) {
      out[i] = static_cast<u8>(value);
    } else if (region->device->peek(offset & ~3ull, 4, value)) {
      out[i] = static_cast<u8>(value >> (8 * (offset & 3)));
    } else {
      return false;
    }
  }
  return true;
}

bool Bus::write_block(u64 paddr, const void* src, u64 len) {
  if (len == 0) return true;  // as read_block: memcpy must not see a null pointer
  if (is_ram(paddr, len)) {
    std::memcpy(ram_->host(paddr), src, len);
    return true;
  }
  const auto* in = static_cast<const u8*>(src);
  for (u64 i = 0; i < len; ++i) {
    if (!write(paddr + i, 1, in[i])) return false;
  }
  return true;
}

}  // namespace rvscope
