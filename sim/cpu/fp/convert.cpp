// Conversions: float to integer (rounded, saturating), integer to float, f32 <-> f64.
#include <limits>
#include <type_traits>

#include "sim/cpu/fp/round_pack.hpp"
#include "sim/cpu/fp/softfp.hpp"

namespace rvscope::fp {
namespace detail {
namespace {

// Rounds |value| = sig * 2^scale to an integer. The result saturates at 2^64 (only compared,
// never returned), which is enough to tell every 32- and 64-bit range apart.
struct Rounded {
  u128 magnitude;
  bool inexact;
};

Rounded round_to_integer(bool sign, u64 sig, int scale, Rounding rm) {
  if (scale >= 0) {
    if (scale + std::bit_width(sig) > 64) return {u128{1} << 64, false};
    return {static_cast<u128>(sig) << scale, false};
  }
  // 64 fraction bits below the binary point, with everything further down as sticky.
  const u128 fixed = shift_right_jam(static_cast<u128>(sig) << 64, -scale);
  const u64 integer = static_cast<u64>(fixed >> 64);
  const u64 fraction = static_cast<u64>(fixed);
  constexpr u64 kHalf = u64{1} << 63;
  bool up = false;
  switch (sanitize(rm)) {
    case Rounding::kTowardZero:
      break;
    case Rounding::kDown:
      up = sign && fraction != 0;
      break;
    case Rounding::kUp:
      up = !sign && fraction != 0;
      break;
    case Rounding::kNearestMax:
      up = fraction >= kHalf;
      break;
    case Rounding::kNearestEven:
    default:
      up = fraction > kHalf || (fraction == kHalf && (integer & 1) != 0);
      break;
  }
  return {static_cast<u128>(integer) + (up ? 1 : 0), fraction != 0};
}

template <typename F, typename Int>
Result<Int> to_int(typename F::Bits a, Rounding rm) {
  using Lim = std::numeric_limits<Int>;
  using UInt = std::make_unsigned_t<Int>;
  if (is_nan<F>(a)) return {Lim::max(), kInvalid};
  const bool sign = sign_of<F>(a);
  if (is_inf<F>(a)) return {sign ? Lim::min() : Lim::max(), kInvalid};
  if (is_zero<F>(a)) return {0, 0};
  const Unpacked x = unpack_finite<F>(a);
  const Rounded r = round_to_integer(sign, x.sig, x.exp - F::kBias - F::kFracBits, rm);
  const u8 inexact = r.inexact ? kInexact : 0;
  if constexpr (std::is_signed_v<Int>) {
    const u128 limit = static_cast<u128>(static_cast<UInt>(Lim::max())) + (sign ? 1 : 0);
    if (r.magnitude > limit) return {sign ? Lim::min() : Lim::max(), kInvalid};
    const UInt bits = static_cast<UInt>(r.magnitude);
    return {static_cast<Int>(sign ? static_cast<UInt>(0 - bits) : bits), inexact};
  } else {
    // A negative value rounding to zero is fine (inexact only); anything below saturates at 0.
    if (sign) {
      if (r.magnitude != 0) return {0, kInvalid};
      return {0, inexact};
    }
    if (r.magnitude > Lim::max()) return {Lim::max(), kInvalid};
    return {static_cast<Int>(r.magnitude), inexact};
  }
}

template <typename F>
Result<typename F::Bits> from_int(bool sign, u64 magnitude, Rounding rm) {
  if (magnitude == 0) return {0, 0};
  return round_pack_scaled<F>(sign, 0, magnitude, rm);
}

template <typename From, typename To>
Result<typename To::Bits> convert_float(typename From::Bits a, Rounding rm) {
  using Bits = typename To::Bits;
  if (is_nan<From>(a)) return canonical_nan<To>(is_snan<From>(a) ? kInvalid : 0);
  const bool sign = sign_of<From>(a);
  if (is_inf<From>(a)) return {pack_raw<To>(sign, To::kInf), 0};
  if (is_zero<From>(a)) return {pack_raw<To>(sign, Bits{0}), 0};
  const Unpacked x = unpack_finite<From>(a);
  return round_pack_scaled<To>(sign, x.exp - From::kBias - From::kFracBits, x.sig, rm);
}

u64 magnitude_of(i64 v) { return v < 0 ? 0 - static_cast<u64>(v) : static_cast<u64>(v); }

}  // namespace
}  // namespace detail

using detail::F32;
using detail::F64;

Result<i32> f32_to_i32(u32 a, Rounding rm) { return detail::to_int<F32, i32>(a, rm); }
Result<u32> f32_to_u32(u32 a, Rounding rm) { return detail::to_int<F32, u32>(a, rm); }
Result<i64> f32_to_i64(u32 a, Rounding rm) { return detail::to_int<F32, i64>(a, rm); }
Result<u64> f32_to_u64(u32 a, Rounding rm) { return detail::to_int<F32, u64>(a, rm); }
Result<i32> f64_to_i32(u64 a, Rounding rm) { return detail::to_int<F64, i32>(a, rm); }
Result<u32> f64_to_u32(u64 a, Rounding rm) { return detail::to_int<F64, u32>(a, rm); }
Result<i64> f64_to_i64(u64 a, Rounding rm) { return detail::to_int<F64, i64>(a, rm); }
Result<u64> f64_to_u64(u64 a, Rounding rm) { return detail::to_int<F64, u64>(a, rm); }

Result<u32> i32_to_f32(i32 a, Rounding rm) {
  return detail::from_int<F32>(a < 0, detail::magnitude_of(a), rm);
}
Result<u32> u32_to_f32(u32 a, Rounding rm) { return detail::from_int<F32>(false, a, rm); }
Result<u32> i64_to_f32(i64 a, Rounding rm) {
  return detail::from_int<F32>(a < 0, detail::magnitude_of(a), rm);
}
Result<u32> u64_to_f32(u64 a, Rounding rm) { return detail::from_int<F32>(false, a, rm); }
Result<u64> i32_to_f64(i32 a, Rounding rm) {
  return detail::from_int<F64>(a < 0, detail::magnitude_of(a), rm);
}
Result<u64> u32_to_f64(u32 a, Rounding rm) { return detail::from_int<F64>(false, a, rm); }
Result<u64> i64_to_f64(i64 a, Rounding rm) {
  return detail::from_int<F64>(a < 0, detail::magnitude_of(a), rm);
}
Result<u64> u64_to_f64(u64 a, Rounding rm) { return detail::from_int<F64>(false, a, rm); }

Result<u64> f32_to_f64(u32 a) { return detail::convert_float<F32, F64>(a, Rounding::kNearestEven); }
Result<u32> f64_to_f32(u64 a, Rounding rm) { return detail::convert_float<F64, F32>(a, rm); }

}  // namespace rvscope::fp
