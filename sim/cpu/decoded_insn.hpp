// DecodedInsn: an instruction decoded once and cached, ready for the run loop to dispatch.
#pragma once

#include "sim/common/types.hpp"
#include "sim/cpu/insn_info.hpp"

namespace rvscope {

class Hart;
struct DecodedInsn;

// An execute body: performs the instruction at `pc` and returns the next pc (the trap
// vector when it traps).
using ExecFn = u64 (*)(Hart& hart, const DecodedInsn& insn, u64 pc);

struct DecodedInsn {
  ExecFn exec;
  i64 imm;
  u32 bits;  // the 32-bit encoding (compressed instructions expanded)
  InsnId id;
  u8 rd, rs1, rs2, rs3;
  u8 length;  // 2 or 4
  u8 rm;      // FP rounding-mode field
  u16 raw16;  // the compressed encoding when length == 2
};
static_assert(sizeof(DecodedInsn) <= 32, "decoded instructions must stay small");

// Decodes a 32-bit (or, when the low two bits are not 11, a 16-bit) encoding.
DecodedInsn decode(u32 raw);

// Writes to x0 go to this extra register, so execute bodies write rd without a test.
inline constexpr u8 kSinkReg = 32;

// Whether instructions of this format write an integer rd.
constexpr bool writes_integer_rd(Format f) {
  switch (f) {
    case Format::kR:
    case Format::kI:
    case Format::kShift:
    case Format::kShiftW:
    case Format::kLoad:
    case Format::kU:
    case Format::kJ:
    case Format::kJalr:
    case Format::kCsr:
    case Format::kCsrI:
    case Format::kLr:
    case Format::kAmo:
    case Format::kFCmp:
    case Format::kFToX:
    case Format::kFToXNoRm:
      return true;
    default:
      return false;
  }
}

// decode(), with rd = x0 redirected to kSinkReg: what the decode cache stores.
DecodedInsn decode_for_execution(u32 raw);

}  // namespace rvscope
