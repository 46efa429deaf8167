// The in-order issue rule: an instruction issues at the first cycle where its group has a
// slot, its operands are ready, a pipe and unit are free and the front end has delivered it.
#include "sim/timing/hart_pipeline.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <utility>

#include "sim/common/bits.hpp"

namespace rvscope::timing {

namespace {
constexpr u16 kCsrSatp = 0x180;

std::size_t idx(ExecClass c) { return static_cast<std::size_t>(c); }
std::size_t idx(StallCause c) { return static_cast<std::size_t>(c); }

// fmt field of OP-FP and R4 formats: 0 = S, 1 = D, 2 = H, 3 = Q.
bool is_single(u32 insn) {
  return rvscope::bits(insn, 26, 25) == 0 || rvscope::bits(insn, 26, 25) == 2;
}
}  // namespace

const char* stall_cause_name(StallCause c) {
  switch (c) {
    case StallCause::kNone:
      return "none";
    case StallCause::kFetch:
      return "fetch";
    case StallCause::kMispredict:
      return "mispredict";
    case StallCause::kTakenBranch:
      return "taken_branch";
    case StallCause::kRefill:
      return "refill";
    case StallCause::kDataHazard:
      return "data_hazard";
    case StallCause::kLoadUse:
      return "load_use";
    case StallCause::kMemory:
      return "memory";
    case StallCause::kStructural:
      return "structural";
    case StallCause::kWriteback:
      return "writeback_order";
    case StallCause::kFence:
      return "fence";
    case StallCause::kCount:
      break;
  }
  return "?";
}

namespace {
// The class of every TimingClass that needs no look at the encoding, in enum order.
constexpr std::array<ExecClass, 22> kDirectClass = {
    ExecClass::kAlu,    ExecClass::kBranch,  ExecClass::kJump,   ExecClass::kLoad,
    ExecClass::kStore,  ExecClass::kMul,     ExecClass::kDiv,    ExecClass::kFpAdd,
    ExecClass::kFpMul,  ExecClass::kFpFma,   ExecClass::kFpDiv,  ExecClass::kFpSqrt,
    ExecClass::kFpLoad, ExecClass::kFpStore, ExecClass::kCsr,    ExecClass::kAmo,
    ExecClass::kLr,     ExecClass::kFence,   ExecClass::kFenceI, ExecClass::kSfenceVma,
    ExecClass::kSystem, ExecClass::kXret};
static_assert(static_cast<std::size_t>(TimingClass::kXret) + 1 == kDirectClass.size());

// The FP arithmetic classes and LR/SC depend on the encoding.
ExecClass classify_by_bits(const RetireEvent& e) {
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
}  // namespace

namespace {
constexpr u32 bit(TimingClass c) { return u32{1} << static_cast<unsigned>(c); }
// The TimingClasses classify_by_bits() refines.
constexpr u32 kByBits = bit(TimingClass::kFpAdd) | bit(TimingClass::kFpMul) |
                        bit(TimingClass::kFpFma) | bit(TimingClass::kFpDiv) |
                        bit(TimingClass::kFpSqrt) | bit(TimingClass::kLrSc);

inline ExecClass classify_inline(const RetireEvent& e) {
  const auto tc = static_cast<std::size_t>(e.timing_class);
  if (tc >= kDirectClass.size()) return ExecClass::kAlu;
  return (kByBits >> tc & 1) != 0 ? classify_by_bits(e) : kDirectClass[tc];
}

template <TimingClass kClass>
inline ExecClass classify_as(const RetireEvent& e) {
  if constexpr ((kByBits >> static_cast<unsigned>(kClass) & 1) != 0) {
    return classify_by_bits(e);
  } else {
    return kDirectClass[static_cast<std::size_t>(kClass)];
  }
}

template <std::size_t... kClasses>
constexpr auto make_retire_table(std::index_sequence<kClasses...>) {
  using Retire = u64 (HartPipeline::*)(const RetireEvent&);
  return std::array<Retire, sizeof...(kClasses)>{
      &HartPipeline::retire_as<static_cast<TimingClass>(kClasses)>...};
}
}  // namespace

ExecClass classify(const RetireEvent& e) { return classify_inline(e); }

HartPipeline::HartPipeline(const TimingConfig& config, SharedL2& l2)
    : core_(config.core),
      memory_(config.memory, l2),
      predictor_(config.predictor),
      fetch_shift_(static_cast<unsigned>(std::countr_zero(config.memory.l1i.line))),
      issue_width_(config.core.issue_width),
      in_order_writeback_(config.core.in_order_writeback),
      port_mask_(config.core.blocking_loads ? ~u32{0} : 0) {
  reg_cause_.fill(StallCause::kDataHazard);
  for (std::size_t c = 0; c < kNumExecClasses; ++c) {
    const ClassTiming& ct = core_.classes[c];
    Issue& is = issue_[c];
    is.latency = ct.latency;
    is.occupancy = ct.occupancy;
    is.unit_occupancy = ct.unit_occupancy;
    if (ct.unit != Unit::kNone) is.unit_read = is.unit_write = static_cast<u8>(ct.unit);
    u8 n = 0;
    for (u32 p = 0; p < core_.num_pipes && p < pipe_free_.size(); ++p) {
      if (ct.pipes >> p & 1) is.pipes[n++] = static_cast<u8>(p);
    }
    is.num_pipes = n == 0 ? 1 : n;  // pipes[0] is 0: a mask naming no pipe issues on pipe 0
    if (is.num_pipes == 1) is.pipes[1] = is.pipes[0];
    const auto ec = static_cast<ExecClass>(c);
    is.rare_waits = ec == ExecClass::kFence || core_.in_order_writeback;
    is.loads = ec == ExecClass::kLoad || ec == ExecClass::kFpLoad || ec == ExecClass::kAmo ||
               ec == ExecClass::kLr;
  }
}

// Only a real stall touches the statistics: adding zeros to the same counter chains every
// operand's check through a store-to-load forward on the host.
void HartPipeline::advance(u64& t, u64 until, StallCause cause) {
  if (until > t) {
    stats_.stall_cycles[idx(cause)] += until - t;
    t = until;
  }
}

void HartPipeline::note_csr_writes(const RetireEvent& e) {
  for (unsigned i = 0; i < e.num_csr_writes && i < e.csr_writes.size(); ++i) {
    if (e.csr_writes[i].csr == kCsrSatp) {
      satp_mode_ = e.csr_writes[i].value >> 60;
      asid_ = static_cast<u16>(rvscope::bits(e.csr_writes[i].value, 59, 44));
    }
  }
}

u32 HartPipeline::front_end(const RetireEvent& e) {
  const bool xlate = translated(e.priv);
  const u64 addr = fetch_address(e);
  const u64 line = memory_.l1i().line_of(addr);
  if (line == last_fetch_line_) return 0;
  last_fetch_line_ = line;
  u32 extra = xlate ? memory_.translate_fetch(e.pc, asid_) : 0;
  return extra + memory_.fetch(addr);
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

u64 HartPipeline::retire(const RetireEvent& e) {
  static constexpr auto kRetire = make_retire_table(std::make_index_sequence<kNumTimingClasses>());
  const auto tc = static_cast<std::size_t>(e.timing_class);
  return (this->*kRetire[tc < kRetire.size() ? tc : 0])(e);
}

template <TimingClass kClass>
u64 HartPipeline::retire_as(const RetireEvent& e) {
  const u64 before = cycles();
  const ExecClass ec = classify_as<kClass>(e);
  const Issue& is = issue_[idx(ec)];

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
      stats_.stall_cycles[idx(reg_cause_[e.rs1])] += t1 - t;
      stats_.stall_cycles[idx(reg_cause_[e.rs2])] += t2 - t1;
      stats_.stall_cycles[idx(reg_cause_[e.rs3])] += t3 - t2;
      t = t3;
    }
  }

