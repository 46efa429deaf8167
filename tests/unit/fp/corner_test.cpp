// Hand-written corner cases for rvscope::fp: signed zeros, subnormals, overflow per mode,
// ties per mode, NaN rules, fmin/fmax, compares, fclass, fcvt saturation and FMA exactness.
#include <gtest/gtest.h>

#include <limits>

#include "sim/cpu/fp/softfp.hpp"

namespace rvscope::fp {
namespace {

constexpr Rounding kRne = Rounding::kNearestEven;
constexpr Rounding kRtz = Rounding::kTowardZero;
constexpr Rounding kRdn = Rounding::kDown;
constexpr Rounding kRup = Rounding::kUp;
constexpr Rounding kRmm = Rounding::kNearestMax;
constexpr Rounding kAllModes[] = {kRne, kRtz, kRdn, kRup, kRmm};

// binary32 constants
constexpr u32 kPosZero = 0x00000000, kNegZero = 0x80000000;
constexpr u32 kOne = 0x3f800000, kNegOne = 0xbf800000, kTwo = 0x40000000;
constexpr u32 kInf = 0x7f800000, kNegInf = 0xff800000;
constexpr u32 kMax = 0x7f7fffff, kNegMax = 0xff7fffff;
constexpr u32 kMinSub = 0x00000001, kMaxSub = 0x007fffff, kMinNorm = 0x00800000;
constexpr u32 kQNan = 0x7fc12345, kSNan = 0x7f812345, kNegQNan = 0xffc00001;
constexpr u32 kHalf = 0x3f000000, kNegHalf = 0xbf000000;
// binary64 constants
constexpr u64 kDOne = 0x3ff0000000000000, kDNegOne = 0xbff0000000000000;
constexpr u64 kDInf = 0x7ff0000000000000, kDNegInf = 0xfff0000000000000;
constexpr u64 kDNegZero = 0x8000000000000000;
constexpr u64 kDQNan = 0x7ff8000000000123, kDSNan = 0x7ff0000000000001;
constexpr u64 kDMinSub = 1, kDMax = 0x7fefffffffffffff;

template <typename T>
void expect_result(Result<T> got, T value, u8 flags, const char* what) {
  EXPECT_EQ(got.value, value) << what << std::hex << " got 0x" << u64(got.value) << " want 0x"
                              << u64(value);
  EXPECT_EQ(int(got.flags), int(flags)) << what;
}
#define EXPECT_FP(call, want, want_flags) \
  expect_result(call, decltype((call).value)(want), want_flags, #call)

TEST(FpAdd, SignedZeros) {
  for (Rounding rm : kAllModes) {
    const u32 exact_zero = rm == kRdn ? kNegZero : kPosZero;
    EXPECT_FP(f32_add(kPosZero, kPosZero, rm), kPosZero, 0);
    EXPECT_FP(f32_add(kNegZero, kNegZero, rm), kNegZero, 0);
    EXPECT_FP(f32_add(kPosZero, kNegZero, rm), exact_zero, 0);
    EXPECT_FP(f32_sub(kPosZero, kPosZero, rm), exact_zero, 0);
    EXPECT_FP(f32_add(kOne, kNegOne, rm), exact_zero, 0);
    EXPECT_FP(f32_sub(kMinSub, kMinSub, rm), exact_zero, 0);
    EXPECT_FP(f32_add(kNegZero, kOne, rm), kOne, 0);
    EXPECT_FP(f64_add(kDOne, kDNegOne, rm), rm == kRdn ? kDNegZero : 0, 0);
  }
}

TEST(FpAdd, SubnormalsAreExactWithoutUnderflow) {
  EXPECT_FP(f32_add(kMinSub, kMinSub, kRne), 2u, 0);
  EXPECT_FP(f32_sub(kMinNorm, kMinSub, kRne), kMaxSub, 0);
  EXPECT_FP(f32_add(kMaxSub, kMinSub, kRne), kMinNorm, 0);
  EXPECT_FP(f64_add(kDMinSub, kDMinSub, kRtz), u64{2}, 0);
}

TEST(FpAdd, OverflowPerMode) {
  constexpr u8 kOfNx = kOverflow | kInexact;
  EXPECT_FP(f32_add(kMax, kMax, kRne), kInf, kOfNx);
  EXPECT_FP(f32_add(kMax, kMax, kRmm), kInf, kOfNx);
  EXPECT_FP(f32_add(kMax, kMax, kRtz), kMax, kOfNx);
  EXPECT_FP(f32_add(kMax, kMax, kRdn), kMax, kOfNx);
  EXPECT_FP(f32_add(kMax, kMax, kRup), kInf, kOfNx);
  EXPECT_FP(f32_add(kNegMax, kNegMax, kRne), kNegInf, kOfNx);
  EXPECT_FP(f32_add(kNegMax, kNegMax, kRtz), kNegMax, kOfNx);
  EXPECT_FP(f32_add(kNegMax, kNegMax, kRdn), kNegInf, kOfNx);
  EXPECT_FP(f32_add(kNegMax, kNegMax, kRup), kNegMax, kOfNx);
  // Half an ulp above max: RNE ties to even (inf), RTZ stays; one ulp of max is 2^104.
  EXPECT_FP(f32_add(kMax, 0x73000000, kRne), kInf, kOfNx);     // + 2^103
  EXPECT_FP(f32_add(kMax, 0x72800000, kRne), kMax, kInexact);  // + 2^102: below the tie
  EXPECT_FP(f64_mul(kDMax, 0x4000000000000000, kRtz), kDMax, kOfNx);
  EXPECT_FP(f64_mul(kDMax, 0x4000000000000000, kRne), kDInf, kOfNx);
}

TEST(FpAdd, TiesPerMode) {
  // 1 + 2^-24 is exactly half an ulp above 1 (even); 1+2^-23 + 2^-24 is a tie above an odd.
  constexpr u32 kHalfUlp = 0x33800000;
  EXPECT_FP(f32_add(kOne, kHalfUlp, kRne), kOne, kInexact);
  EXPECT_FP(f32_add(kOne, kHalfUlp, kRmm), 0x3f800001u, kInexact);
  EXPECT_FP(f32_add(kOne, kHalfUlp, kRtz), kOne, kInexact);
  EXPECT_FP(f32_add(kOne, kHalfUlp, kRdn), kOne, kInexact);
  EXPECT_FP(f32_add(kOne, kHalfUlp, kRup), 0x3f800001u, kInexact);
  EXPECT_FP(f32_add(0x3f800001, kHalfUlp, kRne), 0x3f800002u, kInexact);
  EXPECT_FP(f32_add(0x3f800001, kHalfUlp, kRmm), 0x3f800002u, kInexact);
  EXPECT_FP(f32_add(0x3f800001, kHalfUlp, kRtz), 0x3f800001u, kInexact);
  // Negative: directed modes mirror.
  EXPECT_FP(f32_sub(kNegOne, kHalfUlp, kRdn), 0xbf800001u, kInexact);
  EXPECT_FP(f32_sub(kNegOne, kHalfUlp, kRup), kNegOne, kInexact);
  EXPECT_FP(f32_sub(kNegOne, kHalfUlp, kRmm), 0xbf800001u, kInexact);
}

TEST(FpMul, UnderflowIsDetectedAfterRounding) {
  // (1+2^-23) * max_subnormal = 2^-126 * (1 - 2^-46 ...) rounds up to min normal in RNE:
  // not tiny after rounding, so only inexact. In RTZ it stays subnormal: underflow.
  EXPECT_FP(f32_mul(0x3f800001, kMaxSub, kRne), kMinNorm, kInexact);
  EXPECT_FP(f32_mul(0x3f800001, kMaxSub, kRtz), kMaxSub, kUnderflow | kInexact);
  EXPECT_FP(f32_mul(0x3f800001, kMaxSub, kRup), kMinNorm, kInexact);
  // An exact subnormal result raises nothing; a rounded one raises underflow and inexact.
  EXPECT_FP(f32_mul(kMinNorm, kHalf, kRne), 0x00400000u, 0);
  EXPECT_FP(f32_mul(kMinSub, kHalf, kRne), kPosZero, kUnderflow | kInexact);
  EXPECT_FP(f32_mul(kMinSub, kHalf, kRup), kMinSub, kUnderflow | kInexact);
  EXPECT_FP(f32_mul(kMinSub, kNegHalf, kRne), kNegZero, kUnderflow | kInexact);
  EXPECT_FP(f32_mul(kMinSub, kNegHalf, kRdn), 0x80000001u, kUnderflow | kInexact);
  EXPECT_FP(f64_mul(kDMinSub, 0x3fe0000000000000, kRmm), kDMinSub, kUnderflow | kInexact);
}

TEST(FpMul, SpecialOperands) {
  EXPECT_FP(f32_mul(kInf, kPosZero, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_mul(kNegZero, kInf, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_mul(kNegInf, kTwo, kRne), kNegInf, 0);
  EXPECT_FP(f32_mul(kNegZero, kTwo, kRne), kNegZero, 0);
  EXPECT_FP(f32_mul(kQNan, kOne, kRne), kCanonicalNan32, 0);
  EXPECT_FP(f32_mul(kSNan, kOne, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f64_mul(kDQNan, kDSNan, kRne), kCanonicalNan64, kInvalid);
}

TEST(FpNan, ResultsAreAlwaysCanonical) {
  EXPECT_FP(f32_add(kQNan, kOne, kRne), kCanonicalNan32, 0);
  EXPECT_FP(f32_add(kNegQNan, kOne, kRne), kCanonicalNan32, 0);
  EXPECT_FP(f32_add(kSNan, kOne, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_add(kInf, kNegInf, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_sub(kInf, kInf, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_add(kInf, kInf, kRne), kInf, 0);
  EXPECT_FP(f64_add(kDQNan, kDOne, kRne), kCanonicalNan64, 0);
  EXPECT_FP(f64_sub(kDOne, kDSNan, kRne), kCanonicalNan64, kInvalid);
}

TEST(FpDiv, Specials) {
  EXPECT_FP(f32_div(kOne, kPosZero, kRne), kInf, kDivByZero);
  EXPECT_FP(f32_div(kNegOne, kPosZero, kRne), kNegInf, kDivByZero);
  EXPECT_FP(f32_div(kOne, kNegZero, kRne), kNegInf, kDivByZero);
  EXPECT_FP(f32_div(kPosZero, kPosZero, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_div(kInf, kNegInf, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_div(kInf, kPosZero, kRne), kInf, 0);  // inf/0 is not a division by zero
  EXPECT_FP(f32_div(kOne, kNegInf, kRne), kNegZero, 0);
  EXPECT_FP(f32_div(kQNan, kPosZero, kRne), kCanonicalNan32, 0);
  EXPECT_FP(f32_div(kOne, 0x40400000, kRne), 0x3eaaaaabu, kInexact);  // 1/3
  EXPECT_FP(f32_div(kOne, 0x40400000, kRtz), 0x3eaaaaaau, kInexact);
  EXPECT_FP(f64_div(kDOne, 0x4008000000000000, kRdn), u64{0x3fd5555555555555}, kInexact);
  EXPECT_FP(f64_div(kDOne, 0x4008000000000000, kRup), u64{0x3fd5555555555556}, kInexact);
  EXPECT_FP(f32_div(kMax, kHalf, kRtz), kMax, kOverflow | kInexact);
  EXPECT_FP(f32_div(kMinNorm, kTwo, kRne), 0x00400000u, 0);
}

TEST(FpSqrt, Specials) {
  EXPECT_FP(f32_sqrt(kNegZero, kRne), kNegZero, 0);
  EXPECT_FP(f32_sqrt(kPosZero, kRne), kPosZero, 0);
  EXPECT_FP(f32_sqrt(kNegOne, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_sqrt(kNegInf, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_sqrt(0x80000001, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_sqrt(kInf, kRne), kInf, 0);
  EXPECT_FP(f32_sqrt(kSNan, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_sqrt(kNegQNan, kRne), kCanonicalNan32, 0);
  EXPECT_FP(f32_sqrt(0x40800000, kRne), kTwo, 0);  // sqrt(4)
  EXPECT_FP(f32_sqrt(kTwo, kRdn), 0x3fb504f3u, kInexact);
  EXPECT_FP(f32_sqrt(kTwo, kRup), 0x3fb504f4u, kInexact);
  EXPECT_FP(f32_sqrt(kMinSub, kRne), 0x1a3504f3u, kInexact);  // sqrt(2^-149)
  EXPECT_FP(f64_sqrt(0x4000000000000000, kRne), u64{0x3ff6a09e667f3bcd}, kInexact);
  EXPECT_FP(f64_sqrt(kDMinSub, kRne), u64{0x1e60000000000000}, 0);  // sqrt(2^-1074) = 2^-537
}

TEST(FpFma, RoundedOnce) {
  // a = b = 1+2^-12: a*b = 1 + 2^-11 + 2^-24. A separate multiply rounds the 2^-24 away
  // (tie to even), so mul-then-sub gives 0; the fused result keeps it exactly.
  constexpr u32 kA = 0x3f800800, kP = 0x3f801000;
  EXPECT_FP(f32_mul(kA, kA, kRne), kP, kInexact);
  EXPECT_FP(f32_fma(kA, kA, kP, false, true, kRne), 0x33800000u, 0);  // fmsub: 2^-24
  EXPECT_FP(f32_fma(kA, kA, kP, true, false, kRne), 0xb3800000u, 0);  // fnmsub: -2^-24
  // Binary64, a = 1+2^-27: a*a = 1 + 2^-26 + 2^-54, and the 2^-54 is lost by fmul.
  constexpr u64 kDA = 0x3ff0000002000000, kDP = 0x3ff0000004000000;
  EXPECT_FP(f64_mul(kDA, kDA, kRne), kDP, kInexact);
  EXPECT_FP(f64_fma(kDA, kDA, kDP, false, true, kRne), u64{0x3c90000000000000}, 0);  // 2^-54
  // A tiny addend decides a tie that the product alone would round to even.
  EXPECT_FP(f32_fma(kA, kA, kMinSub, false, false, kRne), 0x3f801001u, kInexact);
  EXPECT_FP(f32_fma(kA, kA, 0x80000001, false, false, kRne), kP, kInexact);
}

TEST(FpFma, SignsAndSpecials) {
  const u32 three = 0x40400000;
  EXPECT_FP(f32_fma(kOne, kTwo, three, false, false, kRne), 0x40a00000u, 0);  // 5
  EXPECT_FP(f32_fma(kOne, kTwo, three, false, true, kRne), kNegOne, 0);       // 2-3
  EXPECT_FP(f32_fma(kOne, kTwo, three, true, false, kRne), kOne, 0);          // -2+3
  EXPECT_FP(f32_fma(kOne, kTwo, three, true, true, kRne), 0xc0a00000u, 0);    // -2-3
  // RISC-V: 0*inf raises invalid even with a quiet NaN addend.
  EXPECT_FP(f32_fma(kPosZero, kInf, kQNan, false, false, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_fma(kInf, kNegZero, kQNan, false, false, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f64_fma(0, kDInf, kDQNan, false, false, kRne), kCanonicalNan64, kInvalid);
  EXPECT_FP(f32_fma(kOne, kInf, kQNan, false, false, kRne), kCanonicalNan32, 0);
  EXPECT_FP(f32_fma(kOne, kOne, kSNan, false, false, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_fma(kInf, kOne, kNegInf, false, false, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_fma(kInf, kOne, kInf, false, true, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_fma(kInf, kOne, kInf, false, false, kRne), kInf, 0);
  EXPECT_FP(f32_fma(kOne, kOne, kNegInf, false, false, kRne), kNegInf, 0);
  // Zero results: (+0) + (-0) is +0 except in RDN; an exact cancellation likewise.
  EXPECT_FP(f32_fma(kPosZero, kOne, kNegZero, false, false, kRne), kPosZero, 0);
  EXPECT_FP(f32_fma(kPosZero, kOne, kNegZero, false, false, kRdn), kNegZero, 0);
  EXPECT_FP(f32_fma(kNegZero, kOne, kNegZero, false, false, kRne), kNegZero, 0);
  EXPECT_FP(f32_fma(kOne, kOne, kNegOne, false, false, kRne), kPosZero, 0);
  EXPECT_FP(f32_fma(kOne, kOne, kNegOne, false, false, kRdn), kNegZero, 0);
  EXPECT_FP(f32_fma(kPosZero, kOne, kOne, true, false, kRne), kOne, 0);
  // A product that underflows on its own but not once the addend is in.
  EXPECT_FP(f32_fma(kMinSub, kHalf, kOne, false, false, kRne), kOne, kInexact);
}

TEST(FpMinMax, RiscV22Semantics) {
  EXPECT_FP(f32_min(kNegZero, kPosZero), kNegZero, 0);
  EXPECT_FP(f32_min(kPosZero, kNegZero), kNegZero, 0);
  EXPECT_FP(f32_max(kNegZero, kPosZero), kPosZero, 0);
  EXPECT_FP(f32_max(kPosZero, kNegZero), kPosZero, 0);
  EXPECT_FP(f32_min(kQNan, kOne), kOne, 0);
  EXPECT_FP(f32_max(kOne, kQNan), kOne, 0);
  EXPECT_FP(f32_min(kSNan, kOne), kOne, kInvalid);
  EXPECT_FP(f32_max(kOne, kSNan), kOne, kInvalid);
  EXPECT_FP(f32_min(kQNan, kNegQNan), kCanonicalNan32, 0);
  EXPECT_FP(f32_max(kSNan, kQNan), kCanonicalNan32, kInvalid);
  EXPECT_FP(f32_min(kNegInf, kInf), kNegInf, 0);
  EXPECT_FP(f32_max(kNegOne, kNegMax), kNegOne, 0);
  EXPECT_FP(f32_min(kMinSub, kPosZero), kPosZero, 0);
  EXPECT_FP(f64_min(kDNegZero, 0), kDNegZero, 0);
  EXPECT_FP(f64_max(kDSNan, kDNegOne), kDNegOne, kInvalid);
  EXPECT_FP(f64_max(kDQNan, kDQNan), kCanonicalNan64, 0);
}

TEST(FpCompare, QuietAndSignalling) {
  EXPECT_FP(f32_eq(kNegZero, kPosZero), true, 0);
  EXPECT_FP(f32_lt(kNegZero, kPosZero), false, 0);
  EXPECT_FP(f32_le(kNegZero, kPosZero), true, 0);
  EXPECT_FP(f32_le(kPosZero, kNegZero), true, 0);
  EXPECT_FP(f32_eq(kQNan, kQNan), false, 0);
  EXPECT_FP(f32_eq(kSNan, kOne), false, kInvalid);
  EXPECT_FP(f32_lt(kQNan, kOne), false, kInvalid);
  EXPECT_FP(f32_le(kOne, kQNan), false, kInvalid);
  EXPECT_FP(f32_lt(kNegInf, kNegMax), true, 0);
  EXPECT_FP(f32_lt(kNegOne, kNegHalf), true, 0);
  EXPECT_FP(f32_lt(kNegHalf, kNegOne), false, 0);
  EXPECT_FP(f32_le(kInf, kInf), true, 0);
  EXPECT_FP(f64_eq(kDQNan, kDOne), false, 0);
  EXPECT_FP(f64_eq(kDSNan, kDOne), false, kInvalid);
  EXPECT_FP(f64_lt(kDNegOne, kDOne), true, 0);
  EXPECT_FP(f64_le(kDQNan, kDOne), false, kInvalid);
}

TEST(FpClassify, AllTenClasses) {
  EXPECT_EQ(f32_classify(kNegInf), 1u << 0);
  EXPECT_EQ(f32_classify(kNegOne), 1u << 1);
  EXPECT_EQ(f32_classify(0x80000001), 1u << 2);
  EXPECT_EQ(f32_classify(kNegZero), 1u << 3);
  EXPECT_EQ(f32_classify(kPosZero), 1u << 4);
  EXPECT_EQ(f32_classify(kMaxSub), 1u << 5);
  EXPECT_EQ(f32_classify(kMinNorm), 1u << 6);
  EXPECT_EQ(f32_classify(kInf), 1u << 7);
  EXPECT_EQ(f32_classify(kSNan), 1u << 8);
  EXPECT_EQ(f32_classify(kNegQNan), 1u << 9);
  EXPECT_EQ(f64_classify(kDNegInf), 1u << 0);
  EXPECT_EQ(f64_classify(kDNegOne), 1u << 1);
  EXPECT_EQ(f64_classify(0x8000000000000001), 1u << 2);
  EXPECT_EQ(f64_classify(kDNegZero), 1u << 3);
  EXPECT_EQ(f64_classify(0), 1u << 4);
  EXPECT_EQ(f64_classify(kDMinSub), 1u << 5);
  EXPECT_EQ(f64_classify(kDMax), 1u << 6);
  EXPECT_EQ(f64_classify(kDInf), 1u << 7);
  EXPECT_EQ(f64_classify(kDSNan), 1u << 8);
  EXPECT_EQ(f64_classify(kDQNan), 1u << 9);
}

TEST(FpConvert, FloatToIntSaturation) {
  using L32 = std::numeric_limits<i32>;
  using L64 = std::numeric_limits<i64>;
  constexpr u32 kU32Max = 0xffffffff;
  constexpr u64 kU64Max = ~u64{0};
  for (Rounding rm : kAllModes) {
    EXPECT_FP(f32_to_i32(kQNan, rm), L32::max(), kInvalid);
    EXPECT_FP(f32_to_i32(kNegQNan, rm), L32::max(), kInvalid);
    EXPECT_FP(f32_to_i32(kInf, rm), L32::max(), kInvalid);
    EXPECT_FP(f32_to_i32(kNegInf, rm), L32::min(), kInvalid);
    EXPECT_FP(f32_to_i32(0x4f000000, rm), L32::max(), kInvalid);  // 2^31
    EXPECT_FP(f32_to_i32(0xcf000000, rm), L32::min(), 0);         // -2^31
    EXPECT_FP(f32_to_u32(kQNan, rm), kU32Max, kInvalid);
    EXPECT_FP(f32_to_u32(kInf, rm), kU32Max, kInvalid);
    EXPECT_FP(f32_to_u32(kNegInf, rm), 0u, kInvalid);
    EXPECT_FP(f32_to_u32(kNegOne, rm), 0u, kInvalid);
    EXPECT_FP(f32_to_u32(0x4f800000, rm), kU32Max, kInvalid);  // 2^32
    EXPECT_FP(f32_to_i64(kSNan, rm), L64::max(), kInvalid);
    EXPECT_FP(f32_to_i64(0x5f000000, rm), L64::max(), kInvalid);  // 2^63
    EXPECT_FP(f32_to_i64(0xdf000000, rm), L64::min(), 0);         // -2^63
    EXPECT_FP(f32_to_u64(kQNan, rm), kU64Max, kInvalid);
    EXPECT_FP(f32_to_u64(0x5f800000, rm), kU64Max, kInvalid);  // 2^64
    EXPECT_FP(f32_to_u64(kNegInf, rm), u64{0}, kInvalid);
    EXPECT_FP(f64_to_i32(kDQNan, rm), L32::max(), kInvalid);
    EXPECT_FP(f64_to_i32(0xc1e0000000200000, rm), L32::min(), kInvalid);  // -2^31 - 1
    EXPECT_FP(f64_to_i32(0x41dfffffffc00000, rm), L32::max(), 0);         // 2^31 - 1
    EXPECT_FP(f64_to_u32(0x41efffffffe00000, rm), kU32Max, 0);            // 2^32 - 1
    EXPECT_FP(f64_to_i64(kDInf, rm), L64::max(), kInvalid);
    EXPECT_FP(f64_to_u64(kDNegInf, rm), u64{0}, kInvalid);
    EXPECT_FP(f64_to_u64(kDNegZero, rm), u64{0}, 0);
    EXPECT_FP(f64_to_i64(0x43e0000000000000, rm), L64::max(), kInvalid);  // 2^63
    EXPECT_FP(f64_to_u64(0x43efffffffffffff, rm), u64{0xfffffffffffff800}, 0);
  }
  // 2^31 - 0.5 (binary64): RNE ties to 2^31 (out of range), RTZ gives 2^31 - 1.
  constexpr u64 kJustBelow = 0x41dfffffffe00000;
  EXPECT_FP(f64_to_i32(kJustBelow, kRne), L32::max(), kInvalid);
  EXPECT_FP(f64_to_i32(kJustBelow, kRtz), L32::max(), kInexact);
  EXPECT_FP(f64_to_i32(kJustBelow, kRdn), L32::max(), kInexact);
  EXPECT_FP(f64_to_i32(kJustBelow, kRup), L32::max(), kInvalid);
  // Negative values rounding to 0 are fine for unsigned targets; below that, invalid.
  EXPECT_FP(f32_to_u32(kNegHalf, kRtz), 0u, kInexact);
  EXPECT_FP(f32_to_u32(kNegHalf, kRne), 0u, kInexact);
  EXPECT_FP(f32_to_u32(kNegHalf, kRup), 0u, kInexact);
  EXPECT_FP(f32_to_u32(kNegHalf, kRmm), 0u, kInvalid);
  EXPECT_FP(f32_to_u32(kNegHalf, kRdn), 0u, kInvalid);
  EXPECT_FP(f64_to_u64(0xbfefffffffffffff, kRtz), u64{0}, kInexact);
  EXPECT_FP(f32_to_u32(kNegZero, kRdn), 0u, 0);
}

TEST(FpConvert, FloatToIntRoundingPerMode) {
  constexpr u32 k2_5 = 0x40200000, kNeg2_5 = 0xc0200000, k3_5 = 0x40600000;
  const struct {
    Rounding rm;
    i32 pos, neg, odd;
  } cases[] = {
      {kRne, 2, -2, 4}, {kRtz, 2, -2, 3}, {kRdn, 2, -3, 3}, {kRup, 3, -2, 4}, {kRmm, 3, -3, 4}};
  for (const auto& c : cases) {
    EXPECT_FP(f32_to_i32(k2_5, c.rm), c.pos, kInexact);
    EXPECT_FP(f32_to_i32(kNeg2_5, c.rm), c.neg, kInexact);
    EXPECT_FP(f32_to_i32(k3_5, c.rm), c.odd, kInexact);
    EXPECT_FP(f32_to_i64(kNeg2_5, c.rm), i64{c.neg}, kInexact);
    EXPECT_FP(f64_to_i32(0x4004000000000000, c.rm), c.pos, kInexact);
  }
  EXPECT_FP(f32_to_i32(kMinSub, kRup), 1, kInexact);
  EXPECT_FP(f32_to_i32(0x80000001, kRdn), -1, kInexact);
  EXPECT_FP(f32_to_i32(0x80000001, kRne), 0, kInexact);
  EXPECT_FP(f64_to_i64(0xc3e0000000000000, kRne), std::numeric_limits<i64>::min(), 0);
}

TEST(FpConvert, IntToFloat) {
  EXPECT_FP(i32_to_f32(0, kRdn), kPosZero, 0);
  EXPECT_FP(i32_to_f32(16777217, kRne), 0x4b800000u, kInexact);  // 2^24 + 1: tie to even
  EXPECT_FP(i32_to_f32(16777217, kRup), 0x4b800001u, kInexact);
  EXPECT_FP(i32_to_f32(16777217, kRmm), 0x4b800001u, kInexact);
  EXPECT_FP(i32_to_f32(-16777217, kRdn), 0xcb800001u, kInexact);
  EXPECT_FP(i32_to_f32(std::numeric_limits<i32>::min(), kRne), 0xcf000000u, 0);
  EXPECT_FP(u32_to_f32(0xffffffff, kRtz), 0x4f7fffffu, kInexact);
  EXPECT_FP(u32_to_f32(0xffffffff, kRne), 0x4f800000u, kInexact);
  EXPECT_FP(i64_to_f32(std::numeric_limits<i64>::min(), kRne), 0xdf000000u, 0);
  EXPECT_FP(u64_to_f32(~u64{0}, kRne), 0x5f800000u, kInexact);
  EXPECT_FP(u64_to_f32(~u64{0}, kRtz), 0x5f7fffffu, kInexact);
  EXPECT_FP(i32_to_f64(-1, kRne), kDNegOne, 0);
  EXPECT_FP(u32_to_f64(0xffffffff, kRne), u64{0x41efffffffe00000}, 0);
  EXPECT_FP(i64_to_f64((i64{1} << 53) + 1, kRne), u64{0x4340000000000000}, kInexact);
  EXPECT_FP(i64_to_f64((i64{1} << 53) + 1, kRmm), u64{0x4340000000000001}, kInexact);
  EXPECT_FP(u64_to_f64(~u64{0}, kRup), u64{0x43f0000000000000}, kInexact);
  EXPECT_FP(u64_to_f64(~u64{0}, kRdn), u64{0x43efffffffffffff}, kInexact);
}

TEST(FpConvert, FloatToFloat) {
  EXPECT_FP(f32_to_f64(kSNan), kCanonicalNan64, kInvalid);
  EXPECT_FP(f32_to_f64(kNegQNan), kCanonicalNan64, 0);
  EXPECT_FP(f32_to_f64(kNegZero), kDNegZero, 0);
  EXPECT_FP(f32_to_f64(kNegInf), kDNegInf, 0);
  EXPECT_FP(f32_to_f64(kMinSub), u64{0x36a0000000000000}, 0);  // 2^-149, normal in binary64
  EXPECT_FP(f32_to_f64(kMax), u64{0x47efffffe0000000}, 0);
  EXPECT_FP(f64_to_f32(kDSNan, kRne), kCanonicalNan32, kInvalid);
  EXPECT_FP(f64_to_f32(kDQNan, kRne), kCanonicalNan32, 0);
  EXPECT_FP(f64_to_f32(kDMax, kRne), kInf, kOverflow | kInexact);
  EXPECT_FP(f64_to_f32(kDMax, kRtz), kMax, kOverflow | kInexact);
  EXPECT_FP(f64_to_f32(kDMinSub, kRne), kPosZero, kUnderflow | kInexact);
  EXPECT_FP(f64_to_f32(kDMinSub, kRup), kMinSub, kUnderflow | kInexact);
  EXPECT_FP(f64_to_f32(0x3ff0000010000000, kRne), kOne, kInexact);  // 1 + 2^-24: tie
  EXPECT_FP(f64_to_f32(0x3ff0000010000000, kRmm), 0x3f800001u, kInexact);
  EXPECT_FP(f64_to_f32(0x36a0000000000000, kRne), kMinSub, 0);  // exact subnormal
}

TEST(FpRounding, ReservedModesRoundToNearestEven) {
  // The interpreter traps on rm 5/6 and resolves 7; stray values must still be harmless.
  const auto rm5 = static_cast<Rounding>(5);
  const auto rm7 = static_cast<Rounding>(7);
  EXPECT_FP(f32_add(kOne, 0x33800000, rm5), kOne, kInexact);
  EXPECT_FP(f32_add(0x3f800001, 0x33800000, rm7), 0x3f800002u, kInexact);
  EXPECT_FP(f32_to_i32(0x40200000, rm5), 2, kInexact);
  EXPECT_FP(f64_to_u64(0x4004000000000000, rm7), u64{2}, kInexact);
}

}  // namespace
}  // namespace rvscope::fp
