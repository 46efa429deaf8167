// Fused multiply-add: the exact product plus the addend, rounded once.
#include "sim/cpu/fp/round_pack.hpp"
#include "sim/cpu/fp/softfp.hpp"

namespace rvscope::fp {
namespace detail {
namespace {

template <typename F>
Result<typename F::Bits> fma(typename F::Bits a, typename F::Bits b, typename F::Bits c,
                             bool negate_product, bool negate_addend, Rounding rm) {
  using Bits = typename F::Bits;
  const bool inf_times_zero = (is_inf<F>(a) && is_zero<F>(b)) || (is_zero<F>(a) && is_inf<F>(b));
  if (is_nan<F>(a) || is_nan<F>(b) || is_nan<F>(c)) {
    // RISC-V raises invalid for 0*inf even when the addend is a quiet NaN.
    const bool invalid = inf_times_zero || is_snan<F>(a) || is_snan<F>(b) || is_snan<F>(c);
    return canonical_nan<F>(invalid ? kInvalid : 0);
  }
  const bool sp = (sign_of<F>(a) != sign_of<F>(b)) != negate_product;
  const bool sc = sign_of<F>(c) != negate_addend;
  if (is_inf<F>(a) || is_inf<F>(b)) {
    if (inf_times_zero || (is_inf<F>(c) && sc != sp)) return canonical_nan<F>(kInvalid);
    return {pack_raw<F>(sp, F::kInf), 0};
  }
  if (is_inf<F>(c)) return {pack_raw<F>(sc, F::kInf), 0};
  const Bits c_signed = pack_raw<F>(sc, c & ~F::kSignMask);
  if (is_zero<F>(a) || is_zero<F>(b)) {
    if (is_zero<F>(c)) return {sp == sc ? c_signed : exact_zero<F>(rm), 0};
    return {c_signed, 0};
  }

  const Unpacked x = unpack_finite<F>(a);
  const Unpacked y = unpack_finite<F>(b);
  u128 prod = static_cast<u128>(x.sig) * y.sig;
  int prod_scale = x.exp + y.exp - 2 * (F::kBias + F::kFracBits);
  if (is_zero<F>(c)) return round_pack_scaled<F>(sp, prod_scale, prod, rm);

  // Both terms get their leading bit at 124: the product keeps all its bits with room to spare,
  // and once aligned a far smaller term only matters as a sticky bit.
  constexpr int kTop = 124;
  const int prod_shift = kTop + 1 - bit_width128(prod);
  prod <<= prod_shift;
  prod_scale -= prod_shift;
  const Unpacked z = unpack_finite<F>(c);
  u128 addend = static_cast<u128>(z.sig) << (kTop - F::kFracBits);
  int addend_scale = z.exp - F::kBias - F::kFracBits - (kTop - F::kFracBits);
  int scale;
  if (prod_scale >= addend_scale) {
    addend = shift_right_jam(addend, prod_scale - addend_scale);
    scale = prod_scale;
  } else {
    prod = shift_right_jam(prod, addend_scale - prod_scale);
    scale = addend_scale;
  }
  if (sp == sc) return round_pack_scaled<F>(sp, scale, prod + addend, rm);
  if (prod == addend) return {exact_zero<F>(rm), 0};
  if (prod > addend) return round_pack_scaled<F>(sp, scale, prod - addend, rm);
  return round_pack_scaled<F>(sc, scale, addend - prod, rm);
}

}  // namespace
}  // namespace detail

Result<u32> f32_fma(u32 a, u32 b, u32 c, bool negate_product, bool negate_addend, Rounding rm) {
  return detail::fma<detail::F32>(a, b, c, negate_product, negate_addend, rm);
}
Result<u64> f64_fma(u64 a, u64 b, u64 c, bool negate_product, bool negate_addend, Rounding rm) {
  return detail::fma<detail::F64>(a, b, c, negate_product, negate_addend, rm);
}

}  // namespace rvscope::fp
