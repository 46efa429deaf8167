// Differential test of rvscope::fp against the host's x86-64 SSE/FMA/AVX-512 hardware.
//
// Each host operation is one inline-asm instruction, so the compiler can neither fold it nor
// move it across the <cfenv> calls that set the rounding mode and read the flags. RMM has no
// x86 equivalent; it is covered by the corner tests and the qemu reference vectors.
//
// Known, explained differences (the exception list), handled where noted below:
//  - NaN results: x86 propagates payloads or returns the negative default NaN; RISC-V always
//    returns the canonical NaN. We compare "is NaN" and require our bits to be canonical.
//  - fma(0, inf, qNaN): x86 raises no invalid, RISC-V does. Flags are not compared there.
//  - float -> int on invalid: x86 returns the "integer indefinite" value; RISC-V saturates.
//    Only the invalid flag is compared (saturation values are in the corner tests).
//  - fmin/fmax: x86 minsd/maxsd are not IEEE minNum; not compared here.
#include <gtest/gtest.h>

#include <bit>
#include <cfenv>
#include <cstdio>
#include <functional>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "sim/cpu/fp/softfp.hpp"
#include "tests/unit/fp/fp_test_support.hpp"
#include "tests/unit/fp/x86_host_ops.hpp"

#if defined(__x86_64__)

