// One hart's pipeline outside the per-instruction issue rule (hart_pipeline_issue.inl): setup,
// the front end's fetch, CSR side effects, fast-forward, traps, idling and statistics.
#include "sim/timing/hart_pipeline.hpp"

#include <algorithm>
#include <bit>

#include "sim/common/bits.hpp"
#include "sim/timing/hart_pipeline_issue.inl"

namespace rvscope::timing {

namespace {
constexpr u16 kCsrSatp = 0x180;
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

HartPipeline::HartPipeline(const TimingConfig& config, SharedL2& l2)
    : core_(config.core),
      memory_(config.memory, l2),
      predictor_(config.predictor),
      fetch_shift_(static_cast<unsigned>(std::countr_zero(config.memory.l1i.line))),
      issue_width_(config.core.issue_width),
      in_order_writeback_(config.core.in_order_writeback),
      port_mask_(config.core.blocking_loads ? ~u32{0} : 0) {
  std::size_t num_rotations = 0;
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
    if (n > 1) {
      const u32 units = ct.pipes & ((1u << core_.num_pipes) - 1);
      std::size_t r = 0;
      while (r < num_rotations && rotations_[r].units != units) ++r;
      if (r == num_rotations) {
        rotations_[num_rotations++] = {units, units, 0};
        for (u32 p = 0; p < pipe_free_.size(); ++p) {
          if (units >> p & 1) rotations_of_pipe_[p] |= 1u << r;
        }
      }
      is.rotation = static_cast<u8>(r);
    }
    const auto ec = static_cast<ExecClass>(c);
    is.rare_waits = ec == ExecClass::kFence || core_.in_order_writeback;
    is.loads = ec == ExecClass::kLoad || ec == ExecClass::kFpLoad || ec == ExecClass::kAmo ||
               ec == ExecClass::kLr;
  }
}

u32 HartPipeline::PipeRotation::select(u32 ready) {
  u32 candidates = ready & next;
  if (candidates == 0) {
    next = units ^ removed;
    removed = 0;
    candidates = ready & next;
    if (candidates == 0) {
      next = units;
      candidates = ready & next;
    }
  }
  const u32 pick = std::bit_floor(candidates);
  next &= pick | (pick - 1);
  return pick;
}

void HartPipeline::PipeRotation::used(u32 pipe_bit) {
  if (pipe_bit > next) {
    removed |= pipe_bit;
    return;
  }
  next &= ~pipe_bit;
  if (next == 0) {
    next = units ^ removed;
    removed = 0;
  }
}

u64 HartPipeline::pick_pipe_in_turn(const Issue& is, u64 t, u32& pipe) {
  u64 first_free = pipe_free_[is.pipes[0]];
  for (u32 i = 1; i < is.num_pipes; ++i) first_free = std::min(first_free, pipe_free_[is.pipes[i]]);
  u64 at = std::max(t, first_free);
  if (is.unit_read != kUnitNone) at = std::max(at, unit_free_[is.unit_read]);
  if (is.rotation == kNoRotation) {
    pipe = is.pipes[0];
  } else {
    u32 ready = 0;
    for (u32 i = 0; i < is.num_pipes; ++i) {
      if (pipe_free_[is.pipes[i]] <= at) ready |= 1u << is.pipes[i];
    }
    pipe = static_cast<u32>(std::countr_zero(rotations_[is.rotation].select(ready)));
  }
  for (u32 groups = rotations_of_pipe_[pipe]; groups != 0; groups &= groups - 1) {
    rotations_[static_cast<std::size_t>(std::countr_zero(groups))].used(1u << pipe);
  }
  return at;
}

void HartPipeline::note_csr_writes(const RetireEvent& e) {
  for (unsigned i = 0; i < e.num_csr_writes && i < e.csr_writes.size(); ++i) {
    if (e.csr_writes[i].csr == kCsrSatp) {
      satp_mode_ = e.csr_writes[i].value >> 60;
      asid_ = static_cast<u16>(rvscope::bits(e.csr_writes[i].value, 59, 44));
    }
  }
}

void HartPipeline::sync_satp(u64 satp) {
  const u64 mode = satp >> 60;
  const auto asid = static_cast<u16>(rvscope::bits(satp, 59, 44));
  if (mode == satp_mode_ && asid == asid_) return;
  satp_mode_ = mode;
  asid_ = asid;
  memory_.flush_tlbs();
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

void HartPipeline::change_priv(Priv priv) {
  const auto run = static_cast<std::size_t>(run_priv_) & 3;
  const u64 cycles_now = retired_cycles();
  stats_.cycles_by_priv[run] += cycles_now - run_cycles_mark_;
  stats_.instructions_by_priv[run] += stats_.instructions - run_insns_mark_;
  run_cycles_mark_ = cycles_now;
  run_insns_mark_ = stats_.instructions;
  run_priv_ = priv;
}

PipelineStats HartPipeline::stats() const {
  PipelineStats s = stats_;
  const auto run = static_cast<std::size_t>(run_priv_) & 3;
  s.cycles_by_priv[run] += retired_cycles() - run_cycles_mark_;
  s.instructions_by_priv[run] += stats_.instructions - run_insns_mark_;
  return s;
}

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
  reset_cycles_ = cycles();
  run_cycles_mark_ = run_insns_mark_ = 0;
  memory_.reset_stats();
  predictor_.reset_stats();
}

}  // namespace rvscope::timing
