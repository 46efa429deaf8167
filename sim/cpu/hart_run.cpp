// The hot loop: threaded dispatch (computed goto) over the decode cache, every execute body
// inlined at its own label so each has its own indirect jump for the branch predictor. The
// observed variant reports each retired instruction, its event filled with the row's shape
// known at compile time.
#include "sim/cpu/exec_fp.inl"
#include "sim/cpu/exec_int.inl"
#include "sim/cpu/exec_mem.inl"
#include "sim/cpu/exec_system.inl"
#include "sim/cpu/hart.hpp"
#include "sim/cpu/retire_event.inl"

namespace rvscope {

template <bool kObserve>
u64 Hart::run_threaded(u64 max_insns) {
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
  [[maybe_unused]] Priv priv_before = priv_;
  [[maybe_unused]] u64 next = 0;

// Counts the instruction just executed, then jumps straight to the next one's body.
#define DISPATCH()                               \
  do {                                           \
    if (--budget_ <= 0) goto out;                \
    if (!on_fetch_page(pc, vpage)) goto refetch; \
    d = &page->insns[(pc >> 1) & 2047];          \
    goto* kLabels[static_cast<unsigned>(d->id)]; \
  } while (0)

// Observed: what the old state was, and a fresh record for the instruction about to run.
#define BEGIN_INSN()           \
  if constexpr (kObserve) {    \
    pc_ = pc;                  \
    trapped_ = false;          \
    mmu_.begin_record();       \
    event_.num_csr_writes = 0; \
    priv_before = priv_;       \
  }
// Observed: reports the instruction unless it trapped. It is counted only by the DISPATCH
// after this, so its own instret is one more than instret() says now.
#define RETIRE(shape, insn)                                                          \
  if constexpr (kObserve) {                                                          \
    if (!trapped_) {                                                                 \
      fill_retire_event(shape, insn, pc, next, priv_before, instret() + 1);          \
      retire_handlers_[static_cast<size_t>(shape.timing_class)](*observer_, event_); \
    }                                                                                \
  }

refetch:
  if (!on_fetch_page(pc, vpage)) {
    d = &fetch(pc);
    vpage = fetch_vpage_;
    page = fetch_page_;
  } else {
    d = &page->insns[(pc >> 1) & 2047];
  }
  goto* kLabels[static_cast<unsigned>(d->id)];

#define INSN(id, mnemonic, match, mask, format, ext, tclass) \
  L_##id : BEGIN_INSN();                                     \
  next = exec_##id(*this, *d, pc);                           \
  RETIRE(kEventShapes[static_cast<size_t>(InsnId::id)], *d); \
  pc = next;                                                 \
  DISPATCH();
#include "sim/cpu/insn_table.def"
#undef INSN

L_illegal:
  BEGIN_INSN();
  pc = illegal(pc, *d);  // traps: nothing retires
  DISPATCH();
L_decode_stub:
  // Decode in place and dispatch again; the instruction is counted when it executes.
  if (decode_slot(*this, const_cast<DecodedInsn&>(*d), pc))
    goto* kLabels[static_cast<unsigned>(d->id)];
  BEGIN_INSN();
  pc = take_fault(pc);
  DISPATCH();
L_straddle:
  BEGIN_INSN();
  next = exec_straddling(*this, *d, pc);
  RETIRE(kEventShapes[static_cast<size_t>(straddle_insn_.id)], straddle_insn_);
  pc = next;
  DISPATCH();
L_fetch_fault:
  BEGIN_INSN();
  pc = take_fault(pc);
  DISPATCH();
#undef RETIRE
#undef BEGIN_INSN
#undef DISPATCH

out:
  pc_ = pc;
  executed_ += static_cast<u64>(slice_start_ - budget_);
  slice_start_ = budget_ = 0;
  return executed_ - executed_before;
}

template u64 Hart::run_threaded<false>(u64 max_insns);
template u64 Hart::run_threaded<true>(u64 max_insns);

}  // namespace rvscope
