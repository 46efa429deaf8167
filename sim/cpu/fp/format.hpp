// Internal: binary32/binary64 format traits, field access and the unpacked representation.
#pragma once

#include <bit>

#include "sim/common/types.hpp"
#include "sim/cpu/fp/softfp.hpp"

namespace rvscope::fp::detail {

template <typename BitsT, int kExpBitsV, int kFracBitsV>
struct Format {
  using Bits = BitsT;
  static constexpr int kWidth = sizeof(Bits) * 8;
  static constexpr int kExpBits = kExpBitsV;
  static constexpr int kFracBits = kFracBitsV;
  static constexpr int kBias = (1 << (kExpBits - 1)) - 1;
  static constexpr int kMaxExp = (1 << kExpBits) - 1;  // the inf/NaN exponent field
  static constexpr Bits kSignMask = Bits{1} << (kWidth - 1);
  static constexpr Bits kFracMask = (Bits{1} << kFracBits) - 1;
  static constexpr Bits kQuietBit = Bits{1} << (kFracBits - 1);
  static constexpr Bits kInf = static_cast<Bits>(Bits(kMaxExp) << kFracBits);
  static constexpr Bits kCanonicalNan = kInf | kQuietBit;
  static constexpr Bits kMaxFinite = kInf - 1;
  // Extra low-order bits a significand carries into round_pack: the leading bit sits at 62.
  static constexpr int kRoundBits = 62 - kFracBits;
};

using F32 = Format<u32, 8, 23>;
using F64 = Format<u64, 11, 52>;
static_assert(F32::kCanonicalNan == kCanonicalNan32 && F64::kCanonicalNan == kCanonicalNan64);

template <typename F>
constexpr bool sign_of(typename F::Bits a) {
  return (a & F::kSignMask) != 0;
}
template <typename F>
constexpr int exp_of(typename F::Bits a) {
  return static_cast<int>((a >> F::kFracBits) & F::kMaxExp);
}
template <typename F>
constexpr typename F::Bits frac_of(typename F::Bits a) {
  return a & F::kFracMask;
}
template <typename F>
constexpr bool is_nan(typename F::Bits a) {
  return exp_of<F>(a) == F::kMaxExp && frac_of<F>(a) != 0;
}
template <typename F>
constexpr bool is_snan(typename F::Bits a) {
  return is_nan<F>(a) && (a & F::kQuietBit) == 0;
}
template <typename F>
constexpr bool is_inf(typename F::Bits a) {
  return (a & ~F::kSignMask) == F::kInf;
}
template <typename F>
constexpr bool is_zero(typename F::Bits a) {
  return (a & ~F::kSignMask) == 0;
}
template <typename F>
constexpr typename F::Bits pack_raw(bool sign, typename F::Bits magnitude) {
  return (sign ? F::kSignMask : 0) | magnitude;
}

// A finite nonzero value as (-1)^sign * sig * 2^(exp - bias - frac_bits): sig holds the
// implicit bit at position frac_bits. Subnormals are normalized, so exp may be <= 0.
struct Unpacked {
  bool sign;
  int exp;
  u64 sig;
};

template <typename F>
constexpr Unpacked unpack_finite(typename F::Bits a) {
  const bool sign = sign_of<F>(a);
  const int exp = exp_of<F>(a);
  const u64 frac = frac_of<F>(a);
  if (exp != 0) return {sign, exp, frac | (u64{1} << F::kFracBits)};
  // Subnormal: shift the leading one up to the implicit position.
  const int shift = std::countl_zero(frac) - (63 - F::kFracBits);
  return {sign, 1 - shift, frac << shift};
}

// Shifts right by count, OR-ing every bit shifted out into bit 0 (the sticky bit).
constexpr u64 shift_right_jam(u64 v, int count) {
  if (count <= 0) return v;
  if (count >= 64) return v != 0 ? 1 : 0;
  return (v >> count) | ((v << (64 - count)) != 0 ? 1 : 0);
}
constexpr u128 shift_right_jam(u128 v, int count) {
  if (count <= 0) return v;
  if (count >= 128) return v != 0 ? 1 : 0;
  return (v >> count) | ((v << (128 - count)) != 0 ? 1 : 0);
}

constexpr int bit_width128(u128 v) {
  const u64 hi = static_cast<u64>(v >> 64);
  return hi != 0 ? 64 + std::bit_width(hi) : std::bit_width(static_cast<u64>(v));
}

}  // namespace rvscope::fp::detail
