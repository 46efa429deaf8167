// F and D: a table of arithmetic, rounding (static rm and dynamic frm), fflags, NaN boxing,
// canonical NaNs, fcvt saturation, fmin/fmax on signed zeros and sNaN, fclass, fused rounding.
// Each row checks the result bits and the flags it raised; a failure exits with the row.
#include "isa_test.h"

#define NV 0x10
#define DZ 0x08
#define OF 0x04
#define UF 0x02
#define NX 0x01

#define ONE_D 0x3ff0000000000000
#define TWO_D 0x4000000000000000
#define THREE_D 0x4008000000000000
#define HALF_D 0x3fe0000000000000
#define M_ONE_D 0xbff0000000000000
#define INF_D 0x7ff0000000000000
#define M_INF_D 0xfff0000000000000
#define QNAN_D 0x7ff8000000000000
#define SNAN_D 0x7ff0000000000001
#define M_ZERO_D 0x8000000000000000
#define MAX_D 0x7fefffffffffffff
#define MIN_NORM_D 0x0010000000000000
#define ONE_S 0x3f800000
#define TWO_S 0x40000000
#define THREE_S 0x40400000
#define QNAN_S 0x7fc00000
#define SNAN_S 0x7f800001
#define INF_S 0x7f800000
#define M_ZERO_S 0x80000000

#define SEXT32(x) ((((x) & 0xffffffff) ^ 0x80000000) - 0x80000000)

// Result and flags of one row (flags cleared first).
#define CHECK_FLAGS(num, flags) frflags a3; CHECK(num, a3, flags)
#define LD_D(freg, bits) li a1, bits; fmv.d.x freg, a1
#define LD_S(freg, bits) li a1, bits; fmv.w.x freg, a1

#define D2(num, inst, result, flags, a, b, rm)                          \
  LD_D(fa1, a); LD_D(fa2, b); fsflags zero; inst fa0, fa1, fa2, rm;     \
  fmv.x.d a0, fa0; CHECK(num, a0, result); CHECK_FLAGS(num, flags)
#define D2N(num, inst, result, flags, a, b)                             \
  LD_D(fa1, a); LD_D(fa2, b); fsflags zero; inst fa0, fa1, fa2;         \
  fmv.x.d a0, fa0; CHECK(num, a0, result); CHECK_FLAGS(num, flags)
#define D1(num, inst, result, flags, a, rm)                             \
  LD_D(fa1, a); fsflags zero; inst fa0, fa1, rm;                        \
  fmv.x.d a0, fa0; CHECK(num, a0, result); CHECK_FLAGS(num, flags)
#define D3(num, inst, result, flags, a, b, c, rm)                       \
  LD_D(fa1, a); LD_D(fa2, b); LD_D(fa3, c); fsflags zero;               \
  inst fa0, fa1, fa2, fa3, rm; fmv.x.d a0, fa0; CHECK(num, a0, result); \
  CHECK_FLAGS(num, flags)
#define DX(num, inst, result, flags, a, rm)                             \
  LD_D(fa1, a); fsflags zero; inst a0, fa1, rm; CHECK(num, a0, result); \
  CHECK_FLAGS(num, flags)
#define DCMP(num, inst, result, flags, a, b)                            \
  LD_D(fa1, a); LD_D(fa2, b); fsflags zero; inst a0, fa1, fa2;          \
  CHECK(num, a0, result); CHECK_FLAGS(num, flags)
#define XD(num, inst, result, flags, xval, rm...)                      \
  li a1, xval; fsflags zero; inst fa0, a1 rm; fmv.x.d a0, fa0;          \
  CHECK(num, a0, result); CHECK_FLAGS(num, flags)
#define S2(num, inst, result, flags, a, b, rm)                          \
  LD_S(fa1, a); LD_S(fa2, b); fsflags zero; inst fa0, fa1, fa2, rm;     \
  fmv.x.d a0, fa0; CHECK(num, a0, 0xffffffff00000000 | (result));       \
  CHECK_FLAGS(num, flags)
