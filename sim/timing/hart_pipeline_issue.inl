// The in-order issue rule, per timing class: an instruction issues at the first cycle where its
// group has a slot, its operands are ready, a pipe and unit are free and the front end has
// delivered it. Included where it is called, so that the timing model's per-class handler holds
// the whole rule in one body (one call per instruction, no second prologue).
#pragma once

#include <algorithm>
#include <array>

#include "sim/common/bits.hpp"
#include "sim/timing/hart_pipeline.hpp"

namespace rvscope::timing {
namespace issue_detail {

inline std::size_t idx(ExecClass c) { return static_cast<std::size_t>(c); }
inline std::size_t idx(StallCause c) { return static_cast<std::size_t>(c); }

// fmt field of OP-FP and R4 formats: 0 = S, 1 = D, 2 = H, 3 = Q.
inline bool is_single(u32 insn) {
  return rvscope::bits(insn, 26, 25) == 0 || rvscope::bits(insn, 26, 25) == 2;
}

// The class of every TimingClass that needs no look at the encoding, in enum order.
inline constexpr std::array<ExecClass, 22> kDirectClass = {
    ExecClass::kAlu,    ExecClass::kBranch,  ExecClass::kJump,   ExecClass::kLoad,
    ExecClass::kStore,  ExecClass::kMul,     ExecClass::kDiv,    ExecClass::kFpAdd,
    ExecClass::kFpMul,  ExecClass::kFpFma,   ExecClass::kFpDiv,  ExecClass::kFpSqrt,
    ExecClass::kFpLoad, ExecClass::kFpStore, ExecClass::kCsr,    ExecClass::kAmo,
    ExecClass::kLr,     ExecClass::kFence,   ExecClass::kFenceI, ExecClass::kSfenceVma,
    ExecClass::kSystem, ExecClass::kXret};
static_assert(static_cast<std::size_t>(TimingClass::kXret) + 1 == kDirectClass.size());

// The FP arithmetic classes and LR/SC depend on the encoding.
inline ExecClass classify_by_bits(const RetireEvent& e) {
  switch (e.timing_class) {
    case TimingClass::kFpAdd: {
      if (e.length == 2) return ExecClass::kFpMisc;
      const u64 funct5 = rvscope::bits(e.bits, 31, 27);
      if (funct5 > 1) return ExecClass::kFpMisc;  // sgnj, min/max, compare, convert, move
      return is_single(e.bits) ? ExecClass::kFpAddS : ExecClass::kFpAdd;
    }
    case TimingClass::kFpMul:
      return is_single(e.bits) ? ExecClass::kFpMulS : ExecClass::kFpMul;
    case TimingClass::kFpFma:
      return is_single(e.bits) ? ExecClass::kFpFmaS : ExecClass::kFpFma;
    case TimingClass::kFpDiv:
      return is_single(e.bits) ? ExecClass::kFpDivS : ExecClass::kFpDiv;
    case TimingClass::kFpSqrt:
      return is_single(e.bits) ? ExecClass::kFpSqrtS : ExecClass::kFpSqrt;
    case TimingClass::kLrSc:
      return rvscope::bits(e.bits, 31, 27) == 0b00010 ? ExecClass::kLr : ExecClass::kSc;
    default:
      return ExecClass::kAlu;
  }
}
constexpr u32 bit(TimingClass c) { return u32{1} << static_cast<unsigned>(c); }
// The TimingClasses classify_by_bits() refines.
inline constexpr u32 kByBits = bit(TimingClass::kFpAdd) | bit(TimingClass::kFpMul) |
                               bit(TimingClass::kFpFma) | bit(TimingClass::kFpDiv) |
                               bit(TimingClass::kFpSqrt) | bit(TimingClass::kLrSc);

// The pipeline's class of an event of timing class kClass (precision and FP-op kind read
// from the bits).
template <TimingClass kClass>
inline ExecClass classify_as(const RetireEvent& e) {
  if constexpr ((kByBits >> static_cast<unsigned>(kClass) & 1) != 0) {
    return classify_by_bits(e);
  } else {
    return kDirectClass[static_cast<std::size_t>(kClass)];
  }
}

}  // namespace issue_detail

// Only a real stall touches the statistics: adding zeros to the same counter chains every
// operand's check through a store-to-load forward on the host.
inline void HartPipeline::advance(u64& t, u64 until, StallCause cause) {
  if (until > t) {
    stats_.stall_cycles[issue_detail::idx(cause)] += until - t;
    t = until;
  }
}

inline void HartPipeline::control_flow(const RetireEvent& e, u64 issue) {
  auto redirect = [&](u64 at, StallCause cause) {
    if (at > fetch_ready_) {
      fetch_ready_ = at;
      fetch_cause_ = cause;
    }
  };
  // Conditional branches first and no jump table: the host predicts a compare chain better
  // than an indirect jump whose target follows the guest's instruction mix.
  Prediction p;
  if (e.timing_class == TimingClass::kBranch) {
    p = predictor_.conditional(e.pc, e.taken, e.next_pc);
    if (!p.mispredicted && !e.taken) return;
  } else if (e.timing_class == TimingClass::kJump) {
    const bool link_rd = e.rd == 1 || e.rd == 5;
    const bool link_rs1 = e.rs1 == 1 || e.rs1 == 5;
    p = predictor_.jump(e.pc, e.next_pc, e.pc + e.length, e.rs1 != kNoReg, link_rd, link_rs1,
                        e.rd == e.rs1);
  } else {  // xRET, fence.i, sfence.vma
    if (e.timing_class == TimingClass::kSfenceVma) memory_.flush_tlbs();
    last_fetch_line_ = ~u64{0};
    redirect(issue + core_.refill_penalty, StallCause::kRefill);
    return;
  }
  if (p.mispredicted) {
    redirect(issue + core_.mispredict_penalty, StallCause::kMispredict);
  } else {
    redirect(issue + core_.taken_bubble + (p.btb_miss ? core_.btb_miss_penalty : 0),
             StallCause::kTakenBranch);
  }
}

template <TimingClass kClass, bool kRoundRobin>
inline void HartPipeline::retire_as(const RetireEvent& e) {
  if (e.priv != run_priv_) change_priv(e.priv);
  const ExecClass ec = issue_detail::classify_as<kClass>(e);
  const Issue& is = issue_[issue_detail::idx(ec)];

  // issued_ is 0 until the first instruction, so the first one opens a group at cycle_.
  u64 t = cycle_ + (issued_ >= issue_width_ ? 1 : 0);
  advance(t, fetch_ready_, fetch_cause_);
  if (fetch_line(e) != last_fetch_line_) {
    if (const u32 miss = front_end(e)) advance(t, t + miss, StallCause::kFetch);
  }

  // kNoReg, x0 and the rest read as ready (see reg_ready_).
  // One host branch for the three operands: each waits after the one before it, and only a
  // real wait touches the statistics.
  {
    const u64 t1 = std::max(t, reg_ready_[e.rs1]);
    const u64 t2 = std::max(t1, reg_ready_[e.rs2]);
    const u64 t3 = std::max(t2, reg_ready_[e.rs3]);
    if (t3 != t) {
      stats_.stall_cycles[issue_detail::idx(reg_cause_[e.rs1])] += t1 - t;
      stats_.stall_cycles[issue_detail::idx(reg_cause_[e.rs2])] += t2 - t1;
      stats_.stall_cycles[issue_detail::idx(reg_cause_[e.rs3])] += t3 - t2;
      t = t3;
    }
  }

  // Memory: a load's result waits for misses and walks; a store retires into a write buffer
  // and only its translation and coherence actions (an upgrade, a line from another hart) hold
  // the pipe.
  u32 load_extra = 0;
  u32 port_hold = 0;  // cycles the memory pipe stays busy beyond the class's occupancy
  if (e.num_mem != 0) {
    const bool xlate = translated(e.priv);
    u32 port_extra = 0;   // misses, walks, MMIO: hold the pipe only with blocking loads
    u32 store_extra = 0;  // a store's coherence actions: always hold it
    for (unsigned i = 0; i < e.num_mem && i < e.mem.size(); ++i) {
      const MemAccess& a = e.mem[i];
      u32 extra = 0;
      if (a.is_mmio) {
        ++stats_.mmio_accesses;
        extra = memory_.mmio_latency();
        port_extra += extra;
      } else {
        if (xlate) {
          const u32 walk = memory_.translate_data(a.vaddr, asid_);
          extra += walk;
          port_extra += walk;
        }
        // LR and AMOs take the line exclusive; a store's cost is only what coherence charges.
        constexpr bool kExclusive = kClass == TimingClass::kAmo || kClass == TimingClass::kLrSc;
        const u32 miss = memory_.data(a.paddr, a.is_store, kExclusive);
        if (a.is_store) {
          store_extra += miss;
        } else {
          extra += miss;
          port_extra += miss;
        }
      }
      if (!a.is_store) load_extra += extra;
    }
    port_hold = (port_extra & port_mask_) + store_extra;
  }

  if (is.rare_waits) {  // fence, in-order writeback
    if (ec == ExecClass::kFence) {
      u64 drain = last_writeback_;
      for (u32 p = 0; p < core_.num_pipes; ++p) drain = std::max(drain, pipe_free_[p]);
      advance(t, drain, StallCause::kFence);
    }
    if (in_order_writeback_ && last_writeback_ > is.latency) {
      advance(t, last_writeback_ - is.latency, StallCause::kWriteback);
    }
  }
  u32 pipe = is.pipes[0];
  if constexpr (kRoundRobin) {
    advance(t, pick_pipe_in_turn(is, t, pipe), StallCause::kStructural);
  } else {
    // The first of the least busy allowed pipes (pipes[1] repeats pipes[0] for a single pipe).
    u64 pipe_at = pipe_free_[pipe];
    auto consider = [&](u32 p) {
      const bool better = pipe_free_[p] < pipe_at;
      pipe = better ? p : pipe;
      pipe_at = better ? pipe_free_[p] : pipe_at;
    };
    consider(is.pipes[1]);
    for (u32 i = 2; i < is.num_pipes; ++i) consider(is.pipes[i]);
    // The unit and the pipe are both structural: waiting for the later of them is the same.
    if (is.unit_read != kUnitNone) pipe_at = std::max(pipe_at, unit_free_[is.unit_read]);
    advance(t, pipe_at, StallCause::kStructural);
  }

  // t never goes below cycle_: it either joins the latest group or opens a new one (issued_
  // is 0 before the first instruction, so that one counts 1 either way).
  issued_ = (issued_ & (0u - static_cast<u32>(t == cycle_))) + 1;  // no host branch
  cycle_ = t;
  started_ = true;

  pipe_free_[pipe] = t + is.occupancy + port_hold;
  if (is.unit_read != kUnitNone) unit_free_[is.unit_write] = t + is.unit_occupancy;
  const u64 done = t + is.latency + load_extra;
  // Writes to x0, kNoReg or a number no register has go to the sink slot nobody reads.
  const std::size_t rd = static_cast<u8>(e.rd - 1) < 63 ? e.rd : kRegSink;  // x1..f31
  reg_ready_[rd] = done;
  reg_cause_[rd] = !is.loads    ? StallCause::kDataHazard
                   : load_extra ? StallCause::kMemory
                                : StallCause::kLoadUse;
  last_writeback_ = std::max(last_writeback_, done);

  if constexpr (changes_flow(kClass)) control_flow(e, t);
  if (e.num_csr_writes != 0) note_csr_writes(e);

  ++stats_.instructions;
}

}  // namespace rvscope::timing