namespace rvscope::fp {
namespace {

using namespace fptest;  // NOLINT: the generators are this file's vocabulary
using namespace x86;     // NOLINT: and so are the host instructions

// ---------------------------------------------------------------- flags and modes
struct Mode {
  Rounding rm;
  int host;
  const char* name;
};
constexpr Mode kModes[] = {{Rounding::kNearestEven, FE_TONEAREST, "rne"},
                           {Rounding::kTowardZero, FE_TOWARDZERO, "rtz"},
                           {Rounding::kDown, FE_DOWNWARD, "rdn"},
                           {Rounding::kUp, FE_UPWARD, "rup"}};

// Restores round-to-nearest and clears the flags even when a test fails half-way.
struct HostFenvGuard {
  ~HostFenvGuard() {
    std::fesetround(FE_TONEAREST);
    std::feclearexcept(FE_ALL_EXCEPT);
  }
};

// ---------------------------------------------------------------- comparison bookkeeping
struct Mismatches {
  explicit Mismatches(std::string name) : op(std::move(name)) {}
  std::string op;
  long count = 0;
  long checked = 0;
  std::vector<std::string> examples;
  void add(const std::string& what) {
    ++count;
    if (examples.size() < 8) examples.push_back(what);
  }
  void report() const {
    std::string all;
    for (const auto& e : examples) all += "  " + e + "\n";
    EXPECT_EQ(count, 0) << op << ": " << count << " mismatches of " << checked << "\n" << all;
  }
};

constexpr long kSamples = 100000;  // per operation and rounding mode, times sample_scale()

// Runs `host` (returns bits) and `ours` (returns Result<bits>) on operands from `gen`.
template <typename Bits, typename Gen, typename Host, typename Ours>
void diff_float_op(const char* op, Gen gen, Host host, Ours ours,
                   bool (*skip_flags)(Gen&) = nullptr) {
  HostFenvGuard guard;
  Mismatches m{op};
  for (const Mode& mode : kModes) {
    Rng rng(0x5eed0000 + mode.host + std::hash<std::string>{}(op) + seed_offset());
    for (long i = 0; i < kSamples * sample_scale(); ++i) {
      gen.next(rng);
      std::fesetround(mode.host);
      std::feclearexcept(FE_ALL_EXCEPT);
      const Bits h = host(gen);
      const u8 hf = host_flags();
      std::fesetround(FE_TONEAREST);
      const auto o = ours(gen, mode.rm);
      ++m.checked;
      const bool flags_ok = o.flags == hf || (skip_flags != nullptr && skip_flags(gen));
      if (!same_value<Bits>(static_cast<Bits>(o.value), h) || !flags_ok) {
        m.add(std::string(mode.name) + " " + gen.describe() + " host=" + hex(h) + "/" + hex(hf) +
              " ours=" + hex(o.value) + "/" + hex(o.flags));
      }
    }
  }
  m.report();
}

template <typename Bits>
struct Unary {
  Bits a{};
  void next(Rng& rng) { a = random_operand<Bits>(rng); }
  std::string describe() const { return "a=" + hex(a); }
};
template <typename Bits, int kK, int kOffset>
struct Binary {
  Bits a{}, b{};
  void next(Rng& rng) {
    a = random_operand<Bits>(rng);
    b = partner<Bits>(rng, a, kK, kOffset);
    if (rng.next() % 2) std::swap(a, b);
  }
  std::string describe() const { return "a=" + hex(a) + " b=" + hex(b); }
};
// Exponent offsets that aim at interesting results for each operation.
template <typename Bits>
using AddOps = Binary<Bits, 1, 0>;  // similar exponents: cancellation, carries
template <typename Bits>
struct MulOps {
  Bits a{}, b{};
  void next(Rng& rng) {
    using T = Traits<Bits>;
    a = random_operand<Bits>(rng);
    // Product exponent near 0 (underflow), near max (overflow) or near 1.
    const int pick = static_cast<int>(rng.next() % 3);
    const int offset = pick == 0 ? T::kBias : pick == 1 ? T::kBias + T::kMaxExp - 1 : 2 * T::kBias;
    b = partner<Bits>(rng, a, -1, offset);
  }
  std::string describe() const { return "a=" + hex(a) + " b=" + hex(b); }
};
template <typename Bits>
struct DivOps {
  Bits a{}, b{};
  void next(Rng& rng) {
    using T = Traits<Bits>;
    a = random_operand<Bits>(rng);
    // Quotient exponent ea - eb + bias near 0, near max, or near bias.
    const int pick = static_cast<int>(rng.next() % 3);
    const int offset = pick == 0 ? T::kBias : pick == 1 ? T::kBias - T::kMaxExp + 1 : 0;
    b = partner<Bits>(rng, a, 1, offset);
  }
  std::string describe() const { return "a=" + hex(a) + " b=" + hex(b); }
};

template <typename Bits>
struct FmaOps {
  Bits a{}, b{}, c{};
  bool neg_product = false, neg_addend = false;
  template <typename HostMul>
  void fill(Rng& rng, HostMul host_mul) {
    MulOps<Bits> m;
    m.next(rng);
    a = m.a;
    b = m.b;
    switch (rng.next() % 4) {
      case 0:
        c = random_operand<Bits>(rng);
        break;
      case 1:
        // c = -(a*b rounded): the result is the product's rounding error, exactly.
        c = host_mul(a, b) ^ (Bits{1} << (sizeof(Bits) * 8 - 1));
        break;
      default: {
        // c close in magnitude to a*b (cancellation) or far below it (sticky only).
        const Bits p = host_mul(a, b);
        c = partner<Bits>(rng, p, 1, rng.next() % 2 ? 0 : -(Traits<Bits>::kFrac + 2));
        break;
      }
    }
    neg_product = rng.next() & 1;
    neg_addend = rng.next() & 1;
  }
  std::string describe() const {
    return "a=" + hex(a) + " b=" + hex(b) + " c=" + hex(c) + " np=" + hex(neg_product) +
           " na=" + hex(neg_addend);
  }
};
struct Fma64 : FmaOps<u64> {
  void next(Rng& rng) {
    fill(rng, [](u64 x, u64 y) { return bits_of(d_of(x) * d_of(y)); });
  }
};
struct Fma32 : FmaOps<u32> {
  void next(Rng& rng) {
    fill(rng, [](u32 x, u32 y) { return bits_of(f_of(x) * f_of(y)); });
  }
};

template <typename Ops>
bool fma_zero_inf_qnan(Ops& g) {
  using Bits = decltype(g.a);
  using T = Traits<Bits>;
  const Bits mag = ~(Bits{1} << (sizeof(Bits) * 8 - 1));
  const Bits inf = static_cast<Bits>(Bits(T::kMaxExp) << T::kFrac);
  const bool zero_inf =
      ((g.a & mag) == 0 && (g.b & mag) == inf) || ((g.a & mag) == inf && (g.b & mag) == 0);
  return zero_inf && host_is_nan(g.c);
}

// Values around integer boundaries and the 32/64-bit range limits.
template <typename Bits>
struct ToIntOps {
  Bits a{};
  void next(Rng& rng) {
    using T = Traits<Bits>;
    static constexpr int kCenters[] = {0, -1, -2, 1, 2, 10, 23, 30, 31, 32, 52, 62, 63, 64};
    if (rng.next() % 4 == 0) {
      a = random_operand<Bits>(rng);
      return;
    }
    const int center = kCenters[rng.next() % std::size(kCenters)];
    a = compose<Bits>(rng.next() & 1, T::kBias + center + rng.range(-1, 1), random_frac<Bits>(rng));
  }
  std::string describe() const { return "a=" + hex(a); }
};

template <typename Int>
struct FromIntOps {
  Int a{};
  void next(Rng& rng) {
    u64 r = rng.next();
    switch (rng.next() % 4) {
      case 0:
        r >>= rng.range(0, 63);
        break;  // all magnitudes
      case 1:
        r = (r | 1) << rng.range(0, 40);
        break;  // trailing zeros
      case 2:
        r = ~u64{0} >> rng.range(0, 63);
        break;  // runs of ones
      default:
        break;
    }
    a = static_cast<Int>(r);
  }
  std::string describe() const { return "a=" + hex(static_cast<u64>(a)); }
};

// float -> int: compare value and flags unless the host flagged invalid (then only that).
template <typename Bits, typename Int, typename Host, typename Ours>
void diff_to_int(const char* op, Host host, Ours ours) {
  HostFenvGuard guard;
  Mismatches m{op};
  ToIntOps<Bits> g;
  for (const Mode& mode : kModes) {
    Rng rng(0x1234 + mode.host + std::hash<std::string>{}(op) + seed_offset());
    for (long i = 0; i < kSamples * sample_scale(); ++i) {
      g.next(rng);
      std::fesetround(mode.host);
      std::feclearexcept(FE_ALL_EXCEPT);
      const Int h = host(g.a);
      const u8 hf = host_flags();
      std::fesetround(FE_TONEAREST);
      const Result<Int> o = ours(g.a, mode.rm);
      ++m.checked;
      const bool ok = (hf & kInvalid) ? o.flags == kInvalid : (o.value == h && o.flags == hf);
      if (!ok) {
        m.add(std::string(mode.name) + " " + g.describe() + " host=" + hex(u64(h)) + "/" + hex(hf) +
              " ours=" + hex(u64(o.value)) + "/" + hex(o.flags));
      }
    }
  }
  m.report();
}

class HostDiff : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!__builtin_cpu_supports("fma") || !__builtin_cpu_supports("avx512f")) {
      GTEST_SKIP() << "host lacks FMA3 or AVX-512F";
    }
  }
};

