// RVC expansion: every RV64C encoding against the 32-bit instruction it stands for (pairs
// produced by GNU as from the c.* mnemonic and the equivalent base instruction), and every
// reserved encoding expanding to 0.
#include "sim/cpu/rvc.hpp"

#include <gtest/gtest.h>

#include "sim/cpu/decoded_insn.hpp"

namespace rvscope {
namespace {

struct RvcCase {
  u16 compressed;
  u32 expanded;
};

constexpr RvcCase kRvcCases[] = {
    {0x0048, 0x00410513},  // c.addi4spn a0, sp, 4
    {0x1fe4, 0x3fc10493},  // c.addi4spn s1, sp, 1020
    {0x2588, 0x0085b507},  // c.fld fa0, 8(a1)
    {0x3c64, 0x0f843487},  // c.fld fs1, 248(s0)
    {0x41c8, 0x0045a503},  // c.lw a0, 4(a1)
    {0x5f7c, 0x07c72783},  // c.lw a5, 124(a4)
    {0x6588, 0x0085b503},  // c.ld a0, 8(a1)
    {0x7fe0, 0x0f87b403},  // c.ld s0, 248(a5)
    {0xa588, 0x00a5b427},  // c.fsd fa0, 8(a1)
    {0xbcfc, 0x0ef4bc27},  // c.fsd fa5, 248(s1)
    {0xc1c8, 0x00a5a223},  // c.sw a0, 4(a1)
    {0xdc70, 0x06c42e23},  // c.sw a2, 124(s0)
    {0xe588, 0x00a5b423},  // c.sd a0, 8(a1)
    {0xfe74, 0x0ed63c23},  // c.sd a3, 248(a2)
    {0x0001, 0x00000013},  // c.nop
    {0x0505, 0x00150513},  // c.addi a0, 1
    {0x1281, 0xfe028293},  // c.addi t0, -32
    {0x0dfd, 0x01fd8d93},  // c.addi s11, 31
    {0x2505, 0x0015051b},  // c.addiw a0, 1
    {0x3f81, 0xfe0f8f9b},  // c.addiw t6, -32
    {0x2501, 0x0005051b},  // c.addiw a0, 0
    {0x5501, 0xfe000513},  // c.li a0, -32
    {0x40fd, 0x01f00093},  // c.li ra, 31
    {0x7101, 0xe0010113},  // c.addi16sp sp, -512
    {0x617d, 0x1f010113},  // c.addi16sp sp, 496
    {0x6141, 0x01010113},  // c.addi16sp sp, 16
    {0x6505, 0x00001537},  // c.lui a0, 1
    {0x637d, 0x0001f337},  // c.lui t1, 0x1f
    {0x7901, 0xfffe0937},  // c.lui s2, 0xfffe0
    {0x70fd, 0xfffff0b7},  // c.lui ra, 0xfffff
    {0x8105, 0x00155513},  // c.srli a0, 1
    {0x90fd, 0x03f4d493},  // c.srli s1, 63
    {0x9381, 0x0207d793},  // c.srli a5, 32
    {0x8505, 0x40155513},  // c.srai a0, 1
    {0x947d, 0x43f45413},  // c.srai s0, 63
    {0x997d, 0xfff57513},  // c.andi a0, -1
    {0x8b7d, 0x01f77713},  // c.andi a4, 31
    {0x9881, 0xfe04f493},  // c.andi s1, -32
    {0x8d0d, 0x40b50533},  // c.sub a0, a1
    {0x8c3d, 0x00f44433},  // c.xor s0, a5
    {0x8e55, 0x00d66633},  // c.or a2, a3
    {0x8f65, 0x00977733},  // c.and a4, s1
    {0x9d0d, 0x40b5053b},  // c.subw a0, a1
    {0x9fa1, 0x008787bb},  // c.addw a5, s0
    {0x0506, 0x00151513},  // c.slli a0, 1
    {0x1ffe, 0x03ff9f93},  // c.slli t6, 63
    {0x2502, 0x00013507},  // c.fldsp fa0, 0(sp)
    {0x3ffe, 0x1f813f87},  // c.fldsp ft11, 504(sp)
    {0x4502, 0x00012503},  // c.lwsp a0, 0(sp)
    {0x5ffe, 0x0fc12f83},  // c.lwsp t6, 252(sp)
    {0x6522, 0x00813503},  // c.ldsp a0, 8(sp)
    {0x70fe, 0x1f813083},  // c.ldsp ra, 504(sp)
    {0x8082, 0x00008067},  // c.jr ra
    {0x8f82, 0x000f8067},  // c.jr t6
    {0x852e, 0x00b00533},  // c.mv a0, a1
    {0x8f86, 0x00100fb3},  // c.mv t6, ra
    {0x9002, 0x00100073},  // c.ebreak
    {0x9502, 0x000500e7},  // c.jalr a0
    {0x9f82, 0x000f80e7},  // c.jalr t6
    {0x952e, 0x00b50533},  // c.add a0, a1
    {0x9fee, 0x01bf8fb3},  // c.add t6, s11
    {0xa02a, 0x00a13027},  // c.fsdsp fa0, 0(sp)
    {0xbfee, 0x1fb13c27},  // c.fsdsp fs11, 504(sp)
    {0xc02a, 0x00a12023},  // c.swsp a0, 0(sp)
    {0xdffe, 0x0ff12e23},  // c.swsp t6, 252(sp)
    {0xe42a, 0x00a13423},  // c.sdsp a0, 8(sp)
    {0xff86, 0x1e113c23},  // c.sdsp ra, 504(sp)
};

TEST(Rvc, EveryEncodingExpandsToItsBaseInstruction) {
  for (const RvcCase& c : kRvcCases) {
    EXPECT_EQ(expand_compressed(c.compressed), c.expanded)
        << std::hex << "compressed 0x" << c.compressed;
  }
}

TEST(Rvc, DecodeKeepsTheCompressedBitsAndLength) {
  for (const RvcCase& c : kRvcCases) {
    const DecodedInsn d = decode(c.compressed);
    EXPECT_EQ(d.length, 2);
    EXPECT_EQ(d.raw16, c.compressed);
    EXPECT_EQ(d.bits, c.expanded);
    EXPECT_NE(d.id, InsnId::kIllegal) << std::hex << c.compressed;
    EXPECT_EQ(d.id, decode(c.expanded).id);
  }
}

TEST(Rvc, ReservedEncodingsExpandToZero) {
  const u16 reserved[] = {
      0x0000,  // all zeros (defined illegal)
      0x0004,  // c.addi4spn, nzuimm = 0
      0x0010,  // c.addi4spn, nzuimm = 0, other rd'
      0x8000,  // quadrant 0, funct3 100 (reserved)
      0x9002,  // c.ebreak is 0x9002: kept below as a non-reserved control
      0x2001,  // c.addiw rd = x0
      0x203d,  // c.addiw rd = x0 with an immediate
      0x6101,  // c.addi16sp nzimm = 0
      0x6281,  // c.lui nzimm = 0 (rd = t0)
      0x6001,  // c.lui nzimm = 0, rd = x0
      0x9c41,  // quadrant 1, 100 1 11 .. 10 (reserved)
      0x9c61,  // quadrant 1, 100 1 11 .. 11 (reserved)
      0x4002,  // c.lwsp rd = x0
      0x6002,  // c.ldsp rd = x0
      0x8002,  // c.jr rs1 = x0
  };
  for (u16 c : reserved) {
    if (c == 0x9002) {
      EXPECT_EQ(expand_compressed(c), 0x00100073u);  // c.ebreak
      continue;
    }
    EXPECT_EQ(expand_compressed(c), 0u) << std::hex << "0x" << c;
    EXPECT_EQ(decode(c).id, InsnId::kIllegal) << std::hex << "0x" << c;
  }
}

TEST(Rvc, HintsExpandToNoOpForms) {
  EXPECT_EQ(expand_compressed(0x0005), 0x00100013u);   // c.nop 1 -> addi x0, x0, 1
  EXPECT_EQ(expand_compressed(0x4005), 0x00100013u);   // c.li x0, 1 -> addi x0, x0, 1
  EXPECT_EQ(expand_compressed(0x802a), 0x00a00033u);   // c.mv x0, a0 -> add x0, x0, a0
  EXPECT_EQ(expand_compressed(0x0002) & 0x7f, 0x13u);  // c.slli x0 is an OP-IMM
}

}  // namespace
}  // namespace rvscope
