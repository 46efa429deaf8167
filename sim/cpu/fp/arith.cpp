// Correctly rounded add, subtract, multiply, divide and square root for binary32/binary64.
#include <cmath>
#include <utility>

#include "sim/cpu/fp/round_pack.hpp"
#include "sim/cpu/fp/softfp.hpp"

namespace rvscope::fp {
namespace detail {
namespace {

template <typename F>
Result<typename F::Bits> add(typename F::Bits a, typename F::Bits b, Rounding rm) {
  using Bits = typename F::Bits;
  if (is_nan<F>(a) || is_nan<F>(b)) return canonical_nan<F>(snan_flags<F>(a, b));
  const bool sa = sign_of<F>(a);
  const bool sb = sign_of<F>(b);
  if (is_inf<F>(a)) {
    if (is_inf<F>(b) && sa != sb) return canonical_nan<F>(kInvalid);
    return {a, 0};
  }
  if (is_inf<F>(b)) return {b, 0};
  if (is_zero<F>(a)) {
    if (is_zero<F>(b)) return {sa == sb ? a : exact_zero<F>(rm), 0};
    return {b, 0};
  }
  if (is_zero<F>(b)) return {a, 0};

  // Leading bits at 61 leave a carry bit and, for binary64, 9 guard bits below the last place;
  // the shifted-out bits of the smaller operand survive as a sticky bit.
  constexpr int kUp = 61 - F::kFracBits;
  Unpacked x = unpack_finite<F>(a);
  Unpacked y = unpack_finite<F>(b);
  if (x.exp < y.exp || (x.exp == y.exp && x.sig < y.sig)) std::swap(x, y);
  const u64 big = x.sig << kUp;
  const u64 small = shift_right_jam(y.sig << kUp, x.exp - y.exp);
  const int scale = x.exp - F::kBias - F::kFracBits - kUp;
  if (x.sign == y.sign) return round_pack_scaled<F>(x.sign, scale, big + small, rm);
  if (big == small) return {static_cast<Bits>(exact_zero<F>(rm)), 0};
  return round_pack_scaled<F>(x.sign, scale, big - small, rm);
}

template <typename F>
Result<typename F::Bits> mul(typename F::Bits a, typename F::Bits b, Rounding rm) {
  if (is_nan<F>(a) || is_nan<F>(b)) return canonical_nan<F>(snan_flags<F>(a, b));
  const bool sign = sign_of<F>(a) != sign_of<F>(b);
  if (is_inf<F>(a) || is_inf<F>(b)) {
    if (is_zero<F>(a) || is_zero<F>(b)) return canonical_nan<F>(kInvalid);
    return {pack_raw<F>(sign, F::kInf), 0};
  }
  if (is_zero<F>(a) || is_zero<F>(b)) return {pack_raw<F>(sign, 0), 0};
  const Unpacked x = unpack_finite<F>(a);
  const Unpacked y = unpack_finite<F>(b);
  const int scale = x.exp + y.exp - 2 * (F::kBias + F::kFracBits);
  if constexpr (F::kFracBits < 32) {
    return round_pack_scaled<F>(sign, scale, x.sig * y.sig, rm);
  } else {
    return round_pack_scaled<F>(sign, scale, static_cast<u128>(x.sig) * y.sig, rm);
  }
}

template <typename F>
Result<typename F::Bits> div(typename F::Bits a, typename F::Bits b, Rounding rm) {
  if (is_nan<F>(a) || is_nan<F>(b)) return canonical_nan<F>(snan_flags<F>(a, b));
  const bool sign = sign_of<F>(a) != sign_of<F>(b);
  if (is_inf<F>(a)) {
    if (is_inf<F>(b)) return canonical_nan<F>(kInvalid);
    return {pack_raw<F>(sign, F::kInf), 0};
  }
  if (is_inf<F>(b)) return {pack_raw<F>(sign, 0), 0};
  if (is_zero<F>(b)) {
    if (is_zero<F>(a)) return canonical_nan<F>(kInvalid);
    return {pack_raw<F>(sign, F::kInf), kDivByZero};
  }
  if (is_zero<F>(a)) return {pack_raw<F>(sign, 0), 0};
  const Unpacked x = unpack_finite<F>(a);
  const Unpacked y = unpack_finite<F>(b);
  // The dividend is widened so the quotient has at least 62 bits; a nonzero remainder becomes
  // the sticky bit, below every bit that rounding looks at.
  const int exp_diff = x.exp - y.exp;
  if constexpr (F::kFracBits < 32) {
    constexpr int kWiden = 40;
    const u64 num = x.sig << kWiden;
    const u64 q = num / y.sig;
    const u64 sticky = (num % y.sig) != 0 ? 1 : 0;
    return round_pack_scaled<F>(sign, exp_diff - kWiden, q | sticky, rm);
  } else {
    constexpr int kWiden = 64;
    const u128 num = static_cast<u128>(x.sig) << kWiden;
    const u128 q = num / y.sig;
    const u128 sticky = (num - q * y.sig) != 0 ? 1 : 0;
    return round_pack_scaled<F>(sign, exp_diff - kWiden, q | sticky, rm);
  }
}

// floor(sqrt(n)) for n < 2^127: a binary64 estimate, one Newton step, then exact correction.
// The estimate's rounding (even under a changed host rounding mode) only affects speed.
u64 isqrt(u128 n) {
  const int width = bit_width128(n);
  const int drop = width > 64 ? ((width - 63) & ~1) : 0;  // even, so sqrt scales by drop/2
  u64 r = static_cast<u64>(std::sqrt(static_cast<double>(static_cast<u64>(n >> drop))))
          << (drop / 2);
  if (r == 0) r = 1;
  r = static_cast<u64>((r + n / r) >> 1);
  while (static_cast<u128>(r) * r > n) --r;
  while (static_cast<u128>(r + 1) * (r + 1) <= n) ++r;
  return r;
}

template <typename F>
Result<typename F::Bits> sqrt(typename F::Bits a, Rounding rm) {
  if (is_nan<F>(a)) return canonical_nan<F>(snan_flags<F>(a, a));
  if (is_zero<F>(a)) return {a, 0};  // sqrt(-0) = -0
  if (sign_of<F>(a)) return canonical_nan<F>(kInvalid);
  if (is_inf<F>(a)) return {a, 0};
  Unpacked x = unpack_finite<F>(a);
  int scale = x.exp - F::kBias - F::kFracBits;
  if (scale & 1) {
    x.sig <<= 1;
    --scale;
  }
  // Widen by an even amount to just under 2^126, so the root has 61-63 bits.
  constexpr int kWiden = (126 - (F::kFracBits + 2)) & ~1;
  const u128 n = static_cast<u128>(x.sig) << kWiden;
  const u64 r = isqrt(n);
  const u64 sticky = static_cast<u128>(r) * r != n ? 1 : 0;
  return round_pack_scaled<F>(false, (scale - kWiden) / 2, r | sticky, rm);
}

}  // namespace
}  // namespace detail

using detail::F32;
using detail::F64;

Result<u32> f32_add(u32 a, u32 b, Rounding rm) { return detail::add<F32>(a, b, rm); }
Result<u32> f32_sub(u32 a, u32 b, Rounding rm) {
  return detail::add<F32>(a, b ^ F32::kSignMask, rm);
}
Result<u32> f32_mul(u32 a, u32 b, Rounding rm) { return detail::mul<F32>(a, b, rm); }
Result<u32> f32_div(u32 a, u32 b, Rounding rm) { return detail::div<F32>(a, b, rm); }
Result<u32> f32_sqrt(u32 a, Rounding rm) { return detail::sqrt<F32>(a, rm); }

Result<u64> f64_add(u64 a, u64 b, Rounding rm) { return detail::add<F64>(a, b, rm); }
Result<u64> f64_sub(u64 a, u64 b, Rounding rm) {
  return detail::add<F64>(a, b ^ F64::kSignMask, rm);
}
Result<u64> f64_mul(u64 a, u64 b, Rounding rm) { return detail::mul<F64>(a, b, rm); }
Result<u64> f64_div(u64 a, u64 b, Rounding rm) { return detail::div<F64>(a, b, rm); }
Result<u64> f64_sqrt(u64 a, Rounding rm) { return detail::sqrt<F64>(a, rm); }

}  // namespace rvscope::fp