// The claims about the host that the comparisons rely on, checked on known cases.
TEST_F(HostDiff, HostClaims) {
  HostFenvGuard guard;
  // SSE detects tininess after rounding: (1+2^-23) * max_subnormal rounds up to the smallest
  // normal in RNE (no underflow) but stays subnormal in RTZ (underflow + inexact).
  std::feclearexcept(FE_ALL_EXCEPT);
  EXPECT_EQ(bits_of(h_mul32(f_of(0x3f800001), f_of(0x007fffff))), 0x00800000u);
  EXPECT_EQ(host_flags(), kInexact);
  std::fesetround(FE_TOWARDZERO);
  std::feclearexcept(FE_ALL_EXCEPT);
  EXPECT_EQ(bits_of(h_mul32(f_of(0x3f800001), f_of(0x007fffff))), 0x007fffffu);
  EXPECT_EQ(host_flags(), kUnderflow | kInexact);
  std::fesetround(FE_TONEAREST);
  // An exact subnormal result raises nothing (underflow needs inexact, as in RISC-V).
  std::feclearexcept(FE_ALL_EXCEPT);
  EXPECT_EQ(bits_of(h_mul32(f_of(0x00800000), f_of(0x3f000000))), 0x00400000u);
  EXPECT_EQ(host_flags(), 0);
  // The one flag difference in the exception list: x86 FMA gives no invalid for 0*inf+qNaN.
  std::feclearexcept(FE_ALL_EXCEPT);
  h_fma64(d_of(0), d_of(0x7ff0000000000000), d_of(0x7ff8000000000000));
  EXPECT_EQ(host_flags(), 0);
}