#define S2N(num, inst, result, flags, a, b)                             \
  LD_S(fa1, a); LD_S(fa2, b); fsflags zero; inst fa0, fa1, fa2;         \
  fmv.x.d a0, fa0; CHECK(num, a0, 0xffffffff00000000 | (result));       \
  CHECK_FLAGS(num, flags)
#define S3(num, inst, result, flags, a, b, c, rm)                       \
  LD_S(fa1, a); LD_S(fa2, b); LD_S(fa3, c); fsflags zero;               \
  inst fa0, fa1, fa2, fa3, rm; fmv.x.d a0, fa0;                         \
  CHECK(num, a0, 0xffffffff00000000 | (result)); CHECK_FLAGS(num, flags)
#define SX(num, inst, result, flags, a, rm)                             \
  LD_S(fa1, a); fsflags zero; inst a0, fa1, rm; CHECK(num, a0, result); \
  CHECK_FLAGS(num, flags)

TEST_BEGIN
  .option norvc
  // ---- D arithmetic and flags ----
  D2(1, fadd.d, THREE_D, 0, ONE_D, TWO_D, rne)
  D2(2, fadd.d, QNAN_D, NV, INF_D, M_INF_D, rne)
  D2(3, fadd.d, QNAN_D, NV, SNAN_D, ONE_D, rne)
  D2(4, fadd.d, QNAN_D, 0, 0x7ff8000000000123, ONE_D, rne)   // payloads are not propagated
  D2(5, fsub.d, 0, 0, ONE_D, ONE_D, rne)
  D2(6, fsub.d, M_ZERO_D, 0, ONE_D, ONE_D, rdn)              // x - x = -0 rounding down
  D2(7, fmul.d, INF_D, OF | NX, MAX_D, TWO_D, rne)
  D2(8, fmul.d, MAX_D, OF | NX, MAX_D, TWO_D, rtz)
  D2(9, fmul.d, MAX_D, OF | NX, MAX_D, TWO_D, rdn)
  D2(10, fmul.d, INF_D, OF | NX, MAX_D, TWO_D, rup)
  D2(11, fmul.d, INF_D, OF | NX, MAX_D, TWO_D, rmm)
  D2(12, fmul.d, 0x0008000000000000, 0, MIN_NORM_D, HALF_D, rne)   // exact subnormal: no UF
  D2(13, fmul.d, 0, UF | NX, 1, HALF_D, rne)                 // tie to even: 0
  D2(14, fmul.d, 1, UF | NX, 1, HALF_D, rup)
  D2(15, fmul.d, 1, UF | NX, 1, HALF_D, rmm)                 // tie away from zero
  D2(16, fmul.d, QNAN_D, NV, INF_D, 0, rne)
  D2(17, fdiv.d, INF_D, DZ, ONE_D, 0, rne)
  D2(18, fdiv.d, M_INF_D, DZ, M_ONE_D, 0, rne)
  D2(19, fdiv.d, QNAN_D, NV, 0, 0, rne)
  D2(20, fdiv.d, 0x3fd5555555555555, NX, ONE_D, THREE_D, rne)
  D2(21, fdiv.d, 0x3fd5555555555556, NX, ONE_D, THREE_D, rup)
  D2(22, fdiv.d, 0x3fd5555555555555, NX, ONE_D, THREE_D, rdn)
  D2(23, fdiv.d, 0x3fd5555555555555, NX, ONE_D, THREE_D, rtz)
  D2(24, fdiv.d, 0x3fd5555555555555, NX, ONE_D, THREE_D, rmm)
  D2(25, fdiv.d, 0xbfd5555555555556, NX, M_ONE_D, THREE_D, rdn)
  D2(26, fdiv.d, 0xbfd5555555555555, NX, M_ONE_D, THREE_D, rup)
  D2(27, fdiv.d, 0x3fe5555555555555, NX, TWO_D, THREE_D, rne)
  D2(28, fdiv.d, 0x3fe5555555555555, NX, TWO_D, THREE_D, rmm)    // not a tie: nearest
  D1(29, fsqrt.d, TWO_D, 0, 0x4010000000000000, rne)
  D1(30, fsqrt.d, QNAN_D, NV, M_ONE_D, rne)
  D1(31, fsqrt.d, M_ZERO_D, 0, M_ZERO_D, rne)
  D1(32, fsqrt.d, 0x3ff6a09e667f3bcd, NX, TWO_D, rne)
  D1(33, fsqrt.d, 0x3ff6a09e667f3bcc, NX, TWO_D, rtz)
  D1(34, fsqrt.d, INF_D, 0, INF_D, rne)

  // ---- min/max: signed zeros, quiet and signalling NaNs ----
  D2N(35, fmin.d, M_ZERO_D, 0, 0, M_ZERO_D)
  D2N(36, fmin.d, M_ZERO_D, 0, M_ZERO_D, 0)
  D2N(37, fmax.d, 0, 0, M_ZERO_D, 0)
  D2N(38, fmax.d, 0, 0, 0, M_ZERO_D)
  D2N(39, fmin.d, ONE_D, 0, QNAN_D, ONE_D)
  D2N(40, fmax.d, ONE_D, 0, ONE_D, QNAN_D)
  D2N(41, fmin.d, ONE_D, NV, SNAN_D, ONE_D)
  D2N(42, fmax.d, ONE_D, NV, ONE_D, SNAN_D)
  D2N(43, fmin.d, QNAN_D, 0, QNAN_D, QNAN_D)
  D2N(44, fmax.d, QNAN_D, NV, SNAN_D, SNAN_D)
  D2N(45, fmin.d, M_INF_D, 0, M_INF_D, MAX_D)

  // ---- fused multiply-add: one rounding ----
  D3(46, fmadd.d, 0x3c30000000000000, 0, 0x3ff0000000400000, 0x3ff0000000400000, 0xbff0000000800000, rne)
  D3(47, fmsub.d, 0x4014000000000000, 0, TWO_D, THREE_D, ONE_D, rne)   // 2*3-1
  D3(48, fnmsub.d, 0xc014000000000000, 0, TWO_D, THREE_D, ONE_D, rne)  // -(2*3)+1
  D3(49, fnmadd.d, 0xc01c000000000000, 0, TWO_D, THREE_D, ONE_D, rne)  // -(2*3)-1
  D3(50, fmadd.d, QNAN_D, NV, INF_D, 0, QNAN_D, rne)       // inf*0 raises NV even with a qNaN
  D3(51, fmadd.d, QNAN_D, 0, ONE_D, ONE_D, QNAN_D, rne)
  D3(52, fmadd.d, 0, 0, ONE_D, M_ONE_D, ONE_D, rne)        // exact zero sum: +0
  D3(53, fmadd.d, M_ZERO_D, 0, ONE_D, M_ONE_D, ONE_D, rdn) // ... and -0 rounding down

  // ---- conversions: saturation and the invalid flag ----
  DX(54, fcvt.w.d, 3, NX, 0x400d99999999999a, rtz)        // 3.7
  DX(55, fcvt.w.d, 4, NX, 0x400d99999999999a, rne)
  DX(56, fcvt.w.d, -4, NX, 0xc00d99999999999a, rdn)
  DX(57, fcvt.w.d, 2, NX, 0x4004000000000000, rne)        // 2.5 ties to even
  DX(58, fcvt.w.d, 3, NX, 0x4004000000000000, rmm)        // 2.5 ties away
  DX(59, fcvt.w.d, 0x7fffffff, NV, INF_D, rtz)
  DX(60, fcvt.w.d, 0xffffffff80000000, NV, M_INF_D, rtz)
  DX(61, fcvt.w.d, 0x7fffffff, NV, QNAN_D, rtz)
  DX(62, fcvt.w.d, 0x7fffffff, NV, 0x41e0000000000000, rtz)   // 2^31
  DX(63, fcvt.w.d, 0xffffffff80000000, NX, 0xc1e0000000100000, rtz)   // -2^31 - 0.5
  DX(64, fcvt.wu.d, 0, NV, M_ONE_D, rtz)
  DX(65, fcvt.wu.d, 0, NX, 0xbfe0000000000000, rtz)       // -0.5 rounds to 0: inexact only
  DX(66, fcvt.wu.d, 0xffffffffffffffff, NV, QNAN_D, rtz)  // 32-bit all ones, sign-extended
  DX(67, fcvt.wu.d, 0xffffffffffffffff, NV, 0x41f0000000000000, rtz)  // 2^32
  DX(68, fcvt.wu.d, 0xffffffff80000000, 0, 0x41e0000000000000, rtz)   // 2^31 fits
  DX(69, fcvt.l.d, 0x7fffffffffffffff, NV, QNAN_D, rtz)
  DX(70, fcvt.l.d, 0x8000000000000000, NV, M_INF_D, rtz)
  DX(71, fcvt.l.d, 0x7fffffffffffffff, NV, 0x43e0000000000000, rtz)   // 2^63
  DX(72, fcvt.l.d, 0x8000000000000000, 0, 0xc3e0000000000000, rtz)    // -2^63 fits
  DX(73, fcvt.lu.d, 0, NV, M_ONE_D, rtz)
  DX(74, fcvt.lu.d, 0xffffffffffffffff, NV, INF_D, rtz)
  DX(75, fcvt.lu.d, 0x8000000000000000, 0, 0x43e0000000000000, rtz)
  XD(76, fcvt.d.l, 0x4340000000000000, NX, 0x20000000000001, , rne)   // 2^53 + 1
  XD(77, fcvt.d.l, 0x4340000000000001, NX, 0x20000000000001, , rup)
  XD(78, fcvt.d.lu, 0x43f0000000000000, NX, 0xffffffffffffffff, , rne)
  XD(79, fcvt.d.lu, 0x43efffffffffffff, NX, 0xffffffffffffffff, , rtz)
  XD(80, fcvt.d.w, 0xc1e0000000000000, 0, 0x0000000080000000)   // only rs1[31:0]
  XD(81, fcvt.d.wu, 0x41efffffffe00000, 0, 0xffffffffffffffff)
  D1(82, fcvt.s.d, 0xffffffff7f800000, OF | NX, MAX_D, rne)
  D1(83, fcvt.s.d, 0xffffffff7f7fffff, OF | NX, MAX_D, rtz)
  D1(84, fcvt.s.d, 0xffffffff3eaaaaab, NX, 0x3fd5555555555555, rne)
  D1(85, fcvt.s.d, 0xffffffff7fc00000, NV, SNAN_D, rne)
  LD_S(fa1, SNAN_S)
  fsflags zero
  fcvt.d.s fa0, fa1
  fmv.x.d a0, fa0
  CHECK(86, a0, QNAN_D)
  CHECK_FLAGS(86, NV)

  // ---- compares: quiet (feq) vs signalling (flt, fle) ----
  DCMP(87, feq.d, 0, 0, QNAN_D, ONE_D)
  DCMP(88, feq.d, 0, NV, SNAN_D, ONE_D)
  DCMP(89, flt.d, 0, NV, QNAN_D, ONE_D)
  DCMP(90, fle.d, 0, NV, ONE_D, QNAN_D)
  DCMP(91, feq.d, 1, 0, 0, M_ZERO_D)
  DCMP(92, flt.d, 0, 0, M_ZERO_D, 0)
  DCMP(93, fle.d, 1, 0, M_ZERO_D, 0)
  DCMP(94, flt.d, 1, 0, M_INF_D, MAX_D)

  // ---- fclass ----