  // Memory: a load's result waits for misses and walks; a store retires into a write buffer
  // and only its translation holds the pipe.
  u32 load_extra = 0;
  u32 port_extra = 0;
  if (e.num_mem != 0) {
    const bool xlate = translated(e.priv);
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
        const u32 miss = memory_.data(a.paddr, a.is_store);
        if (!a.is_store) {
          extra += miss;
          port_extra += miss;
        }
      }
      if (!a.is_store) load_extra += extra;
    }
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
  // The first of the least busy allowed pipes (pipes[1] repeats pipes[0] for a single pipe).
  u32 pipe = is.pipes[0];
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

  // t never goes below cycle_: it either joins the latest group or opens a new one (issued_
  // is 0 before the first instruction, so that one counts 1 either way).
  issued_ = (issued_ & (0u - static_cast<u32>(t == cycle_))) + 1;  // no host branch
  cycle_ = t;
  started_ = true;

  pipe_free_[pipe] = t + is.occupancy + (port_extra & port_mask_);
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

  const u64 delta = cycles() - before;
  const auto priv = static_cast<std::size_t>(e.priv) & 3;
  ++stats_.instructions;
  ++stats_.instructions_by_priv[priv];
  stats_.cycles_by_priv[priv] += delta;
  return delta;
}

