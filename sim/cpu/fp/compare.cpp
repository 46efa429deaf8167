// Comparisons, fmin/fmax (RISC-V 2.2 semantics) and fclass.
#include "sim/cpu/fp/round_pack.hpp"
#include "sim/cpu/fp/softfp.hpp"

namespace rvscope::fp {
namespace detail {
namespace {

// Ordered less-than on non-NaN values; with_zero_order makes -0 < +0 (for fmin/fmax).
template <typename F>
constexpr bool less(typename F::Bits a, typename F::Bits b, bool with_zero_order) {
  const bool sa = sign_of<F>(a);
  if (sa != sign_of<F>(b)) {
    return sa && (with_zero_order || ((a | b) & ~F::kSignMask) != 0);
  }
  return a != b && (sa != (a < b));
}

template <typename F>
Result<bool> eq(typename F::Bits a, typename F::Bits b) {
  if (is_nan<F>(a) || is_nan<F>(b)) return {false, snan_flags<F>(a, b)};
  return {a == b || ((a | b) & ~F::kSignMask) == 0, 0};
}

template <typename F>
Result<bool> lt(typename F::Bits a, typename F::Bits b) {
  if (is_nan<F>(a) || is_nan<F>(b)) return {false, kInvalid};
  return {less<F>(a, b, false), 0};
}

template <typename F>
Result<bool> le(typename F::Bits a, typename F::Bits b) {
  if (is_nan<F>(a) || is_nan<F>(b)) return {false, kInvalid};
  return {!less<F>(b, a, false), 0};
}

template <typename F>
Result<typename F::Bits> min_max(typename F::Bits a, typename F::Bits b, bool want_max) {
  const u8 flags = snan_flags<F>(a, b);
  const bool a_nan = is_nan<F>(a);
  const bool b_nan = is_nan<F>(b);
  if (a_nan && b_nan) return canonical_nan<F>(flags);
  if (a_nan) return {b, flags};
  if (b_nan) return {a, flags};
  return {less<F>(a, b, true) != want_max ? a : b, flags};
}

template <typename F>
u32 classify(typename F::Bits a) {
  const bool sign = sign_of<F>(a);
  const int exp = exp_of<F>(a);
  int bit;
  if (exp == F::kMaxExp) {
    if (frac_of<F>(a) == 0) {
      bit = sign ? 0 : 7;
    } else {
      bit = (a & F::kQuietBit) != 0 ? 9 : 8;
    }
  } else if (exp == 0) {
    if (frac_of<F>(a) == 0) {
      bit = sign ? 3 : 4;
    } else {
      bit = sign ? 2 : 5;
    }
  } else {
    bit = sign ? 1 : 6;
  }
  return u32{1} << bit;
}

}  // namespace
}  // namespace detail

using detail::F32;
using detail::F64;

Result<u32> f32_min(u32 a, u32 b) { return detail::min_max<F32>(a, b, false); }
Result<u32> f32_max(u32 a, u32 b) { return detail::min_max<F32>(a, b, true); }
Result<bool> f32_eq(u32 a, u32 b) { return detail::eq<F32>(a, b); }
Result<bool> f32_lt(u32 a, u32 b) { return detail::lt<F32>(a, b); }
Result<bool> f32_le(u32 a, u32 b) { return detail::le<F32>(a, b); }
u32 f32_classify(u32 a) { return detail::classify<F32>(a); }

Result<u64> f64_min(u64 a, u64 b) { return detail::min_max<F64>(a, b, false); }
Result<u64> f64_max(u64 a, u64 b) { return detail::min_max<F64>(a, b, true); }
Result<bool> f64_eq(u64 a, u64 b) { return detail::eq<F64>(a, b); }
Result<bool> f64_lt(u64 a, u64 b) { return detail::lt<F64>(a, b); }
Result<bool> f64_le(u64 a, u64 b) { return detail::le<F64>(a, b); }
u32 f64_classify(u64 a) { return detail::classify<F64>(a); }

}  // namespace rvscope::fp
