// Pmp: the 16 physical-memory-protection entries (OFF/TOR/NA4/NAPOT, lock bit) and checks.
#pragma once

#include <array>

#include "sim/common/types.hpp"

namespace rvscope {

enum class AccessType : u8 { kFetch = 0, kLoad = 1, kStore = 2 };

class Pmp {
 public:
  static constexpr unsigned kEntries = 16;

  // pmpcfg0/pmpcfg2 (RV64: the odd ones do not exist). index is 0 or 2.
  u64 read_cfg(unsigned index) const;
  void write_cfg(unsigned index, u64 value);
  u64 read_addr(unsigned i) const { return addr_[i]; }
  void write_addr(unsigned i, u64 value);

  // Whether an access of `size` bytes at paddr is allowed for privilege `priv`
  // (the effective privilege: MPRV already applied by the caller).
  bool check(u64 paddr, u64 size, AccessType type, Priv priv) const;
  // True when every byte of the 4 KiB page at `page` gets the same answer from check(), and
  // that answer is "allowed": the page may then be cached in a fast TLB.
  bool page_allowed_uniformly(u64 page, AccessType type, Priv priv) const;

 private:
  enum Mode : u8 { kOff = 0, kTor = 1, kNa4 = 2, kNapot = 3 };
  static constexpr u8 kR = 1, kW = 2, kX = 4, kLock = 0x80;
  bool locked(unsigned i) const { return cfg_[i] & kLock; }
  Mode mode(unsigned i) const { return static_cast<Mode>((cfg_[i] >> 3) & 3); }
  // [lo, hi) byte range of entry i from its registers; empty when OFF.
  void decode_range(unsigned i, u64& lo, u64& hi) const;
  // Every check walks the entries (page walks check each PTE read), so the ranges are
  // decoded once per CSR write, and the walk stops after the last entry that is not OFF.
  void update_ranges();
  bool permits(unsigned i, AccessType type, Priv priv) const;

  std::array<u8, kEntries> cfg_{};
  std::array<u64, kEntries> addr_{};
  std::array<u64, kEntries> lo_{}, hi_{};
  unsigned active_ = 0;  // entries [0, active_) may match
};

}  // namespace rvscope
