// Bit-field extraction, sign extension and alignment helpers.
#pragma once

#include "sim/common/types.hpp"

namespace rvscope {

// Bits [hi:lo] of v, shifted down to bit 0.
constexpr u64 bits(u64 v, unsigned hi, unsigned lo) {
  return (v >> lo) & ((hi - lo + 1 >= 64) ? ~0ull : ((1ull << (hi - lo + 1)) - 1));
}

constexpr u64 bit(u64 v, unsigned n) { return (v >> n) & 1; }

// Sign-extends the low `width` bits of v.
constexpr i64 sext(u64 v, unsigned width) {
  const unsigned shift = 64 - width;
  return static_cast<i64>(v << shift) >> shift;
}

constexpr u64 sext32(u64 v) { return static_cast<u64>(static_cast<i64>(static_cast<i32>(v))); }

constexpr u64 align_down(u64 v, u64 align) { return v & ~(align - 1); }
constexpr bool is_aligned(u64 v, u64 align) { return (v & (align - 1)) == 0; }

}  // namespace rvscope
