// Pmp: entry decoding, priority matching and the lock rules of the privileged spec 1.12.
#include "sim/mmu/pmp.hpp"

namespace rvscope {

u64 Pmp::read_cfg(unsigned index) const {
  u64 value = 0;
  for (unsigned b = 0; b < 8; ++b) value |= static_cast<u64>(cfg_[index * 4 + b]) << (8 * b);
  return value;
}

void Pmp::write_cfg(unsigned index, u64 value) {
  for (unsigned b = 0; b < 8; ++b) {
    const unsigned i = index * 4 + b;
    if (locked(i)) continue;
    u8 cfg = static_cast<u8>(value >> (8 * b)) & 0x9f;  // bits 5-6 are reserved (zero)
    if ((cfg & (kR | kW)) == kW) cfg &= ~kW;            // R=0 W=1 is reserved: drop W
    cfg_[i] = cfg;
  }
  update_ranges();
}

void Pmp::write_addr(unsigned i, u64 value) {
  if (locked(i)) return;
  if (i + 1 < kEntries && locked(i + 1) && mode(i + 1) == kTor) return;
  addr_[i] = value & ((1ull << 54) - 1);
  update_ranges();
}

void Pmp::update_ranges() {
  active_ = 0;
  for (unsigned i = 0; i < kEntries; ++i) {
    decode_range(i, lo_[i], hi_[i]);
    if (lo_[i] < hi_[i]) active_ = i + 1;
  }
}

void Pmp::decode_range(unsigned i, u64& lo, u64& hi) const {
  lo = hi = 0;
  switch (mode(i)) {
    case kOff:
      return;
    case kTor:
      lo = i == 0 ? 0 : addr_[i - 1] << 2;
      hi = addr_[i] << 2;
      return;
    case kNa4:
      lo = addr_[i] << 2;
      hi = lo + 4;
      return;
    case kNapot: {
      const u64 a = addr_[i];
      const unsigned ones = static_cast<unsigned>(__builtin_ctzll(~a));  // trailing ones
      if (ones >= 54) {                                                  // the whole address space
        lo = 0;
        hi = ~0ull;
        return;
      }
      lo = (a & ~((1ull << (ones + 1)) - 1)) << 2;
      hi = lo + (1ull << (ones + 3));
      return;
    }
  }
}

bool Pmp::permits(unsigned i, AccessType type, Priv priv) const {
  if (priv == Priv::kMachine && !locked(i)) return true;
  const u8 need = type == AccessType::kFetch ? kX : type == AccessType::kLoad ? kR : kW;
  return (cfg_[i] & need) != 0;
}

bool Pmp::check(u64 paddr, u64 size, AccessType type, Priv priv) const {
  const u64 end = paddr + size;
  for (unsigned i = 0; i < active_; ++i) {
    const u64 lo = lo_[i], hi = hi_[i];
    if (lo >= hi) continue;
    const bool overlaps = paddr < hi && lo < end;
    if (!overlaps) continue;
    if (paddr < lo || end > hi) return false;  // partial match always fails
    return permits(i, type, priv);
  }
  return priv == Priv::kMachine;  // no match: M allowed, S/U denied (entries are implemented)
}

bool Pmp::page_allowed_uniformly(u64 page, AccessType type, Priv priv) const {
  const u64 end = page + 4096;
  for (unsigned i = 0; i < active_; ++i) {
    const u64 lo = lo_[i], hi = hi_[i];
    if (lo >= hi) continue;
    if (!(page < hi && lo < end)) continue;
    if (page < lo || end > hi) return false;
    return permits(i, type, priv);
  }
  return priv == Priv::kMachine;
}

}  // namespace rvscope
