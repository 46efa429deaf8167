// The decoder: table lookup by major opcode, then operand extraction by format.
#include <array>
#include <vector>

#include "sim/common/bits.hpp"
#include "sim/cpu/decoded_insn.hpp"
#include "sim/cpu/exec_table.hpp"
#include "sim/cpu/rvc.hpp"

namespace rvscope {
namespace {

// Rows of the instruction table grouped by their major opcode (bits 6:0).
struct OpcodeIndex {
  std::array<std::vector<InsnId>, 128> rows;
  OpcodeIndex() {
    for (size_t i = 0; i < static_cast<size_t>(InsnId::kIllegal); ++i) {
      rows[kInsnInfo[i].match & 0x7f].push_back(static_cast<InsnId>(i));
    }
  }
};

const OpcodeIndex& opcode_index() {
  static const OpcodeIndex index;
  return index;
}

InsnId lookup(u32 bits) {
  for (InsnId id : opcode_index().rows[bits & 0x7f]) {
    const InsnInfo& info = insn_info(id);
    if ((bits & info.mask) == info.match) return id;
  }
  return InsnId::kIllegal;
}

i64 immediate(Format format, u32 b) {
  switch (format) {
    case Format::kI:
    case Format::kLoad:
    case Format::kJalr:
    case Format::kFLoad:
      return sext(bits(b, 31, 20), 12);
    case Format::kShift:
      return static_cast<i64>(bits(b, 25, 20));
    case Format::kShiftW:
      return static_cast<i64>(bits(b, 24, 20));
    case Format::kStore:
    case Format::kFStore:
      return sext((bits(b, 31, 25) << 5) | bits(b, 11, 7), 12);
    case Format::kB:
      return sext(
          (bit(b, 31) << 12) | (bit(b, 7) << 11) | (bits(b, 30, 25) << 5) | (bits(b, 11, 8) << 1),
          13);
    case Format::kU:
      return static_cast<i64>(sext32(b & 0xfffff000u));
    case Format::kJ:
      return sext((bit(b, 31) << 20) | (bits(b, 19, 12) << 12) | (bit(b, 20) << 11) |
                      (bits(b, 30, 21) << 1),
                  21);
    case Format::kCsr:
    case Format::kCsrI:
    case Format::kFence:
      return static_cast<i64>(bits(b, 31, 20));
    default:
      return 0;
  }
}

}  // namespace

DecodedInsn decode(u32 raw) {
  DecodedInsn d{};
  u32 b = raw;
  d.length = 4;
  if ((raw & 3) != 3) {
    d.length = 2;
    d.raw16 = static_cast<u16>(raw);
    b = expand_compressed(static_cast<u16>(raw));
  }
  d.bits = b;
  d.id = b == 0 ? InsnId::kIllegal : lookup(b);
  d.rd = static_cast<u8>(bits(b, 11, 7));
  d.rs1 = static_cast<u8>(bits(b, 19, 15));
  d.rs2 = static_cast<u8>(bits(b, 24, 20));
  d.rs3 = static_cast<u8>(bits(b, 31, 27));
  d.rm = static_cast<u8>(bits(b, 14, 12));
  d.imm = immediate(insn_info(d.id).format, b);
  d.exec = exec_function(d.id);
  return d;
}

DecodedInsn decode_for_execution(u32 raw) {
  DecodedInsn d = decode(raw);
  if (d.rd == 0 && writes_integer_rd(insn_info(d.id).format)) d.rd = kSinkReg;
  return d;
}

}  // namespace rvscope