TEST_F(HostDiff, Add) {
  auto ours64 = [](AddOps<u64>& g, Rounding rm) { return f64_add(g.a, g.b, rm); };
  diff_float_op<u64>(
      "f64_add", AddOps<u64>{},
      [](AddOps<u64>& g) { return bits_of(h_add64(d_of(g.a), d_of(g.b))); }, ours64);
  auto ours32 = [](AddOps<u32>& g, Rounding rm) { return f32_add(g.a, g.b, rm); };
  diff_float_op<u32>(
      "f32_add", AddOps<u32>{},
      [](AddOps<u32>& g) { return bits_of(h_add32(f_of(g.a), f_of(g.b))); }, ours32);
}

TEST_F(HostDiff, Sub) {
  auto ours64 = [](AddOps<u64>& g, Rounding rm) { return f64_sub(g.a, g.b, rm); };
  diff_float_op<u64>(
      "f64_sub", AddOps<u64>{},
      [](AddOps<u64>& g) { return bits_of(h_sub64(d_of(g.a), d_of(g.b))); }, ours64);
  auto ours32 = [](AddOps<u32>& g, Rounding rm) { return f32_sub(g.a, g.b, rm); };
  diff_float_op<u32>(
      "f32_sub", AddOps<u32>{},
      [](AddOps<u32>& g) { return bits_of(h_sub32(f_of(g.a), f_of(g.b))); }, ours32);
}

TEST_F(HostDiff, Mul) {
  auto ours64 = [](MulOps<u64>& g, Rounding rm) { return f64_mul(g.a, g.b, rm); };
  diff_float_op<u64>(
      "f64_mul", MulOps<u64>{},
      [](MulOps<u64>& g) { return bits_of(h_mul64(d_of(g.a), d_of(g.b))); }, ours64);
  auto ours32 = [](MulOps<u32>& g, Rounding rm) { return f32_mul(g.a, g.b, rm); };
  diff_float_op<u32>(
      "f32_mul", MulOps<u32>{},
      [](MulOps<u32>& g) { return bits_of(h_mul32(f_of(g.a), f_of(g.b))); }, ours32);
}

TEST_F(HostDiff, Div) {
  auto ours64 = [](DivOps<u64>& g, Rounding rm) { return f64_div(g.a, g.b, rm); };
  diff_float_op<u64>(
      "f64_div", DivOps<u64>{},
      [](DivOps<u64>& g) { return bits_of(h_div64(d_of(g.a), d_of(g.b))); }, ours64);
  auto ours32 = [](DivOps<u32>& g, Rounding rm) { return f32_div(g.a, g.b, rm); };
  diff_float_op<u32>(
      "f32_div", DivOps<u32>{},
      [](DivOps<u32>& g) { return bits_of(h_div32(f_of(g.a), f_of(g.b))); }, ours32);
}

TEST_F(HostDiff, Sqrt) {
  auto ours64 = [](Unary<u64>& g, Rounding rm) { return f64_sqrt(g.a, rm); };
  diff_float_op<u64>(
      "f64_sqrt", Unary<u64>{}, [](Unary<u64>& g) { return bits_of(h_sqrt64(d_of(g.a))); }, ours64);
  auto ours32 = [](Unary<u32>& g, Rounding rm) { return f32_sqrt(g.a, rm); };
  diff_float_op<u32>(
      "f32_sqrt", Unary<u32>{}, [](Unary<u32>& g) { return bits_of(h_sqrt32(f_of(g.a))); }, ours32);
}