#define FCLASS_D(num, bitv, value) LD_D(fa1, value); fclass.d a0, fa1; CHECK(num, a0, 1 << bitv)
  FCLASS_D(95, 0, M_INF_D)
  FCLASS_D(96, 1, M_ONE_D)
  FCLASS_D(97, 2, 0x800fffffffffffff)
  FCLASS_D(98, 3, M_ZERO_D)
  FCLASS_D(99, 4, 0)
  FCLASS_D(100, 5, 1)
  FCLASS_D(101, 6, ONE_D)
  FCLASS_D(102, 7, INF_D)
  FCLASS_D(103, 8, SNAN_D)
  FCLASS_D(104, 9, QNAN_D)

  // ---- sign injection ----
  D2N(105, fsgnj.d, M_ONE_D, 0, ONE_D, M_ZERO_D)
  D2N(106, fsgnjn.d, M_ONE_D, 0, ONE_D, 0)
  D2N(107, fsgnjx.d, ONE_D, 0, M_ONE_D, M_ZERO_D)
  D2N(108, fsgnj.d, 0xfff0000000000001, 0, SNAN_D, M_ONE_D)  // no canonicalisation, no flags

  // ---- single precision ----
  S2(110, fadd.s, THREE_S, 0, ONE_S, TWO_S, rne)
  S2(111, fdiv.s, 0x3eaaaaab, NX, ONE_S, THREE_S, rne)
  S2(112, fdiv.s, 0x3eaaaaaa, NX, ONE_S, THREE_S, rtz)
  S2(113, fdiv.s, 0x7f800000, DZ, ONE_S, 0, rne)
  S2(114, fadd.s, QNAN_S, NV, SNAN_S, ONE_S, rne)
  S2(115, fmul.s, 0x7f7fffff, OF | NX, 0x7f7fffff, TWO_S, rtz)
  S2(116, fmul.s, 0x00000000, UF | NX, 0x00000001, 0x3f000000, rne)
  S2N(117, fmin.s, M_ZERO_S, 0, 0, M_ZERO_S)
  S2N(118, fmax.s, 0, 0, M_ZERO_S, 0)
  S2N(119, fmin.s, ONE_S, NV, SNAN_S, ONE_S)
  S2N(120, fmax.s, QNAN_S, 0, QNAN_S, QNAN_S)
  S3(121, fmadd.s, 0x33800000, 0, 0x3f800800, 0x3f800800, 0xbf801000, rne)
  SX(122, fcvt.w.s, 0x7fffffff, NV, QNAN_S, rtz)
  SX(123, fcvt.wu.s, 0, NV, 0xbf800000, rtz)
  SX(124, fcvt.l.s, 0xffffffffffffffff, NX, 0xbfc00000, rtz)   // -1.5
  SX(125, fcvt.lu.s, 0xffffffffffffffff, NV, INF_S, rtz)
  LD_S(fa1, 0x00000001)
  fclass.s a0, fa1
  CHECK(126, a0, 1 << 5)
  LD_S(fa1, SNAN_S)
  fclass.s a0, fa1
  CHECK(127, a0, 1 << 8)
  LD_S(fa1, INF_S)
  LD_S(fa2, ONE_S)
  fsflags zero
  flt.s a0, fa2, fa1
  CHECK(128, a0, 1)
  feq.s a0, fa1, fa1
  CHECK(129, a0, 1)
  li a1, 3
  fsflags zero
  fcvt.s.w fa0, a1, rne
  fmv.x.w a0, fa0
  CHECK(130, a0, THREE_S)
  li a1, 16777217                       // 2^24 + 1
  fcvt.s.l fa0, a1, rne
  fmv.x.w a0, fa0
  CHECK(131, a0, 0x4b800000)
  CHECK_FLAGS(131, NX)
  fcvt.s.l fa0, a1, rup
  fmv.x.w a0, fa0
  CHECK(132, a0, 0x4b800001)

  // ---- NaN boxing ----
  la s0, fdata
  li a1, ONE_S
  sw a1, 0(s0)
  flw fa0, 0(s0)
  fmv.x.d a0, fa0
  CHECK(133, a0, 0xffffffff3f800000)    // flw boxes
  fmv.w.x fa0, a1
  fmv.x.d a0, fa0
  CHECK(134, a0, 0xffffffff3f800000)    // fmv.w.x boxes
  li a1, 0x000000003f800000
  fmv.d.x fa1, a1                        // an improperly boxed single
  fsflags zero
  fadd.s fa0, fa1, fa1
  fmv.x.d a0, fa0
  CHECK(135, a0, 0xffffffff7fc00000)    // reads as the canonical NaN
  CHECK_FLAGS(135, 0)
  fclass.s a0, fa1
  CHECK(136, a0, 1 << 9)
  fsgnj.s fa0, fa1, fa1
  fmv.x.d a0, fa0
  CHECK(137, a0, 0xffffffff7fc00000)
  fmv.x.w a0, fa1                        // fmv.x.w and fsw move the bits unchecked
  CHECK(138, a0, 0x3f800000)
  fsw fa1, 4(s0)
  lwu a0, 4(s0)
  CHECK(139, a0, 0x3f800000)
  fcvt.d.s fa0, fa1
  fmv.x.d a0, fa0
  CHECK(140, a0, QNAN_D)
  li a1, 0xfffffffe3f800000              // one upper bit missing is enough
  fmv.d.x fa1, a1
  fadd.s fa0, fa1, fa1
  fmv.x.w a0, fa0
  CHECK(141, a0, SEXT32(QNAN_S))
  li a1, 0xffffffffbf800000              // a sign bit in a boxed value: fmv.x.w sign-extends
  fmv.d.x fa1, a1
  fmv.x.w a0, fa1
  CHECK(142, a0, 0xffffffffbf800000)

  // ---- dynamic rounding through frm ----
  LD_D(fa1, ONE_D)
  LD_D(fa2, THREE_D)
  fsrmi 3                                // RUP
  fdiv.d fa0, fa1, fa2
  fmv.x.d a0, fa0
  CHECK(143, a0, 0x3fd5555555555556)
  fsrmi 2                                // RDN
  fdiv.d fa0, fa1, fa2
  fmv.x.d a0, fa0
  CHECK(144, a0, 0x3fd5555555555555)
  fdiv.d fa0, fa1, fa2, rup              // a static rm wins over frm
  fmv.x.d a0, fa0
  CHECK(145, a0, 0x3fd5555555555556)
  fsrmi 4                                // RMM
  LD_D(fa1, 0x4004000000000000)
  fcvt.w.d a0, fa1
  CHECK(146, a0, 3)
  fsrmi 5                                // reserved frm: dyn instructions are illegal
  EXPECT_TRAP(147, 2, fadd.d fa0, fa1, fa2)
  EXPECT_TRAP(148, 2, fcvt.w.d a0, fa1)
  fsgnj.d fa0, fa1, fa2                  // no rounding: legal
  CHECK_NO_TRAP(149)
  fsrmi 0
  EXPECT_TRAP(150, 2, .word (0x02c5f553 & ~(7 << 12)) | (5 << 12))   // fadd.d, static rm 5
  EXPECT_TRAP(151, 2, .word (0x02c5f553 & ~(7 << 12)) | (6 << 12))
  // flags accrue across instructions until cleared
  fsflags zero
  LD_D(fa1, ONE_D)
  LD_D(fa2, 0)
  fdiv.d fa0, fa1, fa2
  LD_D(fa2, THREE_D)
  fdiv.d fa0, fa1, fa2
  CHECK_FLAGS(152, DZ | NX)

  CHECK_NO_TRAP(153)
  TEST_PASS

  .data
  .align 4
fdata: .zero 16
