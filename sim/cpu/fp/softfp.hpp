// IEEE-754 binary32/binary64 arithmetic with RISC-V semantics: explicit rounding mode,
// accrued exception flags returned with each result, canonical NaNs, no global state.
// The interpreter's F and D instructions are thin wrappers around these functions.
#pragma once

#include "sim/common/types.hpp"

namespace rvscope::fp {

// fflags bits, as the fcsr lays them out.
enum Flag : u8 { kInexact = 1, kUnderflow = 2, kOverflow = 4, kDivByZero = 8, kInvalid = 16 };

// Static rounding modes (the rm field / frm). 5 and 6 are reserved; 7 (dynamic) is resolved
// by the caller before calling in.
enum class Rounding : u8 { kNearestEven = 0, kTowardZero = 1, kDown = 2, kUp = 3, kNearestMax = 4 };

inline constexpr u32 kCanonicalNan32 = 0x7fc00000u;
inline constexpr u64 kCanonicalNan64 = 0x7ff8000000000000ull;

template <typename T>
struct Result {
  T value;
  u8 flags;
};

// ---- binary32 (values are raw bit patterns) ----
Result<u32> f32_add(u32 a, u32 b, Rounding rm);
Result<u32> f32_sub(u32 a, u32 b, Rounding rm);
Result<u32> f32_mul(u32 a, u32 b, Rounding rm);
Result<u32> f32_div(u32 a, u32 b, Rounding rm);
Result<u32> f32_sqrt(u32 a, Rounding rm);
// a*b+c rounded once. negate_product gives -(a*b)+c, negate_addend gives a*b-c
// (fmadd: none, fmsub: addend, fnmsub: product, fnmadd: both).
Result<u32> f32_fma(u32 a, u32 b, u32 c, bool negate_product, bool negate_addend, Rounding rm);
// fmin/fmax of the 2.2 spec: -0 < +0, one NaN gives the other operand, two NaNs give the
// canonical NaN, a signalling NaN raises invalid.
Result<u32> f32_min(u32 a, u32 b);
Result<u32> f32_max(u32 a, u32 b);
// feq is quiet (invalid only on signalling NaN); flt/fle signal on any NaN.
Result<bool> f32_eq(u32 a, u32 b);
Result<bool> f32_lt(u32 a, u32 b);
Result<bool> f32_le(u32 a, u32 b);
u32 f32_classify(u32 a);  // the fclass one-hot mask (bit 0 -inf ... bit 9 quiet NaN)

// ---- binary64 ----
Result<u64> f64_add(u64 a, u64 b, Rounding rm);
Result<u64> f64_sub(u64 a, u64 b, Rounding rm);
Result<u64> f64_mul(u64 a, u64 b, Rounding rm);
Result<u64> f64_div(u64 a, u64 b, Rounding rm);
Result<u64> f64_sqrt(u64 a, Rounding rm);
Result<u64> f64_fma(u64 a, u64 b, u64 c, bool negate_product, bool negate_addend, Rounding rm);
Result<u64> f64_min(u64 a, u64 b);
Result<u64> f64_max(u64 a, u64 b);
Result<bool> f64_eq(u64 a, u64 b);
Result<bool> f64_lt(u64 a, u64 b);
Result<bool> f64_le(u64 a, u64 b);
u32 f64_classify(u64 a);

// ---- conversions (integer results saturate and raise invalid on NaN/overflow, as the
// RISC-V spec's fcvt table says; NaN converts to the largest positive integer) ----
Result<i32> f32_to_i32(u32 a, Rounding rm);
Result<u32> f32_to_u32(u32 a, Rounding rm);
Result<i64> f32_to_i64(u32 a, Rounding rm);
Result<u64> f32_to_u64(u32 a, Rounding rm);
Result<i32> f64_to_i32(u64 a, Rounding rm);
Result<u32> f64_to_u32(u64 a, Rounding rm);
Result<i64> f64_to_i64(u64 a, Rounding rm);
Result<u64> f64_to_u64(u64 a, Rounding rm);
Result<u32> i32_to_f32(i32 a, Rounding rm);
Result<u32> u32_to_f32(u32 a, Rounding rm);
Result<u32> i64_to_f32(i64 a, Rounding rm);
Result<u32> u64_to_f32(u64 a, Rounding rm);
Result<u64> i32_to_f64(i32 a, Rounding rm);
Result<u64> u32_to_f64(u32 a, Rounding rm);
Result<u64> i64_to_f64(i64 a, Rounding rm);
Result<u64> u64_to_f64(u64 a, Rounding rm);
Result<u64> f32_to_f64(u32 a);  // exact; sNaN raises invalid; NaN -> canonical
Result<u32> f64_to_f32(u64 a, Rounding rm);

}  // namespace rvscope::fp
