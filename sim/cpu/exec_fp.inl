// Execute bodies of the F and D extensions (inlined into the run loop, see hart_run.cpp).
// clang-format off: one instruction (or one field) per line, like the ISA manual's tables.
// NaN-boxing, rounding-mode resolution and fflags accrual around sim/cpu/fp/softfp.hpp.
#pragma once

#include "sim/cpu/exec_vocab.hpp"
#include "sim/cpu/fp/softfp.hpp"

namespace rvscope {
namespace exec_detail {

constexpr u64 kBoxMask = 0xffffffff00000000ull;

inline u32 unbox(u64 v) {
  return (v & kBoxMask) == kBoxMask ? static_cast<u32>(v) : fp::kCanonicalNan32;
}
inline u64 box(u32 v) { return kBoxMask | v; }

// The rounding mode an instruction uses, or -1 when it is reserved (illegal).
inline int rounding(const Hart& h, const DecodedInsn& d) {
  const unsigned rm = d.rm == 7 ? h.frm() : d.rm;
  return rm <= 4 ? static_cast<int>(rm) : -1;
}

}  // namespace exec_detail

using exec_detail::box;
using exec_detail::rounding;
using exec_detail::unbox;

#define FS1 unbox(h.f[d.rs1])
#define FS2 unbox(h.f[d.rs2])
#define FS3 unbox(h.f[d.rs3])
#define FD1 (h.f[d.rs1])
#define FD2 (h.f[d.rs2])
#define FD3 (h.f[d.rs3])
#define REQUIRE_FP() REQUIRE(h.fp_enabled())
#define RM_OR_ILLEGAL()                \
  const int rm_value = rounding(h, d); \
  if (rm_value < 0) ILLEGAL();         \
  const auto rm = static_cast<fp::Rounding>(rm_value)
#define WRITE_FS(result)       \
  do {                         \
    const auto r_ = (result);  \
    h.f[d.rd] = box(r_.value); \
    h.accrue_fflags(r_.flags); \
    h.mark_fp_dirty();         \
  } while (0)
#define WRITE_FD(result)       \
  do {                         \
    const auto r_ = (result);  \
    h.f[d.rd] = r_.value;      \
    h.accrue_fflags(r_.flags); \
    h.mark_fp_dirty();         \
  } while (0)
#define WRITE_X_FROM(result, widen) \
  do {                              \
    const auto r_ = (result);       \
    WRITE_RD(widen(r_.value));      \
    h.accrue_fflags(r_.flags);      \
    h.mark_fp_dirty();              \
  } while (0)
#define S64(v) static_cast<u64>(static_cast<i64>(v))
#define U64(v) static_cast<u64>(v)

// ---- loads and stores ----
EXEC(flw) {
  REQUIRE_FP();
  u32 value;
  if (!h.load<u32>(RS1 + IMM, value)) FAULT();
  h.f[d.rd] = box(value);
  h.mark_fp_dirty();
  return NEXT;
}
EXEC(fld) {
  REQUIRE_FP();
  u64 value;
  if (!h.load<u64>(RS1 + IMM, value)) FAULT();
  h.f[d.rd] = value;
  h.mark_fp_dirty();
  return NEXT;
}
EXEC(fsw) {
  REQUIRE_FP();
  if (!h.store<u32>(RS1 + IMM, static_cast<u32>(h.f[d.rs2]))) FAULT();
  return NEXT;
}
EXEC(fsd) {
  REQUIRE_FP();
  if (!h.store<u64>(RS1 + IMM, h.f[d.rs2])) FAULT();
  return NEXT;
}

// ---- arithmetic ----
#define ARITH2(id, fn, SRC, WRITE)     \
  EXEC(id) {                           \
    REQUIRE_FP();                      \
    RM_OR_ILLEGAL();                   \
    WRITE(fp::fn(SRC##1, SRC##2, rm)); \
    return NEXT;                       \
  }
ARITH2(fadd_s, f32_add, FS, WRITE_FS)
ARITH2(fsub_s, f32_sub, FS, WRITE_FS)
ARITH2(fmul_s, f32_mul, FS, WRITE_FS)
ARITH2(fdiv_s, f32_div, FS, WRITE_FS)
ARITH2(fadd_d, f64_add, FD, WRITE_FD)
ARITH2(fsub_d, f64_sub, FD, WRITE_FD)
ARITH2(fmul_d, f64_mul, FD, WRITE_FD)
ARITH2(fdiv_d, f64_div, FD, WRITE_FD)

EXEC(fsqrt_s) {
  REQUIRE_FP();
  RM_OR_ILLEGAL();
  WRITE_FS(fp::f32_sqrt(FS1, rm));
  return NEXT;
}
EXEC(fsqrt_d) {
  REQUIRE_FP();
  RM_OR_ILLEGAL();
  WRITE_FD(fp::f64_sqrt(FD1, rm));
  return NEXT;
}

#define FMA(id, fn, SRC, WRITE, neg_product, neg_addend)                \
  EXEC(id) {                                                            \
    REQUIRE_FP();                                                       \
    RM_OR_ILLEGAL();                                                    \
    WRITE(fp::fn(SRC##1, SRC##2, SRC##3, neg_product, neg_addend, rm)); \
    return NEXT;                                                        \
  }
FMA(fmadd_s, f32_fma, FS, WRITE_FS, false, false)
FMA(fmsub_s, f32_fma, FS, WRITE_FS, false, true)
FMA(fnmsub_s, f32_fma, FS, WRITE_FS, true, false)
FMA(fnmadd_s, f32_fma, FS, WRITE_FS, true, true)
FMA(fmadd_d, f64_fma, FD, WRITE_FD, false, false)
FMA(fmsub_d, f64_fma, FD, WRITE_FD, false, true)
FMA(fnmsub_d, f64_fma, FD, WRITE_FD, true, false)
FMA(fnmadd_d, f64_fma, FD, WRITE_FD, true, true)

// ---- sign injection, min/max ----
EXEC(fsgnj_s) {
  REQUIRE_FP();
  h.f[d.rd] = box((FS1 & 0x7fffffffu) | (FS2 & 0x80000000u));
  h.mark_fp_dirty();
  return NEXT;
}
EXEC(fsgnjn_s) {
  REQUIRE_FP();
  h.f[d.rd] = box((FS1 & 0x7fffffffu) | (~FS2 & 0x80000000u));
  h.mark_fp_dirty();
  return NEXT;
}
EXEC(fsgnjx_s) {
  REQUIRE_FP();
  h.f[d.rd] = box(FS1 ^ (FS2 & 0x80000000u));
  h.mark_fp_dirty();
  return NEXT;
}
inline constexpr u64 kSign64 = 1ull << 63;
EXEC(fsgnj_d) {
  REQUIRE_FP();
  h.f[d.rd] = (FD1 & ~kSign64) | (FD2 & kSign64);
  h.mark_fp_dirty();
  return NEXT;
}
EXEC(fsgnjn_d) {
  REQUIRE_FP();
  h.f[d.rd] = (FD1 & ~kSign64) | (~FD2 & kSign64);
  h.mark_fp_dirty();
  return NEXT;
}
EXEC(fsgnjx_d) {
  REQUIRE_FP();
  h.f[d.rd] = FD1 ^ (FD2 & kSign64);
  h.mark_fp_dirty();
  return NEXT;
}
EXEC(fmin_s) {
  REQUIRE_FP();
  WRITE_FS(fp::f32_min(FS1, FS2));
  return NEXT;
}
EXEC(fmax_s) {
  REQUIRE_FP();
  WRITE_FS(fp::f32_max(FS1, FS2));
  return NEXT;
}
EXEC(fmin_d) {
  REQUIRE_FP();
  WRITE_FD(fp::f64_min(FD1, FD2));
  return NEXT;
}
EXEC(fmax_d) {
  REQUIRE_FP();
  WRITE_FD(fp::f64_max(FD1, FD2));
  return NEXT;
}

// ---- compare, classify, move ----
#define CMP(id, fn, SRC)                       \
  EXEC(id) {                                   \
    REQUIRE_FP();                              \
    WRITE_X_FROM(fp::fn(SRC##1, SRC##2), U64); \
    return NEXT;                               \
  }
CMP(feq_s, f32_eq, FS)
CMP(flt_s, f32_lt, FS)
CMP(fle_s, f32_le, FS)
CMP(feq_d, f64_eq, FD)
CMP(flt_d, f64_lt, FD)
CMP(fle_d, f64_le, FD)
EXEC(fclass_s) {
  REQUIRE_FP();
  WRITE_RD(fp::f32_classify(FS1));
  return NEXT;
}
EXEC(fclass_d) {
  REQUIRE_FP();
  WRITE_RD(fp::f64_classify(FD1));
  return NEXT;
}
EXEC(fmv_x_w) {
  REQUIRE_FP();
  WRITE_RD(SEXT32(h.f[d.rs1]));
  return NEXT;
}
EXEC(fmv_x_d) {
  REQUIRE_FP();
  WRITE_RD(h.f[d.rs1]);
  return NEXT;
}
EXEC(fmv_w_x) {
  REQUIRE_FP();
  h.f[d.rd] = box(static_cast<u32>(RS1));
  h.mark_fp_dirty();
  return NEXT;
}
EXEC(fmv_d_x) {
  REQUIRE_FP();
  h.f[d.rd] = RS1;
  h.mark_fp_dirty();
  return NEXT;
}

// ---- conversions ----
#define CVT_TO_X(id, fn, SRC, widen)         \
  EXEC(id) {                                 \
    REQUIRE_FP();                            \
    RM_OR_ILLEGAL();                         \
    WRITE_X_FROM(fp::fn(SRC##1, rm), widen); \
    return NEXT;                             \
  }
CVT_TO_X(fcvt_w_s, f32_to_i32, FS, S64)
CVT_TO_X(fcvt_wu_s, f32_to_u32, FS, SEXT32)
CVT_TO_X(fcvt_l_s, f32_to_i64, FS, U64)
CVT_TO_X(fcvt_lu_s, f32_to_u64, FS, U64)
CVT_TO_X(fcvt_w_d, f64_to_i32, FD, S64)
CVT_TO_X(fcvt_wu_d, f64_to_u32, FD, SEXT32)
CVT_TO_X(fcvt_l_d, f64_to_i64, FD, U64)
CVT_TO_X(fcvt_lu_d, f64_to_u64, FD, U64)

#define CVT_FROM_X(id, fn, type, WRITE)        \
  EXEC(id) {                                   \
    REQUIRE_FP();                              \
    RM_OR_ILLEGAL();                           \
    WRITE(fp::fn(static_cast<type>(RS1), rm)); \
    return NEXT;                               \
  }
CVT_FROM_X(fcvt_s_w, i32_to_f32, i32, WRITE_FS)
CVT_FROM_X(fcvt_s_wu, u32_to_f32, u32, WRITE_FS)
CVT_FROM_X(fcvt_s_l, i64_to_f32, i64, WRITE_FS)
CVT_FROM_X(fcvt_s_lu, u64_to_f32, u64, WRITE_FS)
CVT_FROM_X(fcvt_d_w, i32_to_f64, i32, WRITE_FD)
CVT_FROM_X(fcvt_d_wu, u32_to_f64, u32, WRITE_FD)
CVT_FROM_X(fcvt_d_l, i64_to_f64, i64, WRITE_FD)
CVT_FROM_X(fcvt_d_lu, u64_to_f64, u64, WRITE_FD)

EXEC(fcvt_s_d) {
  REQUIRE_FP();
  RM_OR_ILLEGAL();
  WRITE_FS(fp::f64_to_f32(FD1, rm));
  return NEXT;
}
EXEC(fcvt_d_s) {
  REQUIRE_FP();
  RM_OR_ILLEGAL();
  (void)rm;
  WRITE_FD(fp::f32_to_f64(FS1));
  return NEXT;
}

}  // namespace rvscope
// clang-format on