// Every class's copy, for the timing model's per-class handlers.
template u64 HartPipeline::retire_as<TimingClass::kAlu>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kBranch>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kJump>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kLoad>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kStore>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kMul>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kDiv>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kFpAdd>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kFpMul>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kFpFma>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kFpDiv>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kFpSqrt>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kFpLoad>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kFpStore>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kCsr>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kAmo>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kLrSc>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kFence>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kFenceI>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kSfenceVma>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kSystem>(const RetireEvent&);
template u64 HartPipeline::retire_as<TimingClass::kXret>(const RetireEvent&);
static_assert(kNumTimingClasses == 22, "one instantiation above per TimingClass");

u64 HartPipeline::retire_functional(const RetireEvent& e, bool warm) {
  const u64 before = cycles();
  if (started_) ++cycle_;
  started_ = true;
  issued_ = issue_width_;
  ++stats_.functional_instructions;
  if (warm) {
    front_end(e);
    for (unsigned i = 0; i < e.num_mem && i < e.mem.size(); ++i) {
      const MemAccess& a = e.mem[i];
      if (a.is_mmio) continue;
      if (translated(e.priv)) memory_.translate_data(a.vaddr, asid_);
      memory_.data(a.paddr, a.is_store);
    }
    if (changes_flow(e.timing_class)) control_flow(e, cycle_);
  } else if (e.timing_class == TimingClass::kSfenceVma) {
    memory_.flush_tlbs();
  }
  // Whatever the front end and scoreboard said belongs to the past now.
  fetch_ready_ = 0;
  note_csr_writes(e);
  return cycles() - before;
}

void HartPipeline::trap(const TrapEvent& e, bool detailed) {
  if (!detailed) return;
  ++(e.interrupt ? stats_.interrupts : stats_.traps);
  last_fetch_line_ = ~u64{0};
  const u64 at = cycle_ + core_.refill_penalty;
  if (at > fetch_ready_) {
    fetch_ready_ = at;
    fetch_cause_ = StallCause::kRefill;
  }
}

void HartPipeline::skip(u64 n) {
  cycle_ += n;
  stats_.idle_cycles += n;
}

void HartPipeline::reset_stats() {
  const u64 functional = stats_.functional_instructions;
  stats_ = {};
  stats_.functional_instructions = functional;
  memory_.reset_stats();
  predictor_.reset_stats();
}

}  // namespace rvscope::timing
