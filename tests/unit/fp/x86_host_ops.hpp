// x86-64 reference operations for the fp differential tests: one SSE/FMA/AVX-512 instruction
// each, in inline asm so the compiler can neither fold them nor move them across the <cfenv>
// calls that set the host rounding mode and read its flags.
#pragma once

#if defined(__x86_64__)

#include <bit>
#include <cfenv>

#include "sim/common/types.hpp"
#include "sim/cpu/fp/softfp.hpp"

namespace rvscope::fp::x86 {

inline double d_of(u64 v) { return std::bit_cast<double>(v); }
inline float f_of(u32 v) { return std::bit_cast<float>(v); }
inline u64 bits_of(double v) { return std::bit_cast<u64>(v); }
inline u32 bits_of(float v) { return std::bit_cast<u32>(v); }

#define RVS_HOST_BINOP(name, insn, T)                            \
  inline T name(T a, T b) {                                      \
    asm volatile(insn " %[b], %[a]" : [a] "+x"(a) : [b] "x"(b)); \
    return a;                                                    \
  }
RVS_HOST_BINOP(h_add64, "addsd", double)
RVS_HOST_BINOP(h_sub64, "subsd", double)
RVS_HOST_BINOP(h_mul64, "mulsd", double)
RVS_HOST_BINOP(h_div64, "divsd", double)
RVS_HOST_BINOP(h_add32, "addss", float)
RVS_HOST_BINOP(h_sub32, "subss", float)
RVS_HOST_BINOP(h_mul32, "mulss", float)
RVS_HOST_BINOP(h_div32, "divss", float)
#undef RVS_HOST_BINOP

inline double h_sqrt64(double a) {
  double r;
  asm volatile("sqrtsd %[a], %[r]" : [r] "=x"(r) : [a] "x"(a));
  return r;
}
inline float h_sqrt32(float a) {
  float r;
  asm volatile("sqrtss %[a], %[r]" : [r] "=x"(r) : [a] "x"(a));
  return r;
}
inline double h_fma64(double a, double b, double c) {
  asm volatile("vfmadd231sd %[b], %[a], %[c]" : [c] "+x"(c) : [a] "x"(a), [b] "x"(b));
  return c;
}
inline float h_fma32(float a, float b, float c) {
  asm volatile("vfmadd231ss %[b], %[a], %[c]" : [c] "+x"(c) : [a] "x"(a), [b] "x"(b));
  return c;
}
inline float h_f64_to_f32(double a) {
  float r;
  asm volatile("cvtsd2ss %[a], %[r]" : [r] "=x"(r) : [a] "x"(a));
  return r;
}
inline double h_f32_to_f64(float a) {
  double r;
  asm volatile("cvtss2sd %[a], %[r]" : [r] "=x"(r) : [a] "x"(a));
  return r;
}
// Comparisons: comis* signal on any NaN (flt/fle), ucomis* only on sNaN (feq).
inline bool h_lt64(double a, double b) {
  bool r;
  asm volatile("comisd %[a], %[b]\n\tseta %[r]" : [r] "=r"(r) : [a] "x"(a), [b] "x"(b) : "cc");
  return r;
}
inline bool h_le64(double a, double b) {
  bool r;
  asm volatile("comisd %[a], %[b]\n\tsetae %[r]" : [r] "=r"(r) : [a] "x"(a), [b] "x"(b) : "cc");
  return r;
}
inline bool h_eq64(double a, double b) {
  u8 e, p;
  asm volatile("ucomisd %[a], %[b]\n\tsete %[e]\n\tsetnp %[p]"
               : [e] "=r"(e), [p] "=r"(p)
               : [a] "x"(a), [b] "x"(b)
               : "cc");
  return e && p;
}
inline bool h_lt32(float a, float b) {
  bool r;
  asm volatile("comiss %[a], %[b]\n\tseta %[r]" : [r] "=r"(r) : [a] "x"(a), [b] "x"(b) : "cc");
  return r;
}
inline bool h_le32(float a, float b) {
  bool r;
  asm volatile("comiss %[a], %[b]\n\tsetae %[r]" : [r] "=r"(r) : [a] "x"(a), [b] "x"(b) : "cc");
  return r;
}
inline bool h_eq32(float a, float b) {
  u8 e, p;
  asm volatile("ucomiss %[a], %[b]\n\tsete %[e]\n\tsetnp %[p]"
               : [e] "=r"(e), [p] "=r"(p)
               : [a] "x"(a), [b] "x"(b)
               : "cc");
  return e && p;
}
// float -> integer in the current rounding mode.
#define RVS_HOST_CVT(name, insn, From, To)                       \
  inline To name(From a) {                                       \
    To r;                                                        \
    asm volatile(insn " %[a], %[r]" : [r] "=r"(r) : [a] "x"(a)); \
    return r;                                                    \
  }
RVS_HOST_CVT(h_f64_to_i32, "cvtsd2si", double, i32)
RVS_HOST_CVT(h_f64_to_i64, "cvtsd2si", double, i64)
RVS_HOST_CVT(h_f32_to_i32, "cvtss2si", float, i32)
RVS_HOST_CVT(h_f32_to_i64, "cvtss2si", float, i64)
RVS_HOST_CVT(h_f64_to_u32, "vcvtsd2usi", double, u32)
RVS_HOST_CVT(h_f64_to_u64, "vcvtsd2usi", double, u64)
RVS_HOST_CVT(h_f32_to_u32, "vcvtss2usi", float, u32)
RVS_HOST_CVT(h_f32_to_u64, "vcvtss2usi", float, u64)
#undef RVS_HOST_CVT
// integer -> float in the current rounding mode (AT&T needs the size suffix on memory-less
// register forms only for disambiguation; register operands fix the width).
#define RVS_HOST_ICVT(name, insn, From, To)                            \
  inline To name(From a) {                                             \
    To r{};                                                            \
    asm volatile(insn " %[a], %[r], %[r]" : [r] "+x"(r) : [a] "r"(a)); \
    return r;                                                          \
  }
RVS_HOST_ICVT(h_i32_to_f64, "vcvtsi2sd", i32, double)
RVS_HOST_ICVT(h_i64_to_f64, "vcvtsi2sd", i64, double)
RVS_HOST_ICVT(h_i32_to_f32, "vcvtsi2ss", i32, float)
RVS_HOST_ICVT(h_i64_to_f32, "vcvtsi2ss", i64, float)
RVS_HOST_ICVT(h_u32_to_f64, "vcvtusi2sd", u32, double)
RVS_HOST_ICVT(h_u64_to_f64, "vcvtusi2sd", u64, double)
RVS_HOST_ICVT(h_u32_to_f32, "vcvtusi2ss", u32, float)
RVS_HOST_ICVT(h_u64_to_f32, "vcvtusi2ss", u64, float)
#undef RVS_HOST_ICVT

// The host's accrued exception flags, as fflags bits.
inline u8 host_flags() {
  const int e = std::fetestexcept(FE_ALL_EXCEPT);
  return static_cast<u8>(((e & FE_INEXACT) ? kInexact : 0) | ((e & FE_UNDERFLOW) ? kUnderflow : 0) |
                         ((e & FE_OVERFLOW) ? kOverflow : 0) |
                         ((e & FE_DIVBYZERO) ? kDivByZero : 0) | ((e & FE_INVALID) ? kInvalid : 0));
}

}  // namespace rvscope::fp::x86

#endif  // __x86_64__
