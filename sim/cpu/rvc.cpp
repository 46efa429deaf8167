// RVC expansion: each 16-bit encoding becomes the 32-bit instruction the C spec says it is.
#include "sim/cpu/rvc.hpp"

#include "sim/common/bits.hpp"

namespace rvscope {
namespace {

constexpr u32 kOpLoad = 0x03, kOpLoadFp = 0x07, kOpImm = 0x13, kOpImm32 = 0x1b;
constexpr u32 kOpStore = 0x23, kOpStoreFp = 0x27, kOp = 0x33, kOpLui = 0x37, kOp32 = 0x3b;
constexpr u32 kOpBranch = 0x63, kOpJalr = 0x67, kOpJal = 0x6f;

u32 i_type(u32 op, u32 rd, u32 f3, u32 rs1, i64 imm) {
  return (static_cast<u32>(imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
u32 s_type(u32 op, u32 f3, u32 rs1, u32 rs2, i64 imm) {
  const u32 u = static_cast<u32>(imm);
  return (bits(u, 11, 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (bits(u, 4, 0) << 7) |
         op;
}
u32 r_type(u32 op, u32 rd, u32 f3, u32 rs1, u32 rs2, u32 f7) {
  return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
u32 b_type(u32 f3, u32 rs1, u32 rs2, i64 imm) {
  const u32 u = static_cast<u32>(imm);
  return (bit(u, 12) << 31) | (bits(u, 10, 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
         (bits(u, 4, 1) << 8) | (bit(u, 11) << 7) | kOpBranch;
}
u32 j_type(u32 rd, i64 imm) {
  const u32 u = static_cast<u32>(imm);
  return (bit(u, 20) << 31) | (bits(u, 10, 1) << 21) | (bit(u, 11) << 20) |
         (bits(u, 19, 12) << 12) | (rd << 7) | kOpJal;
}

// The 3-bit register fields of RVC name x8..x15.
u32 creg(u32 field) { return field + 8; }

u32 quadrant0(u32 c) {
  const u32 rd_p = creg(bits(c, 4, 2));
  const u32 rs1_p = creg(bits(c, 9, 7));
  const u32 off_w = (bits(c, 12, 10) << 3) | (bit(c, 6) << 2) | (bit(c, 5) << 6);
  const u32 off_d = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
  switch (bits(c, 15, 13)) {
    case 0: {  // c.addi4spn
      const u32 imm =
          (bits(c, 12, 11) << 4) | (bits(c, 10, 7) << 6) | (bit(c, 6) << 2) | (bit(c, 5) << 3);
      if (imm == 0) return 0;
      return i_type(kOpImm, rd_p, 0, 2, imm);
    }
    case 1:
      return i_type(kOpLoadFp, rd_p, 3, rs1_p, off_d);  // c.fld
    case 2:
      return i_type(kOpLoad, rd_p, 2, rs1_p, off_w);  // c.lw
    case 3:
      return i_type(kOpLoad, rd_p, 3, rs1_p, off_d);  // c.ld
    case 5:
      return s_type(kOpStoreFp, 3, rs1_p, rd_p, off_d);  // c.fsd
    case 6:
      return s_type(kOpStore, 2, rs1_p, rd_p, off_w);  // c.sw
    case 7:
      return s_type(kOpStore, 3, rs1_p, rd_p, off_d);  // c.sd
    default:
      return 0;
  }
}

u32 quadrant1(u32 c) {
  const u32 rd = bits(c, 11, 7);
  const i64 imm6 = sext((bit(c, 12) << 5) | bits(c, 6, 2), 6);
  const u32 rd_p = creg(bits(c, 9, 7));
  const u32 rs2_p = creg(bits(c, 4, 2));
  switch (bits(c, 15, 13)) {
    case 0:
      return i_type(kOpImm, rd, 0, rd, imm6);  // c.addi / c.nop (hints included)
    case 1:                                    // c.addiw
      if (rd == 0) return 0;
      return i_type(kOpImm32, rd, 0, rd, imm6);
    case 2:
      return i_type(kOpImm, rd, 0, 0, imm6);  // c.li
    case 3:
      if (rd == 2) {  // c.addi16sp
        const i64 imm = sext((bit(c, 12) << 9) | (bit(c, 6) << 4) | (bit(c, 5) << 6) |
                                 (bits(c, 4, 3) << 7) | (bit(c, 2) << 5),
                             10);
        if (imm == 0) return 0;
        return i_type(kOpImm, 2, 0, 2, imm);
      } else {  // c.lui
        if (imm6 == 0) return 0;
        return (static_cast<u32>(imm6 & 0xfffff) << 12) | (rd << 7) | kOpLui;
      }
    case 4: {
      const u32 shamt = (bit(c, 12) << 5) | bits(c, 6, 2);
      switch (bits(c, 11, 10)) {
        case 0:
          return i_type(kOpImm, rd_p, 5, rd_p, shamt);  // c.srli
        case 1:
          return i_type(kOpImm, rd_p, 5, rd_p, shamt | 0x400);  // c.srai
        case 2:
          return i_type(kOpImm, rd_p, 7, rd_p, imm6);  // c.andi
        default: {
          static constexpr u32 kF3[4] = {0, 4, 6, 7};  // sub, xor, or, and
          const u32 op2 = bits(c, 6, 5);
          if (bit(c, 12) == 0) {
            return r_type(kOp, rd_p, kF3[op2], rd_p, rs2_p, op2 == 0 ? 0x20 : 0);
          }
          if (op2 == 0) return r_type(kOp32, rd_p, 0, rd_p, rs2_p, 0x20);  // c.subw
          if (op2 == 1) return r_type(kOp32, rd_p, 0, rd_p, rs2_p, 0);     // c.addw
          return 0;
        }
      }
    }
    case 5: {  // c.j
      const i64 off =
          sext((bit(c, 12) << 11) | (bit(c, 11) << 4) | (bits(c, 10, 9) << 8) | (bit(c, 8) << 10) |
                   (bit(c, 7) << 6) | (bit(c, 6) << 7) | (bits(c, 5, 3) << 1) | (bit(c, 2) << 5),
               12);
      return j_type(0, off);
    }
    default: {  // c.beqz, c.bnez
      const i64 off = sext((bit(c, 12) << 8) | (bits(c, 11, 10) << 3) | (bits(c, 6, 5) << 6) |
                               (bits(c, 4, 3) << 1) | (bit(c, 2) << 5),
                           9);
      return b_type(bits(c, 15, 13) == 6 ? 0 : 1, rd_p, 0, off);
    }
  }
}

u32 quadrant2(u32 c) {
  const u32 rd = bits(c, 11, 7);
  const u32 rs2 = bits(c, 6, 2);
  const u32 off_ldsp = (bit(c, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6);
  const u32 off_lwsp = (bit(c, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6);
  const u32 off_sdsp = (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6);
  const u32 off_swsp = (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6);
  switch (bits(c, 15, 13)) {
    case 0:
      return i_type(kOpImm, rd, 1, rd, (bit(c, 12) << 5) | rs2);  // c.slli
    case 1:
      return i_type(kOpLoadFp, rd, 3, 2, off_ldsp);  // c.fldsp
    case 2:                                          // c.lwsp
      if (rd == 0) return 0;
      return i_type(kOpLoad, rd, 2, 2, off_lwsp);
    case 3:  // c.ldsp
      if (rd == 0) return 0;
      return i_type(kOpLoad, rd, 3, 2, off_ldsp);
    case 4:
      if (bit(c, 12) == 0) {
        if (rs2 == 0) {  // c.jr
          if (rd == 0) return 0;
          return i_type(kOpJalr, 0, 0, rd, 0);
        }
        return r_type(kOp, rd, 0, 0, rs2, 0);  // c.mv
      }
      if (rs2 == 0) {
        if (rd == 0) return 0x00100073;       // c.ebreak
        return i_type(kOpJalr, 1, 0, rd, 0);  // c.jalr
      }
      return r_type(kOp, rd, 0, rd, rs2, 0);  // c.add
    case 5:
      return s_type(kOpStoreFp, 3, 2, rs2, off_sdsp);  // c.fsdsp
    case 6:
      return s_type(kOpStore, 2, 2, rs2, off_swsp);  // c.swsp
    default:
      return s_type(kOpStore, 3, 2, rs2, off_sdsp);  // c.sdsp
  }
}

}  // namespace

u32 expand_compressed(u16 c) {
  switch (c & 3) {
    case 0:
      return quadrant0(c);
    case 1:
      return quadrant1(c);
    case 2:
      return quadrant2(c);
    default:
      return 0;
  }
}

}  // namespace rvscope
