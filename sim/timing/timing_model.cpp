// Routes events to the per-hart pipelines, runs the fast-forward trigger and collects the
// syscall and per-function totals.
#include "sim/timing/timing_model.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "sim/common/error.hpp"
#include "sim/timing/hart_pipeline_issue.inl"
#include "sim/timing/hart_pipeline_warm.inl"

namespace rvscope::timing {

namespace {
constexpr u64 kCauseEcallFromU = 8;
}  // namespace

TimingModel::TimingModel(const TimingConfig& config, unsigned num_harts)
    : config_(config), l2_(std::make_unique<SharedL2>(config_.memory, num_harts)) {
  if (num_harts == 0) fail("TimingModel: num_harts must be at least 1");
  for (unsigned i = 0; i < num_harts; ++i) {
    harts_.push_back(std::make_unique<Hart>(config_, *l2_));
  }
}

TimingModel::~TimingModel() = default;

void TimingModel::set_trigger(const TimingTrigger& trigger) {
  trigger_ = trigger;
  detailed_ = trigger.kind == TimingTrigger::Kind::kNone;
}

void TimingModel::start_detailed() {
  detailed_ = true;
  for (auto& h : harts_) {
    h->pipeline.reset_stats();
    h->fn_cycles_mark = h->fn_insns_mark = 0;
  }
  l2_->reset_stats();
}

void TimingModel::enter_function(Hart& h, u64 pc) {
  const u64 cycles = h.pipeline.retired_cycles();
  const u64 insns = h.pipeline.instructions();
  if (h.fn != kNoFunction) {
    functions_[h.fn].cycles += cycles - h.fn_cycles_mark;
    functions_[h.fn].instructions += insns - h.fn_insns_mark;
  }
  look_up_function(h, pc);
  h.fn_cycles_mark = cycles;
  h.fn_insns_mark = insns;
}

std::size_t TimingModel::look_up_function(Hart& h, u64 pc) {
  const std::optional<SymbolInfo> sym = lookup_(pc);
  if (!sym) {
    h.fn_start = pc;
    h.fn_end = pc + 1;
    h.fn = kNoFunction;
    return h.fn;
  }
  if (sym->size == 0) {
    // A label without a size (assembly) covers what follows it up to the next symbol; the
    // cached range grows as execution moves on and the lookup keeps answering this label.
    h.fn_start = sym->start;
    h.fn_end = std::max(pc + 1, sym->start + 1);
  } else if (pc >= sym->start && pc - sym->start < sym->size) {
    h.fn_start = sym->start;
    h.fn_end = sym->start + sym->size;
  } else {  // the nearest symbol ends before pc: no function is known here
    h.fn_start = pc;
    h.fn_end = pc + 1;
    h.fn = kNoFunction;
    return h.fn;
  }
  auto [it, added] = function_index_.try_emplace(sym->name, functions_.size());
  if (added) functions_.push_back({sym->name, 0, 0});
  h.fn = it->second;
  return h.fn;
}

template <TimingClass kClass, bool kRoundRobin, TimingModel::RetireMode kMode>
void TimingModel::retire_as(HartObserver& self, const RetireEvent& e) {
  TimingModel& m = static_cast<TimingModel&>(self);
  if (e.hart >= m.harts_.size()) return;
  Hart& h = *m.harts_[e.hart];
  if constexpr (kMode == RetireMode::kSampled) {
    if (e.instret >= h.phase_end || e.instret < h.phase_first) m.enter_phase(h, e);
    if (!h.in_detail) {
      h.pipeline.warm_as<kClass>(e);  // its cycles are charged when detail begins
      return;
    }
    if (e.instret != h.charged + 1) {  // a hole in the detailed stretch: charge it
      m.charge_unheard(h, e.instret - 1);
      h.window_open = false;
    }
    h.charged = e.instret;
    h.pipeline.retire_as<kClass, kRoundRobin>(e);
    ++h.window_instructions;
    if (e.instret + 1 == h.phase_end && m.schedule_->phase(e.instret) == SamplePhase::kMeasured) {
      m.close_window(h, e);
    }
    return;
  }

  if (!m.detailed_) {
    m.retire_functional(h, e);
    return;
  }

  // Per-function totals are settled when a hart changes function, not per instruction.
  if (m.lookup_ && !(e.pc >= h.fn_start && e.pc < h.fn_end)) m.enter_function(h, e.pc);
  if constexpr (kMode == RetireMode::kRecord) {
    const IssueProbe before = h.pipeline.probe();
    h.pipeline.retire_as<kClass, kRoundRobin>(e);
    h.stages = stages_of(before, h.pipeline, e);
    h.stages_instret = e.instret;
  } else {
    h.pipeline.retire_as<kClass, kRoundRobin>(e);  // the issue rule, inlined (issue.inl)
  }
  if constexpr (kClass == TimingClass::kXret) {
    if (h.syscall && e.next_priv == Priv::kUser) {  // the sret that ends a syscall
      SyscallTotals& s = m.syscalls_[*h.syscall];
      const u64 spent = h.pipeline.cycles() - h.syscall_start;
      ++s.count;
      s.cycles += spent;
      s.max_cycles = std::max(s.max_cycles, spent);
      h.syscall.reset();
    }
  }
}

void TimingModel::set_sampling() {
  if (trigger_.kind != TimingTrigger::Kind::kNone || record_stages_) {
    fail(
        "--sample times its own windows: it cannot be combined with --timing-from or "
        "--pipeview");
  }
  schedule_.emplace(config_.sampling);
}

void TimingModel::charge_unheard(Hart& h, u64 retired) {
  if (retired <= h.charged) return;
  h.pipeline.advance_unobserved(h.samples.charge(retired - h.charged, h.carry));
  h.charged = retired;
}

void TimingModel::enter_phase(Hart& h, const RetireEvent& e) {
  const SamplePhase phase = schedule_->phase(e.instret);
  const bool detail = phase == SamplePhase::kDetailedWarmup || phase == SamplePhase::kMeasured;
  const auto [first, end] = schedule_->phase_bounds(e.instret);
  h.phase_first = first;
  h.phase_end = end;
  h.window_open = false;
  if (detail && !h.in_detail) charge_unheard(h, e.instret - 1);
  h.in_detail = detail;
  if (phase == SamplePhase::kMeasured && e.instret == first && h.charged == e.instret - 1) {
    h.window_open = true;
    h.window_start = busy_cycles(h.pipeline);
    h.window_instructions = 0;
  }
}

void TimingModel::close_window(Hart& h, const RetireEvent& e) {
  if (h.window_open) h.samples.add(busy_cycles(h.pipeline) - h.window_start, h.window_instructions);
  h.window_open = false;
  h.in_detail = false;
  h.phase_end = e.instret + 1;  // the next event finds its phase
  if (window_closed_) window_closed_(e.hart);
}

void TimingModel::settle(unsigned hart, u64 retired) {
  if (schedule_ && hart < harts_.size()) charge_unheard(*harts_[hart], retired);
}

void TimingModel::retire_functional(Hart& h, const RetireEvent& e) {
  h.pipeline.retire_functional(e, config_.warm_caches);
  if (trigger_.kind == TimingTrigger::Kind::kInsn && e.instret >= trigger_.insn) {
    start_detailed();
  } else if (trigger_.kind == TimingTrigger::Kind::kSymbol && lookup_) {
    const std::size_t fn = function_at(h, e.next_pc);
    if (fn != kNoFunction && functions_[fn].name == trigger_.symbol) start_detailed();
  }
}

RetireHandler TimingModel::retire_handler(TimingClass c) {
  static constexpr auto kHandlers = []<std::size_t... kClasses>(std::index_sequence<kClasses...>) {
    constexpr auto kPlain = RetireMode::kPlain, kRecord = RetireMode::kRecord,
                   kSampled = RetireMode::kSampled;
    return std::array<std::array<RetireHandler, sizeof...(kClasses)>, 6>{
        {{&retire_as<static_cast<TimingClass>(kClasses), false, kPlain>...},
         {&retire_as<static_cast<TimingClass>(kClasses), true, kPlain>...},
         {&retire_as<static_cast<TimingClass>(kClasses), false, kRecord>...},
         {&retire_as<static_cast<TimingClass>(kClasses), true, kRecord>...},
         {&retire_as<static_cast<TimingClass>(kClasses), false, kSampled>...},
         {&retire_as<static_cast<TimingClass>(kClasses), true, kSampled>...}}};
  }
  (std::make_index_sequence<kNumTimingClasses>());
  const auto index = static_cast<std::size_t>(c);
  const bool round_robin = config_.core.pipe_selection == PipeSelection::kRoundRobin;
  const std::size_t mode = schedule_ ? 2 : record_stages_ ? 1 : 0;
  const std::size_t variant = mode * 2 + (round_robin ? 1 : 0);
  return index < kNumTimingClasses ? kHandlers[variant][index] : nullptr;
}

void TimingModel::on_retire(const RetireEvent& e) {
  const RetireHandler handler = retire_handler(e.timing_class);
  if (handler != nullptr) handler(*this, e);
}

void TimingModel::on_trap(const TrapEvent& e) {
  if (e.hart >= harts_.size()) return;
  Hart& h = *harts_[e.hart];
  if (schedule_) {  // a sampled run keeps no syscall totals: most calls are never timed
    h.pipeline.trap(e, h.in_detail);
    return;
  }
  const bool syscall = !e.interrupt && e.cause == kCauseEcallFromU;  // its number is e.a7
  if (!detailed_ && syscall && trigger_.kind == TimingTrigger::Kind::kSyscall &&
      e.a7 == trigger_.syscall) {
    start_detailed();
  }
  if (record_stages_ && detailed_) {
    const IssueProbe before = h.pipeline.probe();
    h.pipeline.trap(e, detailed_);
    h.trap_stages = trap_stages_of(before, h.pipeline);
  } else {
    h.pipeline.trap(e, detailed_);
  }
  if (detailed_ && syscall) {
    h.syscall = e.a7;
    h.syscall_start = h.pipeline.cycles();
  }
}

TimingReport TimingModel::report(std::size_t top_functions) const {
  TimingReport r;
  for (unsigned i = 0; i < harts_.size(); ++i) {
    const HartPipeline& p = harts_[i]->pipeline;
    const PipelineStats s = p.stats();
    HartReport h;
    h.hart = i;
    h.instructions = s.instructions;
    h.functional_instructions = s.functional_instructions;
    h.idle_cycles = s.idle_cycles;
    h.traps = s.traps;
    h.interrupts = s.interrupts;
    h.mmio_accesses = s.mmio_accesses;
    const std::size_t priv_index[3] = {0, 1, 3};
    for (std::size_t k = 0; k < 3; ++k) {
      h.cycles_by_priv[k] = s.cycles_by_priv[priv_index[k]];
      h.instructions_by_priv[k] = s.instructions_by_priv[priv_index[k]];
      h.cycles += h.cycles_by_priv[k];
    }
    h.cycles += s.idle_cycles;
    for (std::size_t c = 1; c < kNumStallCauses; ++c) {
      h.stall_cycles.emplace_back(stall_cause_name(static_cast<StallCause>(c)), s.stall_cycles[c]);
    }
    const BranchStats& b = p.predictor().stats();
    h.branches = b.branches;
    h.branch_mispredicts = b.branch_mispredicts;
    h.jumps = b.jumps;
    h.jump_mispredicts = b.jump_mispredicts;
    h.btb_misses = b.btb_misses;
    const HartMemory& m = p.memory();
    auto cache = [](const char* name, const CacheStats& c) {
      return LevelReport{name, c.accesses, c.misses, c.writebacks, c.prefetches, 0, 0};
    };
    auto tlb = [](const char* name, const TlbStats& t, const WalkStats& w) {
      return LevelReport{name, t.accesses, t.misses, 0, 0, w.walks, w.cycles};
    };
    h.levels = {cache("l1i", m.l1i().stats()), cache("l1d", m.l1d().stats()),
                tlb("itlb", m.itlb().stats(), m.fetch_walks()),
                tlb("dtlb", m.dtlb().stats(), m.data_walks())};
    const CoherenceStats& co = m.coherence();
    h.coherence_transfers = co.transfers;
    h.coherence_upgrades = co.upgrades;
    h.coherence_invalidations = co.invalidations;
    h.coherence_cycles = co.cycles;
    if (schedule_) h.sample = harts_[i]->samples.estimate(harts_[i]->charged, s.idle_cycles);
    r.harts.push_back(std::move(h));
  }
  const CacheStats& l2 = l2_->stats();
  r.l2 = LevelReport{"l2", l2.accesses, l2.misses, l2.writebacks, l2.prefetches, 0, 0};
  r.memory_writebacks = l2_->memory_writebacks();

  for (const auto& [nr, s] : syscalls_) {
    r.syscalls.push_back({nr, std::string(syscall_name(nr)), s.count, s.cycles, s.max_cycles});
  }
  std::sort(r.syscalls.begin(), r.syscalls.end(),
            [](const SyscallReport& a, const SyscallReport& b) { return a.number < b.number; });

  std::vector<FunctionTotals> totals = functions_;
  if (detailed_ && lookup_) {
    for (const auto& h : harts_) {  // what each hart retired in its current function so far
      if (h->fn == kNoFunction) continue;
      totals[h->fn].cycles += h->pipeline.retired_cycles() - h->fn_cycles_mark;
      totals[h->fn].instructions += h->pipeline.instructions() - h->fn_insns_mark;
    }
  }
  std::vector<FunctionReport> fns;
  for (const FunctionTotals& f : totals) {
    if (f.instructions != 0) fns.push_back({f.name, f.cycles, f.instructions});
  }
  std::sort(fns.begin(), fns.end(), [](const FunctionReport& a, const FunctionReport& b) {
    return a.cycles != b.cycles ? a.cycles > b.cycles : a.name < b.name;
  });
  if (fns.size() > top_functions) fns.resize(top_functions);
  r.top_functions = std::move(fns);
  return r;
}

u64 TimingModel::mtime_from_cycles(u64 cycles, u64 core_hz, u64 timebase_hz) {
  if (core_hz == 0) return 0;
  return static_cast<u64>(static_cast<u128>(cycles) * timebase_hz / core_hz);
}

}  // namespace rvscope::timing
