// The hot loop: threaded dispatch (computed goto) over the decode cache, every execute body
// inlined at its own label so each has its own indirect jump for the branch predictor.
#include "sim/cpu/exec_fp.inl"
#include "sim/cpu/exec_int.inl"
#include "sim/cpu/exec_mem.inl"
#include "sim/cpu/exec_system.inl"
#include "sim/cpu/hart.hpp"

namespace rvscope {

u64 Hart::run_fast(u64 max_insns) {
  static constexpr void* kLabels[] = {
#define INSN(id, mnemonic, match, mask, format, ext, tclass) &&L_##id,
#include "sim/cpu/insn_table.def"
#undef INSN
      &&L_illegal,
      &&L_decode_stub,
      &&L_straddle,
      &&L_fetch_fault,
  };
  static_assert(std::size(kLabels) == static_cast<size_t>(InsnId::kCount));

  if (max_insns == 0) return 0;
  const u64 executed_before = executed_;
  batch_ended_ = false;
  budget_ = static_cast<i64>(max_insns);
  slice_start_ = budget_;
  u64 pc = pc_;
  // The fetch page lives in locals; anything that changes translation ends the slice.
  u64 vpage = fetch_vpage_;
  DecodedPage* page = fetch_page_;
  const DecodedInsn* d;

// Counts the instruction just executed, then jumps straight to the next one's body.
#define DISPATCH()                               \
  do {                                           \
    if (--budget_ <= 0) goto out;                \
    if (((pc ^ vpage) >> 12) != 0) goto refetch; \
    d = &page->insns[(pc >> 1) & 2047];          \
    goto* kLabels[static_cast<unsigned>(d->id)]; \
  } while (0)

refetch:
  if (((pc ^ vpage) >> 12) != 0) {
    d = &fetch(pc);
    vpage = fetch_vpage_;
    page = fetch_page_;
  } else {
    d = &page->insns[(pc >> 1) & 2047];
  }
  goto* kLabels[static_cast<unsigned>(d->id)];

#define INSN(id, mnemonic, match, mask, format, ext, tclass) \
  L_##id : pc = exec_##id(*this, *d, pc);                    \
  DISPATCH();
#include "sim/cpu/insn_table.def"
#undef INSN

L_illegal:
  pc = illegal(pc, *d);
  DISPATCH();
L_decode_stub:
  // Decode in place and dispatch again; the instruction is counted when it executes.
  if (decode_slot(*this, const_cast<DecodedInsn&>(*d), pc))
    goto* kLabels[static_cast<unsigned>(d->id)];
  pc = take_fault(pc);
  DISPATCH();
L_straddle:
  pc = exec_straddling(*this, *d, pc);
  DISPATCH();
L_fetch_fault:
  pc = take_fault(pc);
  DISPATCH();
#undef DISPATCH

out:
  pc_ = pc;
  executed_ += static_cast<u64>(slice_start_ - budget_);
  slice_start_ = budget_ = 0;
  return executed_ - executed_before;
}

}  // namespace rvscope
