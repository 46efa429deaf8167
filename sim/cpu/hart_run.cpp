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

namespace {

// Rows whose bodies only compute on registers and the pc: they call nothing that could read
// the instruction count, trap or end the slice, so the loop need not publish its count to
// them nor look for a slice end after them.
constexpr bool computes_only(TimingClass c) {
  return c == TimingClass::kAlu || c == TimingClass::kMul || c == TimingClass::kDiv ||
         c == TimingClass::kFence || c == TimingClass::kBranch || c == TimingClass::kJump;
}
// Rows that may go anywhere: their next pc needs the fetch-page check.
constexpr bool transfers_control(TimingClass c) {
  return c == TimingClass::kBranch || c == TimingClass::kJump;
}

}  // namespace

template <bool kObserve, bool kJit>
u64 Hart::run_threaded(u64 max_insns) {
  static_assert(!(kObserve && kJit), "an observer sees every instruction: blocks are not run");
  static constexpr void* kLabels[] = {
#define INSN(id, mnemonic, match, mask, format, ext, tclass) &&L_##id,
#include "sim/cpu/insn_table.def"
#undef INSN
      &&L_illegal, &&L_decode_stub, &&L_straddle, &&L_fetch_fault, &&L_page_end,
  };
  static_assert(std::size(kLabels) == static_cast<size_t>(InsnId::kCount));

  if (max_insns == 0) return 0;
  const u64 executed_before = executed_;
  batch_ended_ = false;
  budget_ = static_cast<i64>(max_insns);
  slice_start_ = budget_;
  // The budget lives in a register. budget_ gets its value (the count before the current
  // instruction) only before a body that can read executed(), trap or end the slice; a
  // body that ends the slice zeroes budget_, and the loop takes it back from there.
  i64 budget = budget_;
  u64 pc = pc_;
  // The fetch page lives in locals; a body that changes the fetch context sets
  // fetch_changed_, and the loop drops them after it (TAKE_BACK).
  u64 vpage = fetch_vpage_;
  fetch_changed_ = false;
  DecodedPage* page = fetch_page_;
  const DecodedInsn* d;
  [[maybe_unused]] Priv priv_before = priv_;
  [[maybe_unused]] u64 next = 0;
  [[maybe_unused]] JitSlot* js = nullptr;
  [[maybe_unused]] const u32 jit_hot = code_.jit_threshold();

#define COUNT()                  \
  do {                           \
    if (--budget <= 0) goto out; \
  } while (0)
// With blocks: a jump target that has a block runs it; one that just grew hot is translated.
#define JIT_CHECK(index)                           \
  if constexpr (kJit) {                            \
    js = &page->jit[index];                        \
    if (js->code != nullptr) goto jit_run;         \
    if (++js->heat == jit_hot) goto jit_translate; \
  }
// Counts the instruction just executed, then jumps to the body of the one at `next`,
// anywhere.
#define DISPATCH()                               \
  do {                                           \
    pc = next;                                   \
    COUNT();                                     \
    if (!on_fetch_page(pc, vpage)) goto refetch; \
    const unsigned index = (pc >> 1) & 2047;     \
    d = &page->insns[index];                     \
    JIT_CHECK(index);                            \
    goto* kLabels[static_cast<unsigned>(d->id)]; \
  } while (0)
// The same when `next` follows the instruction just executed: its slot is the next one in
// the page (or the page-end sentinel), so neither the pc's page nor its index is looked at.
#define DISPATCH_SEQUENTIAL()                    \
  do {                                           \
    d += (next - pc) >> 1;                       \
    pc = next;                                   \
    COUNT();                                     \
    goto* kLabels[static_cast<unsigned>(d->id)]; \
  } while (0)
// With blocks, the same after an instruction the blocks leave to the interpreter (CSRs,
// atomics, FP, a load that missed the TLB): the code after it may have a block of its own.
// The page-end sentinel has no block slot; it goes on to the next page's fetch.
#define DISPATCH_SEQUENTIAL_CHECKED()                           \
  do {                                                          \
    d += (next - pc) >> 1;                                      \
    pc = next;                                                  \
    COUNT();                                                    \
    if (d->id != InsnId::kPageEnd) {                            \
      JIT_CHECK(static_cast<unsigned>(d - page->insns.data())); \
    }                                                           \
    goto* kLabels[static_cast<unsigned>(d->id)];                \
  } while (0)
#define PUBLISH_COUNT() budget_ = budget
// After a body that may have ended the slice (a trap, a changed translation, a device's
// interrupt) or jumped: take the count back from budget_, and dispatch the general way.
// Takes the count back after a body that called out; a body that changed privilege or
// satp also invalidated the fetch page the loop keeps in locals.
#define TAKE_BACK()           \
  do {                        \
    budget = budget_;         \
    if (fetch_changed_) {     \
      fetch_changed_ = false; \
      vpage = kNoFetchPage;   \
    }                         \
  } while (0)
#define DISPATCH_AFTER_CALLS()                                                   \
  do {                                                                           \
    if (batch_ended_ || fetch_changed_ || next != pc + d->length) [[unlikely]] { \
      TAKE_BACK();                                                               \
      DISPATCH();                                                                \
    }                                                                            \
    if constexpr (kJit) DISPATCH_SEQUENTIAL_CHECKED();                           \
    DISPATCH_SEQUENTIAL();                                                       \
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
// Observed: reports the instruction unless it trapped. It is counted only by the dispatch
// after this, so its own instret is one more than instret() says now.
#define RETIRE(shape, insn)                                                          \
  if constexpr (kObserve) {                                                          \
    if (!trapped_) {                                                                 \
      fill_retire_event(shape, insn, pc, next, priv_before, instret() + 1);          \
      retire_handlers_[static_cast<size_t>(shape.timing_class)](*observer_, event_); \
    }                                                                                \
  }

refetch:
  PUBLISH_COUNT();  // a page walk may read a device, and a device the time
  if (!on_fetch_page(pc, vpage)) {
    d = &fetch(pc);
    vpage = fetch_vpage_;
    page = fetch_page_;
  } else {
    d = &page->insns[(pc >> 1) & 2047];
  }
  // A jump to another page may land on a block too, unless the page is not cached (PMP
  // treats parts of it differently, so every fetch checks) or the fetch faulted.
  if (on_fetch_page(pc, vpage)) JIT_CHECK((pc >> 1) & 2047);
  goto* kLabels[static_cast<unsigned>(d->id)];

  // An observer reads the count (instret) after every instruction, so observed, every body
  // is treated as one that calls out.
#define INSN(id, mnemonic, match, mask, format, ext, tclass)                    \
  L_##id : {                                                                    \
    constexpr bool kCallsOut = kObserve || !computes_only(TimingClass::tclass); \
    if constexpr (kCallsOut) PUBLISH_COUNT();                                   \
    BEGIN_INSN();                                                               \
    next = exec_##id(*this, *d, pc);                                            \
    RETIRE(kEventShapes[static_cast<size_t>(InsnId::id)], *d);                  \
    if constexpr (kCallsOut) {                                                  \
      DISPATCH_AFTER_CALLS();                                                   \
    } else if constexpr (transfers_control(TimingClass::tclass)) {              \
      DISPATCH();                                                               \
    } else {                                                                    \
      DISPATCH_SEQUENTIAL();                                                    \
    }                                                                           \
  }
#include "sim/cpu/insn_table.def"
#undef INSN

L_illegal:
  PUBLISH_COUNT();
  BEGIN_INSN();
  next = illegal(pc, *d);  // traps: nothing retires
  TAKE_BACK();
  DISPATCH();
L_decode_stub:
  // Decode in place and dispatch again; the instruction is counted when it executes.
  PUBLISH_COUNT();
  if (decode_slot(*this, const_cast<DecodedInsn&>(*d), pc))
    goto* kLabels[static_cast<unsigned>(d->id)];
  BEGIN_INSN();
  next = take_fault(pc);
  TAKE_BACK();
  DISPATCH();
L_straddle:
  PUBLISH_COUNT();
  BEGIN_INSN();
  next = exec_straddling(*this, *d, pc);
  RETIRE(kEventShapes[static_cast<size_t>(straddle_insn_.id)], straddle_insn_);
  TAKE_BACK();
  DISPATCH();
L_fetch_fault:
  PUBLISH_COUNT();
  BEGIN_INSN();
  next = take_fault(pc);
  TAKE_BACK();
  DISPATCH();
L_page_end:
  // Stepped past the last slot of the page; pc is already the next page's first address.
  goto refetch;

  // Reached only with kJit (JIT_CHECK); the labels exist in every instance.
jit_translate:
  __attribute__((unused));
  code_.translate_block(*page, static_cast<unsigned>(js - page->jit.data()), jit_layout());
  if (js->code == nullptr) goto* kLabels[static_cast<unsigned>(d->id)];
jit_run:
  __attribute__((unused));
  {
    // A block runs only when all of it fits in the slice, so slice ends (and with them
    // interrupts and device events) fall on the same instruction as without blocks.
    if (js->insns > budget) goto* kLabels[static_cast<unsigned>(d->id)];
    {
      const JitExit exit = js->code(x.data(), mmu_.load_tlb(), mmu_.store_tlb(), pc, this, budget);
      if (exit.info == kJitTakeBack) {
        next = exit.pc;
        TAKE_BACK();
        DISPATCH();
      }
      budget = static_cast<i64>(exit.info & ~kJitInterpretNext);
      pc = exit.pc;
      if (budget <= 0) goto out;
      if ((exit.info & kJitInterpretNext) != 0) {
        // Same page: the instruction the block stopped at (a TLB miss, or untranslatable).
        d = &page->insns[(pc >> 1) & 2047];
        goto* kLabels[static_cast<unsigned>(d->id)];
      }
      if (!on_fetch_page(pc, vpage)) goto refetch;
      const unsigned index = (pc >> 1) & 2047;
      d = &page->insns[index];
      JIT_CHECK(index);
      goto* kLabels[static_cast<unsigned>(d->id)];
    }
  }
#undef RETIRE
#undef BEGIN_INSN
#undef DISPATCH_AFTER_CALLS
#undef TAKE_BACK
#undef PUBLISH_COUNT
#undef DISPATCH_SEQUENTIAL
#undef DISPATCH_SEQUENTIAL_CHECKED
#undef DISPATCH
#undef JIT_CHECK
#undef COUNT

out:
  budget_ = budget;
  pc_ = pc;
  executed_ += static_cast<u64>(slice_start_ - budget_);
  slice_start_ = budget_ = 0;
  return executed_ - executed_before;
}

template u64 Hart::run_threaded<false>(u64 max_insns);
template u64 Hart::run_threaded<true>(u64 max_insns);
template u64 Hart::run_threaded<false, true>(u64 max_insns);

}  // namespace rvscope
