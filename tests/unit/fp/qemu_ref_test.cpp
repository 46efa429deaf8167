// Differential test of every rvscope::fp operation against real RISC-V instructions run by
// qemu-riscv64, in all five rounding modes (RMM included), NaN bits and fflags exact.
// Skipped when the riscv64 cross compiler or qemu-riscv64 is not installed.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "sim/cpu/fp/softfp.hpp"
#include "tests/unit/fp/fp_test_support.hpp"

namespace rvscope::fp {
namespace {

using namespace fptest;  // NOLINT: the generators are this file's vocabulary

// How operands are drawn for an operation.
enum class Gen : u8 { kF32x2, kF64x2, kF32Fma, kF64Fma, kF32ToInt, kF64ToInt, kInt };

struct RefOp {
  const char* name;
  Gen gen;
  // Our result as the RISC-V destination register would hold it.
  Result<u64> (*ours)(u64 a, u64 b, u64 c, Rounding rm);
};

template <typename T>
Result<u64> zx(Result<T> r) {
  return {static_cast<u64>(r.value), r.flags};
}
// 32-bit integer results are sign-extended into the 64-bit register (fcvt.wu too).
template <typename T>
Result<u64> sx32(Result<T> r) {
  return {static_cast<u64>(static_cast<i64>(static_cast<i32>(r.value))), r.flags};
}
u32 lo(u64 v) { return static_cast<u32>(v); }

// The order must match kOps in riscv_ref/fp_ref.c.
const RefOp kRefOps[] = {
    {"fadd.s", Gen::kF32x2,
     [](u64 a, u64 b, u64, Rounding rm) { return zx(f32_add(lo(a), lo(b), rm)); }},
    {"fsub.s", Gen::kF32x2,
     [](u64 a, u64 b, u64, Rounding rm) { return zx(f32_sub(lo(a), lo(b), rm)); }},
    {"fmul.s", Gen::kF32x2,
     [](u64 a, u64 b, u64, Rounding rm) { return zx(f32_mul(lo(a), lo(b), rm)); }},
    {"fdiv.s", Gen::kF32x2,
     [](u64 a, u64 b, u64, Rounding rm) { return zx(f32_div(lo(a), lo(b), rm)); }},
    {"fsqrt.s", Gen::kF32x2, [](u64 a, u64, u64, Rounding rm) { return zx(f32_sqrt(lo(a), rm)); }},
    {"fmin.s", Gen::kF32x2, [](u64 a, u64 b, u64, Rounding) { return zx(f32_min(lo(a), lo(b))); }},
    {"fmax.s", Gen::kF32x2, [](u64 a, u64 b, u64, Rounding) { return zx(f32_max(lo(a), lo(b))); }},
    {"fmadd.s", Gen::kF32Fma,
     [](u64 a, u64 b, u64 c, Rounding rm) {
       return zx(f32_fma(lo(a), lo(b), lo(c), false, false, rm));
     }},
    {"fmsub.s", Gen::kF32Fma,
     [](u64 a, u64 b, u64 c, Rounding rm) {
       return zx(f32_fma(lo(a), lo(b), lo(c), false, true, rm));
     }},
    {"fnmsub.s", Gen::kF32Fma,
     [](u64 a, u64 b, u64 c, Rounding rm) {
       return zx(f32_fma(lo(a), lo(b), lo(c), true, false, rm));
     }},
    {"fnmadd.s", Gen::kF32Fma,
     [](u64 a, u64 b, u64 c, Rounding rm) {
       return zx(f32_fma(lo(a), lo(b), lo(c), true, true, rm));
     }},
    {"feq.s", Gen::kF32x2, [](u64 a, u64 b, u64, Rounding) { return zx(f32_eq(lo(a), lo(b))); }},
    {"flt.s", Gen::kF32x2, [](u64 a, u64 b, u64, Rounding) { return zx(f32_lt(lo(a), lo(b))); }},
    {"fle.s", Gen::kF32x2, [](u64 a, u64 b, u64, Rounding) { return zx(f32_le(lo(a), lo(b))); }},
    {"fclass.s", Gen::kF32x2,
     [](u64 a, u64, u64, Rounding) {
       return Result<u64>{f32_classify(lo(a)), 0};
     }},
    {"fadd.d", Gen::kF64x2, [](u64 a, u64 b, u64, Rounding rm) { return zx(f64_add(a, b, rm)); }},
    {"fsub.d", Gen::kF64x2, [](u64 a, u64 b, u64, Rounding rm) { return zx(f64_sub(a, b, rm)); }},
    {"fmul.d", Gen::kF64x2, [](u64 a, u64 b, u64, Rounding rm) { return zx(f64_mul(a, b, rm)); }},
    {"fdiv.d", Gen::kF64x2, [](u64 a, u64 b, u64, Rounding rm) { return zx(f64_div(a, b, rm)); }},
    {"fsqrt.d", Gen::kF64x2, [](u64 a, u64, u64, Rounding rm) { return zx(f64_sqrt(a, rm)); }},
    {"fmin.d", Gen::kF64x2, [](u64 a, u64 b, u64, Rounding) { return zx(f64_min(a, b)); }},
    {"fmax.d", Gen::kF64x2, [](u64 a, u64 b, u64, Rounding) { return zx(f64_max(a, b)); }},
    {"fmadd.d", Gen::kF64Fma,
     [](u64 a, u64 b, u64 c, Rounding rm) { return zx(f64_fma(a, b, c, false, false, rm)); }},
    {"fmsub.d", Gen::kF64Fma,
     [](u64 a, u64 b, u64 c, Rounding rm) { return zx(f64_fma(a, b, c, false, true, rm)); }},
    {"fnmsub.d", Gen::kF64Fma,
     [](u64 a, u64 b, u64 c, Rounding rm) { return zx(f64_fma(a, b, c, true, false, rm)); }},
    {"fnmadd.d", Gen::kF64Fma,
     [](u64 a, u64 b, u64 c, Rounding rm) { return zx(f64_fma(a, b, c, true, true, rm)); }},
    {"feq.d", Gen::kF64x2, [](u64 a, u64 b, u64, Rounding) { return zx(f64_eq(a, b)); }},
    {"flt.d", Gen::kF64x2, [](u64 a, u64 b, u64, Rounding) { return zx(f64_lt(a, b)); }},
    {"fle.d", Gen::kF64x2, [](u64 a, u64 b, u64, Rounding) { return zx(f64_le(a, b)); }},
    {"fclass.d", Gen::kF64x2,
     [](u64 a, u64, u64, Rounding) {
       return Result<u64>{f64_classify(a), 0};
     }},
    {"fcvt.w.s", Gen::kF32ToInt,
     [](u64 a, u64, u64, Rounding rm) { return sx32(f32_to_i32(lo(a), rm)); }},
    {"fcvt.wu.s", Gen::kF32ToInt,
     [](u64 a, u64, u64, Rounding rm) { return sx32(f32_to_u32(lo(a), rm)); }},
    {"fcvt.l.s", Gen::kF32ToInt,
     [](u64 a, u64, u64, Rounding rm) { return zx(f32_to_i64(lo(a), rm)); }},
    {"fcvt.lu.s", Gen::kF32ToInt,
     [](u64 a, u64, u64, Rounding rm) { return zx(f32_to_u64(lo(a), rm)); }},
    {"fcvt.w.d", Gen::kF64ToInt,
     [](u64 a, u64, u64, Rounding rm) { return sx32(f64_to_i32(a, rm)); }},
    {"fcvt.wu.d", Gen::kF64ToInt,
     [](u64 a, u64, u64, Rounding rm) { return sx32(f64_to_u32(a, rm)); }},
    {"fcvt.l.d", Gen::kF64ToInt,
     [](u64 a, u64, u64, Rounding rm) { return zx(f64_to_i64(a, rm)); }},
    {"fcvt.lu.d", Gen::kF64ToInt,
     [](u64 a, u64, u64, Rounding rm) { return zx(f64_to_u64(a, rm)); }},
    {"fcvt.s.w", Gen::kInt,
     [](u64 a, u64, u64, Rounding rm) { return zx(i32_to_f32(static_cast<i32>(a), rm)); }},
    {"fcvt.s.wu", Gen::kInt,
     [](u64 a, u64, u64, Rounding rm) { return zx(u32_to_f32(lo(a), rm)); }},
    {"fcvt.s.l", Gen::kInt,
     [](u64 a, u64, u64, Rounding rm) { return zx(i64_to_f32(static_cast<i64>(a), rm)); }},
    {"fcvt.s.lu", Gen::kInt, [](u64 a, u64, u64, Rounding rm) { return zx(u64_to_f32(a, rm)); }},
    {"fcvt.d.w", Gen::kInt,
     [](u64 a, u64, u64, Rounding rm) { return zx(i32_to_f64(static_cast<i32>(a), rm)); }},
    {"fcvt.d.wu", Gen::kInt,
     [](u64 a, u64, u64, Rounding rm) { return zx(u32_to_f64(lo(a), rm)); }},
    {"fcvt.d.l", Gen::kInt,
     [](u64 a, u64, u64, Rounding rm) { return zx(i64_to_f64(static_cast<i64>(a), rm)); }},
    {"fcvt.d.lu", Gen::kInt, [](u64 a, u64, u64, Rounding rm) { return zx(u64_to_f64(a, rm)); }},
    {"fcvt.s.d", Gen::kF64x2, [](u64 a, u64, u64, Rounding rm) { return zx(f64_to_f32(a, rm)); }},
    {"fcvt.d.s", Gen::kF32x2, [](u64 a, u64, u64, Rounding) { return zx(f32_to_f64(lo(a))); }},
};

constexpr long kVectorsPerOpAndMode = 1500;  // times sample_scale()

// Values around integers, halves and the 32/64-bit limits.
template <typename Bits>
Bits near_integer(Rng& rng) {
  using T = Traits<Bits>;
  static constexpr int kCenters[] = {0, -1, -2, 1, 2, 10, 23, 30, 31, 32, 52, 62, 63, 64};
  if (rng.next() % 4 == 0) return random_operand<Bits>(rng);
  const int center = kCenters[rng.next() % (sizeof kCenters / sizeof kCenters[0])];
  return compose<Bits>(rng.next() & 1, T::kBias + center + rng.range(-1, 1),
                       random_frac<Bits>(rng));
}

u64 random_int(Rng& rng) {
  u64 r = rng.next();
  switch (rng.next() % 4) {
    case 0:
      return r >> rng.range(0, 63);
    case 1:
      return (r | 1) << rng.range(0, 40);
    case 2:
      return ~u64{0} >> rng.range(0, 63);
    default:
      return r;
  }
}

template <typename Bits>
void fma_operands(Rng& rng, u64 (&v)[3]) {
  using T = Traits<Bits>;
  const Bits a = random_operand<Bits>(rng);
  // Product exponent near underflow, overflow or 1; addend near the product or far below it.
  const int pick = static_cast<int>(rng.next() % 3);
  const int offset = pick == 0 ? T::kBias : pick == 1 ? T::kBias + T::kMaxExp - 1 : 2 * T::kBias;
  const Bits b = partner<Bits>(rng, a, -1, offset);
  const int ea = static_cast<int>((a >> T::kFrac) & T::kMaxExp);
  const int eb = static_cast<int>((b >> T::kFrac) & T::kMaxExp);
  const int ep = ea + eb - T::kBias;
  const int ec = ep + (rng.next() % 2 ? rng.range(-2, 2) : -rng.range(T::kFrac, T::kFrac + 4));
  const Bits c = rng.next() % 4 == 0 ? random_operand<Bits>(rng)
                                     : compose<Bits>(rng.next() & 1, ec, random_frac<Bits>(rng));
  v[0] = a;
  v[1] = b;
  v[2] = c;
}

void make_operands(Gen gen, Rng& rng, u64 (&v)[3]) {
  v[2] = 0;
  switch (gen) {
    case Gen::kF32x2:
      v[0] = random_operand<u32>(rng);
      v[1] = partner<u32>(rng, static_cast<u32>(v[0]), 1, 0);
      break;
    case Gen::kF64x2:
      v[0] = random_operand<u64>(rng);
      v[1] = partner<u64>(rng, v[0], 1, 0);
      break;
    case Gen::kF32Fma:
      fma_operands<u32>(rng, v);
      break;
    case Gen::kF64Fma:
      fma_operands<u64>(rng, v);
      break;
    case Gen::kF32ToInt:
      v[0] = near_integer<u32>(rng);
      v[1] = 0;
      break;
    case Gen::kF64ToInt:
      v[0] = near_integer<u64>(rng);
      v[1] = 0;
      break;
    case Gen::kInt:
      v[0] = random_int(rng);
      v[1] = 0;
      break;
  }
}

bool have_tool(const char* name) {
  const std::string cmd = std::string("command -v ") + name + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

TEST(QemuReference, EveryOperationEveryRoundingMode) {
  if (!have_tool("riscv64-linux-gnu-gcc") || !have_tool("qemu-riscv64")) {
    GTEST_SKIP() << "riscv64-linux-gnu-gcc or qemu-riscv64 not installed";
  }
  const std::string dir = std::string(RVSCOPE_BINARY_DIR) + "/fp_ref";
  const std::string src = std::string(RVSCOPE_SOURCE_DIR) + "/tests/unit/fp/riscv_ref/fp_ref.c";
  const std::string bin = dir + "/fp_ref";
  const std::string in_path = dir + "/vectors.txt";
  const std::string out_path = dir + "/results.txt";
  ASSERT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  ASSERT_EQ(std::system(("riscv64-linux-gnu-gcc -static -O2 -o " + bin + " " + src).c_str()), 0)
      << "building " << src;

  struct Vector {
    u32 op;
    u32 rm;
    u64 v[3];
  };
  std::vector<Vector> vectors;
  Rng rng(0xfeedface + seed_offset());
  for (u32 op = 0; op < std::size(kRefOps); ++op) {
    for (u32 rm = 0; rm < 5; ++rm) {
      for (long i = 0; i < kVectorsPerOpAndMode * sample_scale(); ++i) {
        Vector vec{op, rm, {}};
        make_operands(kRefOps[op].gen, rng, vec.v);
        vectors.push_back(vec);
      }
    }
  }
  {
    std::FILE* f = std::fopen(in_path.c_str(), "w");
    ASSERT_NE(f, nullptr) << in_path;
    for (const Vector& vec : vectors) {
      std::fprintf(
          f, "%x %x %llx %llx %llx\n", vec.op, vec.rm, static_cast<unsigned long long>(vec.v[0]),
          static_cast<unsigned long long>(vec.v[1]), static_cast<unsigned long long>(vec.v[2]));
    }
    std::fclose(f);
  }
  ASSERT_EQ(std::system(("qemu-riscv64 " + bin + " < " + in_path + " > " + out_path).c_str()), 0);

  std::ifstream results(out_path);
  long mismatches = 0;
  std::string report;
  for (const Vector& vec : vectors) {
    std::string line;
    ASSERT_TRUE(std::getline(results, line)) << "qemu output ended early";
    unsigned long long want_value = 0, want_flags = 0;
    ASSERT_EQ(std::sscanf(line.c_str(), "%llx %llx", &want_value, &want_flags), 2) << line;
    const RefOp& op = kRefOps[vec.op];
    const Result<u64> got = op.ours(vec.v[0], vec.v[1], vec.v[2], static_cast<Rounding>(vec.rm));
    if (got.value != want_value || got.flags != want_flags) {
      if (++mismatches <= 20) {
        report += std::string(op.name) + " rm=" + std::to_string(vec.rm) + " a=" + hex(vec.v[0]) +
                  " b=" + hex(vec.v[1]) + " c=" + hex(vec.v[2]) + " riscv=" + hex(want_value) +
                  "/" + hex(want_flags) + " ours=" + hex(got.value) + "/" + hex(got.flags) + "\n";
      }
    }
  }
  EXPECT_EQ(mismatches, 0) << "of " << vectors.size() << " vectors:\n" << report;
}

}  // namespace
}  // namespace rvscope::fp
