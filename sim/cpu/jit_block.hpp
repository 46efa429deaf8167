// JitSlot and the translated block's calling convention: what the run loop and the
// translator agree on.
#pragma once

#include "sim/common/types.hpp"
#include "sim/mmu/mmu.hpp"

namespace rvscope {

class Hart;

// What a translated block returns: the pc to go on at and the budget left (the slice's
// instructions), with kJitInterpretNext set when the instruction at `pc` must be run by the
// interpreter (its memory access missed the soft TLB, or the block could not translate it).
struct JitExit {
  u64 pc;
  u64 info;
};
inline constexpr u64 kJitInterpretNext = 1ull << 63;
// Or, alone: a body that calls out (a CSR, an atomic, FP) trapped, jumped or ended the slice;
// `pc` is where to go on, and the count is the one the hart holds (as after such a body in
// the loop).
inline constexpr u64 kJitTakeBack = 1ull << 62;

// Where a block finds the hart's slice bookkeeping (byte offsets in Hart; the same for every
// hart, so blocks are shared).
struct JitHartLayout {
  i32 budget = 0;         // i64: the count before the current instruction
  i32 batch_ended = 0;    // bool
  i32 fetch_changed = 0;  // bool
};

// A translated block: guest registers in memory at `x`, the active soft TLB sets, the
// virtual pc of its first instruction (blocks do not depend on where their page is mapped),
// and the slice's budget, at least the block's longest path. Blocks jump to other blocks of
// their page while the budget allows (chaining), so one call may run many.
using JitBlockFn = JitExit (*)(u64* x, const SoftTlbEntry* load_tlb, const SoftTlbEntry* store_tlb,
                               u64 pc, Hart* hart, i64 budget);

// One per decoded halfword: the block starting there, if any, and how often the loop
// arrived there by a jump since the page was decoded.
struct JitSlot {
  JitBlockFn code = nullptr;
  u32 heat = 0;
  u16 insns = 0;  // the longest path through the block, in instructions
  u16 end = 0;    // the slot after its last instruction
};

}  // namespace rvscope
