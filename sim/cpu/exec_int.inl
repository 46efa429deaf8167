// Execute bodies of RV64I computation and control transfer, and RV64M (inlined, see hart_run.cpp).
// clang-format off: one instruction (or one field) per line, like the ISA manual's tables.
#pragma once

#include "sim/cpu/exec_vocab.hpp"

namespace rvscope {

EXEC(lui) {
  WRITE_RD(IMM);
  return NEXT;
}
EXEC(auipc) {
  WRITE_RD(pc + IMM);
  return NEXT;
}
EXEC(jal) {
  WRITE_RD(NEXT);
  return pc + IMM;
}
EXEC(jalr) {
  const u64 target = (RS1 + IMM) & ~1ull;
  WRITE_RD(NEXT);
  return target;
}
EXEC(beq) { return RS1 == RS2 ? pc + IMM : NEXT; }
EXEC(bne) { return RS1 != RS2 ? pc + IMM : NEXT; }
EXEC(blt) { return static_cast<i64>(RS1) < static_cast<i64>(RS2) ? pc + IMM : NEXT; }
EXEC(bge) { return static_cast<i64>(RS1) >= static_cast<i64>(RS2) ? pc + IMM : NEXT; }
EXEC(bltu) { return RS1 < RS2 ? pc + IMM : NEXT; }
EXEC(bgeu) { return RS1 >= RS2 ? pc + IMM : NEXT; }

EXEC(addi) {
  WRITE_RD(RS1 + IMM);
  return NEXT;
}
EXEC(slti) {
  WRITE_RD(static_cast<i64>(RS1) < d.imm);
  return NEXT;
}
EXEC(sltiu) {
  WRITE_RD(RS1 < IMM);
  return NEXT;
}
EXEC(xori) {
  WRITE_RD(RS1 ^ IMM);
  return NEXT;
}
EXEC(ori) {
  WRITE_RD(RS1 | IMM);
  return NEXT;
}
EXEC(andi) {
  WRITE_RD(RS1 & IMM);
  return NEXT;
}
EXEC(slli) {
  WRITE_RD(RS1 << d.imm);
  return NEXT;
}
EXEC(srli) {
  WRITE_RD(RS1 >> d.imm);
  return NEXT;
}
EXEC(srai) {
  WRITE_RD(static_cast<i64>(RS1) >> d.imm);
  return NEXT;
}
EXEC(add) {
  WRITE_RD(RS1 + RS2);
  return NEXT;
}
EXEC(sub) {
  WRITE_RD(RS1 - RS2);
  return NEXT;
}
EXEC(sll) {
  WRITE_RD(RS1 << (RS2 & 63));
  return NEXT;
}
EXEC(slt) {
  WRITE_RD(static_cast<i64>(RS1) < static_cast<i64>(RS2));
  return NEXT;
}
EXEC(sltu) {
  WRITE_RD(RS1 < RS2);
  return NEXT;
}
EXEC(xor_) {
  WRITE_RD(RS1 ^ RS2);
  return NEXT;
}
EXEC(srl) {
  WRITE_RD(RS1 >> (RS2 & 63));
  return NEXT;
}
EXEC(sra) {
  WRITE_RD(static_cast<i64>(RS1) >> (RS2 & 63));
  return NEXT;
}
EXEC(or_) {
  WRITE_RD(RS1 | RS2);
  return NEXT;
}
EXEC(and_) {
  WRITE_RD(RS1 & RS2);
  return NEXT;
}

EXEC(addiw) {
  WRITE_RD(SEXT32(RS1 + IMM));
  return NEXT;
}
EXEC(slliw) {
  WRITE_RD(SEXT32(static_cast<u32>(RS1) << d.imm));
  return NEXT;
}
EXEC(srliw) {
  WRITE_RD(SEXT32(static_cast<u32>(RS1) >> d.imm));
  return NEXT;
}
EXEC(sraiw) {
  WRITE_RD(SEXT32(static_cast<i32>(RS1) >> d.imm));
  return NEXT;
}
EXEC(addw) {
  WRITE_RD(SEXT32(RS1 + RS2));
  return NEXT;
}
EXEC(subw) {
  WRITE_RD(SEXT32(RS1 - RS2));
  return NEXT;
}
EXEC(sllw) {
  WRITE_RD(SEXT32(static_cast<u32>(RS1) << (RS2 & 31)));
  return NEXT;
}
EXEC(srlw) {
  WRITE_RD(SEXT32(static_cast<u32>(RS1) >> (RS2 & 31)));
  return NEXT;
}
EXEC(sraw) {
  WRITE_RD(SEXT32(static_cast<i32>(RS1) >> (RS2 & 31)));
  return NEXT;
}

// ---- M: division by zero and overflow give the results the spec tabulates ----
EXEC(mul) {
  WRITE_RD(RS1 * RS2);
  return NEXT;
}
EXEC(mulh) {
  WRITE_RD((static_cast<i128>(static_cast<i64>(RS1)) * static_cast<i64>(RS2)) >> 64);
  return NEXT;
}
EXEC(mulhsu) {
  WRITE_RD((static_cast<i128>(static_cast<i64>(RS1)) * static_cast<i128>(RS2)) >> 64);
  return NEXT;
}
EXEC(mulhu) {
  WRITE_RD((static_cast<u128>(RS1) * RS2) >> 64);
  return NEXT;
}
EXEC(div) {
  const i64 a = static_cast<i64>(RS1), b = static_cast<i64>(RS2);
  WRITE_RD(b == 0 ? -1 : (a == INT64_MIN && b == -1) ? a : a / b);
  return NEXT;
}
EXEC(divu) {
  WRITE_RD(RS2 == 0 ? ~0ull : RS1 / RS2);
  return NEXT;
}
EXEC(rem) {
  const i64 a = static_cast<i64>(RS1), b = static_cast<i64>(RS2);
  WRITE_RD(b == 0 ? a : (a == INT64_MIN && b == -1) ? 0 : a % b);
  return NEXT;
}
EXEC(remu) {
  WRITE_RD(RS2 == 0 ? RS1 : RS1 % RS2);
  return NEXT;
}
EXEC(mulw) {
  WRITE_RD(SEXT32(static_cast<u32>(RS1) * static_cast<u32>(RS2)));
  return NEXT;
}
EXEC(divw) {
  const i32 a = static_cast<i32>(RS1), b = static_cast<i32>(RS2);
  WRITE_RD(SEXT32(b == 0 ? -1 : (a == INT32_MIN && b == -1) ? a : a / b));
  return NEXT;
}
EXEC(divuw) {
  const u32 a = static_cast<u32>(RS1), b = static_cast<u32>(RS2);
  WRITE_RD(SEXT32(b == 0 ? ~0u : a / b));
  return NEXT;
}
EXEC(remw) {
  const i32 a = static_cast<i32>(RS1), b = static_cast<i32>(RS2);
  WRITE_RD(SEXT32(b == 0 ? a : (a == INT32_MIN && b == -1) ? 0 : a % b));
  return NEXT;
}
EXEC(remuw) {
  const u32 a = static_cast<u32>(RS1), b = static_cast<u32>(RS2);
  WRITE_RD(SEXT32(b == 0 ? a : a % b));
  return NEXT;
}

}  // namespace rvscope
// clang-format on
