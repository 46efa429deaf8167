// Execute bodies of fences, CSR and system instructions (inlined, see hart_run.cpp).
// clang-format off: one instruction (or one field) per line, like the ISA manual's tables.
#pragma once

#include "sim/cpu/exec_vocab.hpp"

namespace rvscope {

EXEC(fence) {
  (void)h;
  return NEXT;
}
EXEC(fence_i) { return h.do_fence_i(pc, d); }
EXEC(ecall) {
  (void)d;
  return h.do_ecall(pc);
}
EXEC(ebreak) {
  (void)d;
  return h.raise(pc, Exception::kBreakpoint, pc);
}
EXEC(sret) { return h.do_sret(pc, d); }
EXEC(mret) { return h.do_mret(pc, d); }
EXEC(wfi) { return h.do_wfi(pc, d); }
EXEC(sfence_vma) { return h.do_sfence_vma(pc, d); }

namespace exec_detail {

// csrrw/csrrs/csrrc and their immediate forms: read the old value unless a csrrw has
// rd = x0, write the new one unless a set/clear has a zero operand.
enum class CsrOp { kWrite, kSet, kClear };

inline u64 csr_instruction(Hart& h, const DecodedInsn& d, u64 pc, CsrOp op, u64 operand,
                           bool operand_is_zero) {
  const u16 number = static_cast<u16>(d.imm);
  const bool do_read = !(op == CsrOp::kWrite && (d.rd == 0 || d.rd == kSinkReg));
  const bool do_write = op == CsrOp::kWrite || !operand_is_zero;
  if (u64* plain = h.plain_csr(number)) {
    const u64 old = *plain;
    if (do_write) {
      const u64 value = op == CsrOp::kWrite ? operand
                        : op == CsrOp::kSet ? (old | operand)
                                            : (old & ~operand);
      *plain = value & Hart::plain_csr_mask(number);
      h.note_csr_write(number, *plain);
    }
    WRITE_RD(old);
    return NEXT;
  }
  u64 old = 0;
  if (do_read || op != CsrOp::kWrite) {
    if (!h.csr_read(number, old)) ILLEGAL();
  }
  if (do_write) {
    // Read-only CSRs (0xC00-0xFFF) reject a write even when the read was fine.
    if ((number >> 10) == 3) ILLEGAL();
    const u64 base = op == CsrOp::kWrite ? 0 : h.csr_rmw_base(number, old);
    const u64 value = op == CsrOp::kWrite ? operand
                      : op == CsrOp::kSet ? (base | operand)
                                          : (base & ~operand);
    if (!h.csr_write(number, value)) ILLEGAL();
  }
  WRITE_RD(old);
  return NEXT;
}

}  // namespace exec_detail

EXEC(csrrw) {
  return exec_detail::csr_instruction(h, d, pc, exec_detail::CsrOp::kWrite, RS1, false);
}
EXEC(csrrs) {
  return exec_detail::csr_instruction(h, d, pc, exec_detail::CsrOp::kSet, RS1, d.rs1 == 0);
}
EXEC(csrrc) {
  return exec_detail::csr_instruction(h, d, pc, exec_detail::CsrOp::kClear, RS1, d.rs1 == 0);
}
EXEC(csrrwi) {
  return exec_detail::csr_instruction(h, d, pc, exec_detail::CsrOp::kWrite, d.rs1, false);
}
EXEC(csrrsi) {
  return exec_detail::csr_instruction(h, d, pc, exec_detail::CsrOp::kSet, d.rs1, d.rs1 == 0);
}
EXEC(csrrci) {
  return exec_detail::csr_instruction(h, d, pc, exec_detail::CsrOp::kClear, d.rs1, d.rs1 == 0);
}

EXEC(illegal) { ILLEGAL(); }

}  // namespace rvscope
// clang-format on