TEST_F(HostDiff, Fma) {
  constexpr u64 kS64 = u64{1} << 63;
  constexpr u32 kS32 = u32{1} << 31;
  diff_float_op<u64>(
      "f64_fma", Fma64{},
      [](Fma64& g) {
        const u64 a = g.neg_product ? g.a ^ kS64 : g.a;
        const u64 c = g.neg_addend ? g.c ^ kS64 : g.c;
        return bits_of(h_fma64(d_of(a), d_of(g.b), d_of(c)));
      },
      [](Fma64& g, Rounding rm) { return f64_fma(g.a, g.b, g.c, g.neg_product, g.neg_addend, rm); },
      &fma_zero_inf_qnan<Fma64>);
  diff_float_op<u32>(
      "f32_fma", Fma32{},
      [](Fma32& g) {
        const u32 a = g.neg_product ? g.a ^ kS32 : g.a;
        const u32 c = g.neg_addend ? g.c ^ kS32 : g.c;
        return bits_of(h_fma32(f_of(a), f_of(g.b), f_of(c)));
      },
      [](Fma32& g, Rounding rm) { return f32_fma(g.a, g.b, g.c, g.neg_product, g.neg_addend, rm); },
      &fma_zero_inf_qnan<Fma32>);
}

TEST_F(HostDiff, FloatToFloat) {
  diff_float_op<u32>(
      "f64_to_f32", Unary<u64>{}, [](Unary<u64>& g) { return bits_of(h_f64_to_f32(d_of(g.a))); },
      [](Unary<u64>& g, Rounding rm) { return f64_to_f32(g.a, rm); });
  diff_float_op<u64>(
      "f32_to_f64", Unary<u32>{}, [](Unary<u32>& g) { return bits_of(h_f32_to_f64(f_of(g.a))); },
      [](Unary<u32>& g, Rounding) { return f32_to_f64(g.a); });
}

// Comparisons give a bool; wrap it as bits so the generic driver applies.
template <typename R>
Result<u64> widen(R r) {
  return {static_cast<u64>(r.value), r.flags};
}

TEST_F(HostDiff, Compare) {
  using B64 = Binary<u64, 1, 0>;
  using B32 = Binary<u32, 1, 0>;
  diff_float_op<u64>(
      "f64_eq", B64{}, [](B64& g) { return u64(h_eq64(d_of(g.a), d_of(g.b))); },
      [](B64& g, Rounding) { return widen(f64_eq(g.a, g.b)); });
  diff_float_op<u64>(
      "f64_lt", B64{}, [](B64& g) { return u64(h_lt64(d_of(g.a), d_of(g.b))); },
      [](B64& g, Rounding) { return widen(f64_lt(g.a, g.b)); });
  diff_float_op<u64>(
      "f64_le", B64{}, [](B64& g) { return u64(h_le64(d_of(g.a), d_of(g.b))); },
      [](B64& g, Rounding) { return widen(f64_le(g.a, g.b)); });
  diff_float_op<u64>(
      "f32_eq", B32{}, [](B32& g) { return u64(h_eq32(f_of(g.a), f_of(g.b))); },
      [](B32& g, Rounding) { return widen(f32_eq(g.a, g.b)); });
  diff_float_op<u64>(
      "f32_lt", B32{}, [](B32& g) { return u64(h_lt32(f_of(g.a), f_of(g.b))); },
      [](B32& g, Rounding) { return widen(f32_lt(g.a, g.b)); });
  diff_float_op<u64>(
      "f32_le", B32{}, [](B32& g) { return u64(h_le32(f_of(g.a), f_of(g.b))); },
      [](B32& g, Rounding) { return widen(f32_le(g.a, g.b)); });
}

