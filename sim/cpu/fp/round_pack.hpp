// Internal: the one rounding-and-packing routine every operation ends in, with RISC-V flags.
#pragma once

#include <bit>

#include "sim/cpu/fp/format.hpp"

namespace rvscope::fp::detail {

// The reserved encodings 5 and 6 never reach us (the caller traps); should one slip through,
// it rounds to nearest even rather than doing something unspecified.
constexpr Rounding sanitize(Rounding rm) {
  return static_cast<u8>(rm) <= static_cast<u8>(Rounding::kNearestMax) ? rm
                                                                       : Rounding::kNearestEven;
}

// The amount added below the rounding position (mask = all round bits) before truncating.
constexpr u64 round_increment(Rounding rm, bool sign, u64 half, u64 mask) {
  switch (rm) {
    case Rounding::kTowardZero:
      return 0;
    case Rounding::kDown:
      return sign ? mask : 0;
    case Rounding::kUp:
      return sign ? 0 : mask;
    case Rounding::kNearestEven:
    case Rounding::kNearestMax:
    default:
      return half;
  }
}

// Rounds (-1)^sign * sig * 2^(exp - bias - 62) to format F. sig < 2^63 and, unless the value is
// tiny (exp <= 0), bit 62 of sig is set. Tininess is detected after rounding, and underflow is
// raised only together with inexact, as RISC-V (and x86 SSE) define it.
template <typename F>
constexpr Result<typename F::Bits> round_pack(bool sign, int exp, u64 sig, Rounding rm) {
  using Bits = typename F::Bits;
  constexpr int kShift = F::kRoundBits;
  constexpr u64 kMask = (u64{1} << kShift) - 1;
  constexpr u64 kHalf = u64{1} << (kShift - 1);
  constexpr u64 kCarry = u64{1} << 63;
  rm = sanitize(rm);
  const u64 inc = round_increment(rm, sign, kHalf, kMask);
  u8 flags = 0;
  if (exp <= 0) {
    // Tiny after rounding: even rounded at full precision with an unbounded exponent the
    // magnitude stays below the smallest normal.
    const bool tiny = exp < 0 || sig + inc < kCarry;
    sig = shift_right_jam(sig, 1 - exp);
    exp = 1;
    if (tiny && (sig & kMask) != 0) flags |= kUnderflow;
  } else if (exp >= F::kMaxExp - 1 && (exp > F::kMaxExp - 1 || sig + inc >= kCarry)) {
    // Modes that round this sign toward zero stop at the largest finite number.
    const Bits mag = inc != 0 ? F::kInf : F::kMaxFinite;
    return {pack_raw<F>(sign, mag), static_cast<u8>(kOverflow | kInexact)};
  }
  const u64 round_bits = sig & kMask;
  if (round_bits != 0) flags |= kInexact;
  sig = (sig + inc) >> kShift;
  if (rm == Rounding::kNearestEven && round_bits == kHalf) sig &= ~u64{1};
  // sig carries the implicit bit, so adding it bumps the exponent field by one; a carry out of
  // the significand (or a subnormal rounding up to normal) lands in the exponent for free.
  const Bits mag = static_cast<Bits>((static_cast<Bits>(exp - 1) << F::kFracBits) + sig);
  return {pack_raw<F>(sign, mag), flags};
}

// Rounds (-1)^sign * mag * 2^scale to format F; mag != 0.
template <typename F>
constexpr Result<typename F::Bits> round_pack_scaled(bool sign, int scale, u64 mag, Rounding rm) {
  const int width = std::bit_width(mag);
  const u64 sig = width > 63 ? shift_right_jam(mag, width - 63) : mag << (63 - width);
  return round_pack<F>(sign, scale + width - 1 + F::kBias, sig, rm);
}

template <typename F>
constexpr Result<typename F::Bits> round_pack_scaled(bool sign, int scale, u128 mag, Rounding rm) {
  const int width = bit_width128(mag);
  const u64 sig = width > 63 ? static_cast<u64>(shift_right_jam(mag, width - 63))
                             : static_cast<u64>(mag) << (63 - width);
  return round_pack<F>(sign, scale + width - 1 + F::kBias, sig, rm);
}

template <typename F>
constexpr Result<typename F::Bits> canonical_nan(u8 flags) {
  return {F::kCanonicalNan, flags};
}

// Invalid when either operand is a signalling NaN.
template <typename F>
constexpr u8 snan_flags(typename F::Bits a, typename F::Bits b) {
  return (is_snan<F>(a) || is_snan<F>(b)) ? kInvalid : 0;
}

// The exact-zero result of x + (-x): +0, except -0 when rounding down.
template <typename F>
constexpr typename F::Bits exact_zero(Rounding rm) {
  return rm == Rounding::kDown ? F::kSignMask : 0;
}

}  // namespace rvscope::fp::detail
