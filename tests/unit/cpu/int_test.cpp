// Integer instruction groups through a real hart: M edge cases, shifts, W-form sign extension,
// LR/SC (misaligned, mismatched), AMO sign extension and x0.
#include "hart_fixture.hpp"

namespace rvscope::test {
namespace {

constexpr u32 kOp = 0x33, kOp32 = 0x3b, kOpImm = 0x13, kOpImm32 = 0x1b, kAmo = 0x2f;
constexpr u32 kA0 = 10, kA1 = 11, kA2 = 12;

class IntTest : public HartTest {
 protected:
  u64 op(u32 insn, u64 a, u64 b) {
    h().x[kA1] = a;
    h().x[kA2] = b;
    run({insn});
    return h().x[kA0];
  }
  u64 rr(u32 f7, u32 f3, u32 opcode, u64 a, u64 b) {
    return op(r_type(f7, kA2, kA1, f3, kA0, opcode), a, b);
  }
};

constexpr u64 kMin64 = 0x8000000000000000ull;

TEST_F(IntTest, DivisionByZeroAndOverflow) {
  EXPECT_EQ(rr(1, 4, kOp, 7, 0), ~0ull);                                 // div
  EXPECT_EQ(rr(1, 5, kOp, 7, 0), ~0ull);                                 // divu
  EXPECT_EQ(rr(1, 6, kOp, 7, 0), 7u);                                    // rem
  EXPECT_EQ(rr(1, 7, kOp, 7, 0), 7u);                                    // remu
  EXPECT_EQ(rr(1, 4, kOp, kMin64, ~0ull), kMin64);                       // div overflow
  EXPECT_EQ(rr(1, 6, kOp, kMin64, ~0ull), 0u);                           // rem overflow
  EXPECT_EQ(rr(1, 4, kOp32, 0x80000000, ~0ull), 0xffffffff80000000ull);  // divw overflow
  EXPECT_EQ(rr(1, 6, kOp32, 0x80000000, ~0ull), 0u);                     // remw overflow
  EXPECT_EQ(rr(1, 4, kOp32, 5, 0x100000000ull), ~0ull);                  // divw: rs2[31:0] == 0
  EXPECT_EQ(rr(1, 5, kOp32, 5, 0), ~0ull);  // divuw by zero, sign-extended
  EXPECT_EQ(rr(1, 6, kOp32, 0xffffffff80000001ull, 0), 0xffffffff80000001ull);  // remw x%0
  EXPECT_EQ(rr(1, 7, kOp32, 0x80000000, 0), 0xffffffff80000000ull);             // remuw x%0, sext
  EXPECT_EQ(rr(1, 4, kOp, static_cast<u64>(-7), 2), static_cast<u64>(-3));      // rounds to zero
  EXPECT_EQ(rr(1, 6, kOp, static_cast<u64>(-7), 2), static_cast<u64>(-1));
}

TEST_F(IntTest, HighProducts) {
  EXPECT_EQ(rr(1, 1, kOp, ~0ull, ~0ull), 0u);         // mulh -1*-1
  EXPECT_EQ(rr(1, 3, kOp, ~0ull, ~0ull), ~0ull - 1);  // mulhu
  EXPECT_EQ(rr(1, 2, kOp, ~0ull, ~0ull), ~0ull);      // mulhsu -1 * (2^64-1)
  EXPECT_EQ(rr(1, 2, kOp, kMin64, kMin64), 0xc000000000000000ull);
  EXPECT_EQ(rr(1, 1, kOp, kMin64, kMin64), 0x4000000000000000ull);
  EXPECT_EQ(rr(1, 0, kOp32, 0x7fffffff, 2), 0xfffffffffffffffeull);  // mulw sign-extends
}

TEST_F(IntTest, ShiftAmountsUseLowBitsOnly) {
  EXPECT_EQ(rr(0, 1, kOp, 1, 64 + 3), 8u);                            // sll: rs2[5:0]
  EXPECT_EQ(rr(0x20, 5, kOp, kMin64, 127), ~0ull);                    // sra by 63
  EXPECT_EQ(rr(0, 1, kOp32, 1, 32 + 31), 0xffffffff80000000ull);      // sllw: rs2[4:0]
  EXPECT_EQ(rr(0, 5, kOp32, 0x80000000, 32), 0xffffffff80000000ull);  // srlw by 0 sign-extends
  EXPECT_EQ(rr(0x20, 5, kOp32, 0x80000000, 4), 0xfffffffff8000000ull);
  EXPECT_EQ(op(i_type(63, kA1, 1, kA0, kOpImm), 1, 0), kMin64);                   // slli 63
  EXPECT_EQ(op(i_type(0x400 | 63, kA1, 5, kA0, kOpImm), kMin64, 0), ~0ull);       // srai 63
  EXPECT_EQ(op(i_type(31, kA1, 1, kA0, kOpImm32), 1, 0), 0xffffffff80000000ull);  // slliw
  // slliw with shamt[5] set is reserved on RV64: illegal
  h().debug_csr_write(csr::kMcause, 0);
  op(i_type(32, kA1, 1, kA0, kOpImm32), 1, 0);
  EXPECT_EQ(csr(csr::kMcause), 2u);
}

TEST_F(IntTest, WFormsSignExtendAndIgnoreUpperBits) {
  EXPECT_EQ(rr(0, 0, kOp32, 0x7fffffff, 1), 0xffffffff80000000ull);  // addw
  EXPECT_EQ(rr(0x20, 0, kOp32, 0x1234567800000000ull, 1), ~0ull);    // subw
  EXPECT_EQ(op(i_type(0, kA1, 0, kA0, kOpImm32), 0xfedcba9880000000ull, 0),
            0xffffffff80000000ull);  // sext.w
}

TEST_F(IntTest, WritesToX0AreDropped) {
  h().x[kA1] = 5;
  run({i_type(1, kA1, 0, 0, kOpImm), r_type(0, kA1, kA1, 0, 0, kOp)});
  EXPECT_EQ(h().x[0], 0u);
}

TEST_F(IntTest, AmoWordResultsAreSignExtended) {
  bus_.write(kData, 8, 0x1111111180000000ull);
  h().x[kA1] = kData;
  h().x[kA2] = 1;
  run({r_type(0x00, kA2, kA1, 2, kA0, kAmo)});  // amoadd.w
  EXPECT_EQ(h().x[kA0], 0xffffffff80000000ull);
  u64 mem = 0;
  bus_.read(kData, 8, mem);
  EXPECT_EQ(mem, 0x1111111180000001ull);  // the upper word untouched
  h().x[kA2] = 0xffffffff00000000ull;     // amominu.w sees rs2[31:0] = 0
  run({r_type(0x60, kA2, kA1, 2, kA0, kAmo)});
  bus_.read(kData, 8, mem);
  EXPECT_EQ(mem, 0x1111111100000000ull);
}

TEST_F(IntTest, LrScPairsAndMismatches) {
  const u32 lr_d = r_type(0x08, 0, kA1, 3, kA0, kAmo);
  const u32 sc_d = r_type(0x0c, kA2, kA1, 3, kA0, kAmo);
  bus_.write(kData, 8, 5);
  h().x[kA1] = kData;
  h().x[kA2] = 9;
  run({lr_d, sc_d});
  EXPECT_EQ(h().x[kA0], 0u);
  u64 mem = 0;
  bus_.read(kData, 8, mem);
  EXPECT_EQ(mem, 9u);
  run({sc_d});  // no reservation left
  EXPECT_EQ(h().x[kA0], 1u);
  // LR at one address, SC at another: fails, memory unchanged
  h().x[kA1] = kData;
  run({lr_d});
  h().x[kA1] = kData + 8;
  bus_.write(kData + 8, 8, 0);
  run({sc_d});
  EXPECT_EQ(h().x[kA0], 1u);
  bus_.read(kData + 8, 8, mem);
  EXPECT_EQ(mem, 0u);
}

TEST_F(IntTest, MisalignedLrScAndAmoTrap) {
  h().x[kA1] = kData + 4;
  run({r_type(0x08, 0, kA1, 3, kA0, kAmo)});  // lr.d at +4
  EXPECT_EQ(csr(csr::kMcause), 4u);
  EXPECT_EQ(csr(csr::kMtval), kData + 4);
  EXPECT_EQ(h().pc(), kTrapVector);
  h().x[kA1] = kData + 2;
  run({r_type(0x0c, kA2, kA1, 2, kA0, kAmo)});  // sc.w at +2
  EXPECT_EQ(csr(csr::kMcause), 6u);
  h().x[kA1] = kData + 1;
  run({r_type(0x00, kA2, kA1, 3, kA0, kAmo)});  // amoadd.d at +1
  EXPECT_EQ(csr(csr::kMcause), 6u);
  EXPECT_EQ(csr(csr::kMtval), kData + 1);
}

TEST_F(IntTest, MisalignedLoadsAndStoresToRamComplete) {
  bus_.write(kData, 8, 0x8877665544332211ull);
  bus_.write(kData + 8, 8, 0xffeeddccbbaa9988ull);
  h().x[kA1] = kData + 5;
  run({i_type(0, kA1, 3, kA0, 0x03)});  // ld
  EXPECT_EQ(h().x[kA0], 0xccbbaa9988887766ull);
  run({i_type(0, kA1, 1, kA0, 0x03)});  // lh
  EXPECT_EQ(h().x[kA0], 0x7766u);
  h().x[kA2] = 0x0102030405060708ull;
  run({(0u << 25) | (kA2 << 20) | (kA1 << 15) | (3u << 12) | 0x23});  // sd at +5
  u64 mem = 0;
  bus_.read(kData + 8, 8, mem);
  EXPECT_EQ(mem & 0xffffffffffull, 0x0102030405ull);
}

}  // namespace
}  // namespace rvscope::test