TEST_F(HostDiff, FloatToInt) {
  diff_to_int<u64, i32>(
      "f64_to_i32", [](u64 a) { return h_f64_to_i32(d_of(a)); }, f64_to_i32);
  diff_to_int<u64, i64>(
      "f64_to_i64", [](u64 a) { return h_f64_to_i64(d_of(a)); }, f64_to_i64);
  diff_to_int<u64, u32>(
      "f64_to_u32", [](u64 a) { return h_f64_to_u32(d_of(a)); }, f64_to_u32);
  diff_to_int<u64, u64>(
      "f64_to_u64", [](u64 a) { return h_f64_to_u64(d_of(a)); }, f64_to_u64);
  diff_to_int<u32, i32>(
      "f32_to_i32", [](u32 a) { return h_f32_to_i32(f_of(a)); }, f32_to_i32);
  diff_to_int<u32, i64>(
      "f32_to_i64", [](u32 a) { return h_f32_to_i64(f_of(a)); }, f32_to_i64);
  diff_to_int<u32, u32>(
      "f32_to_u32", [](u32 a) { return h_f32_to_u32(f_of(a)); }, f32_to_u32);
  diff_to_int<u32, u64>(
      "f32_to_u64", [](u32 a) { return h_f32_to_u64(f_of(a)); }, f32_to_u64);
}

TEST_F(HostDiff, IntToFloat) {
  using I32 = FromIntOps<i32>;
  using I64 = FromIntOps<i64>;
  using U32 = FromIntOps<u32>;
  using U64 = FromIntOps<u64>;
  diff_float_op<u64>(
      "i32_to_f64", I32{}, [](I32& g) { return bits_of(h_i32_to_f64(g.a)); },
      [](I32& g, Rounding rm) { return i32_to_f64(g.a, rm); });
  diff_float_op<u64>(
      "i64_to_f64", I64{}, [](I64& g) { return bits_of(h_i64_to_f64(g.a)); },
      [](I64& g, Rounding rm) { return i64_to_f64(g.a, rm); });
  diff_float_op<u64>(
      "u32_to_f64", U32{}, [](U32& g) { return bits_of(h_u32_to_f64(g.a)); },
      [](U32& g, Rounding rm) { return u32_to_f64(g.a, rm); });
  diff_float_op<u64>(
      "u64_to_f64", U64{}, [](U64& g) { return bits_of(h_u64_to_f64(g.a)); },
      [](U64& g, Rounding rm) { return u64_to_f64(g.a, rm); });
  diff_float_op<u32>(
      "i32_to_f32", I32{}, [](I32& g) { return bits_of(h_i32_to_f32(g.a)); },
      [](I32& g, Rounding rm) { return i32_to_f32(g.a, rm); });
  diff_float_op<u32>(
      "i64_to_f32", I64{}, [](I64& g) { return bits_of(h_i64_to_f32(g.a)); },
      [](I64& g, Rounding rm) { return i64_to_f32(g.a, rm); });
  diff_float_op<u32>(
      "u32_to_f32", U32{}, [](U32& g) { return bits_of(h_u32_to_f32(g.a)); },
      [](U32& g, Rounding rm) { return u32_to_f32(g.a, rm); });
  diff_float_op<u32>(
      "u64_to_f32", U64{}, [](U64& g) { return bits_of(h_u64_to_f32(g.a)); },
      [](U64& g, Rounding rm) { return u64_to_f32(g.a, rm); });
}

// Our results must not depend on the host's floating-point environment (determinism):
// sqrt uses a host estimate internally, so check it and friends under every host mode.
TEST(HostFenv, ResultsIgnoreTheHostRoundingMode) {
  HostFenvGuard guard;
  std::vector<u64> reference;
  auto run_all = [](std::vector<u64>& out) {
    Rng rng(42);
    for (int i = 0; i < 20000; ++i) {
      const u64 a = random_operand<u64>(rng);
      const u64 b = random_operand<u64>(rng);
      const u32 c = random_operand<u32>(rng);
      for (const Mode& m : kModes) {
        out.push_back(f64_sqrt(a, m.rm).value);
        out.push_back(f32_sqrt(c, m.rm).value);
        out.push_back(f64_div(a, b, m.rm).value);
        out.push_back(f64_fma(a, b, a, false, true, m.rm).value);
      }
    }
  };
  run_all(reference);
  for (const Mode& host : kModes) {
    std::fesetround(host.host);
    std::vector<u64> got;
    run_all(got);
    std::fesetround(FE_TONEAREST);
    EXPECT_EQ(got, reference) << "host rounding mode " << host.name;
  }
}

}  // namespace
}  // namespace rvscope::fp

#endif  // __x86_64__
