// TimingModel: the HartObserver that turns retire/trap events into cycles for every hart.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/common/events.hpp"
#include "sim/timing/fast_forward.hpp"
#include "sim/timing/hart_pipeline.hpp"
#include "sim/timing/memory_hierarchy.hpp"
#include "sim/timing/pipeline_stages.hpp"
#include "sim/timing/sampling.hpp"
#include "sim/timing/timing_config.hpp"
#include "sim/timing/timing_report.hpp"

namespace rvscope::timing {

// What an ELF symbol table says about a pc (the machine provides it; sim/trace has ELF symbols).
struct SymbolInfo {
  std::string name;
  u64 start = 0;
  u64 size = 0;  // 0: the symbol covers `start` only
};
using SymbolLookup = std::function<std::optional<SymbolInfo>(u64 pc)>;

class TimingModel final : public HartObserver {
 public:
  TimingModel(const TimingConfig& config, unsigned num_harts);
  ~TimingModel() override;
  TimingModel(const TimingModel&) = delete;
  TimingModel& operator=(const TimingModel&) = delete;

  void on_retire(const RetireEvent& event) override;
  void on_trap(const TrapEvent& event) override;
  RetireHandler retire_handler(TimingClass c) override;

  // Modelled cycles of a hart so far (mcycle/cycle read this; mtime derives from it).
  u64 cycles(unsigned hart) const { return harts_[hart]->pipeline.cycles(); }
  // The hart waits (WFI) until another event: the machine adds the cycles it skipped.
  void skip_cycles(unsigned hart, u64 cycles) { harts_[hart]->pipeline.skip(cycles); }

  // Until the trigger fires every instruction costs one cycle (caches warm if the config
  // says so); from then on the detailed model runs. Call before the first event.
  void set_trigger(const TimingTrigger& trigger);
  bool detailed() const { return detailed_; }
  // Per-function cycles and symbol triggers need it; without it they are left out.
  void set_symbol_lookup(SymbolLookup lookup) { lookup_ = std::move(lookup); }

  // --sample: from the first instruction on, the schedule of config().sampling decides which
  // instructions are timed in detail, which only warm, and which the model never hears of
  // (wants_events() says when). Call before the first event; not with a trigger or recording.
  void set_sampling();
  bool sampling() const { return schedule_.has_value(); }
  // Whether the model needs events for the hart's instructions after `retired`, if the run
  // loop may run `ahead` of them before asking again.
  bool wants_events(unsigned hart, u64 retired, u64 ahead) const {
    return !schedule_ || !schedule_->may_run_plain(retired, ahead) || harts_[hart]->in_detail;
  }
  // The hart's cycles once it has retired `retired` instructions, the unheard-of ones charged
  // at the CPI measured so far. The same as cycles() when every instruction was heard.
  u64 cycles_at(unsigned hart, u64 retired) const {
    const Hart& h = *harts_[hart];
    if (!schedule_ || retired <= h.charged) return h.pipeline.cycles();
    return h.pipeline.cycles() + h.samples.charge_peek(retired - h.charged, h.carry);
  }
  // Called when a hart's measured window closes: the run loop may leave the observed loop at
  // once (the machine's hart ends its slice), rather than at the slice's end.
  void set_window_closed_hook(std::function<void(unsigned hart)> hook) {
    window_closed_ = std::move(hook);
  }
  // A sampled run, before the model hears a hart again: its satp now (see sync_satp).
  void sync_satp(unsigned hart, u64 satp) { harts_[hart]->pipeline.sync_satp(satp); }
  // At the end of a sampled run: the hart retired `retired` instructions in all.
  void settle(unsigned hart, u64 retired);

  // With recording on, every detailed retire and trap also keeps its stage cycles, for the
  // pipeline view; off (the default), the handlers pay nothing for it.
  void record_stages(bool on) { record_stages_ = on; }
  // The stages of the hart's latest detailed instruction if it is the one with `instret`.
  const InstructionStages* stages(unsigned hart, u64 instret) const {
    const Hart& h = *harts_[hart];
    return h.stages_instret == instret && instret != 0 ? &h.stages : nullptr;
  }
  // The latest detailed trap's stages on the hart, once: null when none came since.
  std::optional<TrapStages> take_trap_stages(unsigned hart) {
    return std::exchange(harts_[hart]->trap_stages, std::nullopt);
  }

  TimingReport report(std::size_t top_functions = 10) const;
  const TimingConfig& config() const { return config_; }
  unsigned num_harts() const { return static_cast<unsigned>(harts_.size()); }

  // mtime after `cycles` at core_hz with a timebase of timebase_hz, without overflow.
  static u64 mtime_from_cycles(u64 cycles, u64 core_hz, u64 timebase_hz);

 private:
  struct SyscallTotals {
    u64 count = 0;
    u64 cycles = 0;
    u64 max_cycles = 0;
  };
  struct FunctionTotals {
    std::string name;
    u64 cycles = 0;
    u64 instructions = 0;
  };
  struct Hart {
    Hart(const TimingConfig& config, SharedL2& l2) : pipeline(config, l2) {}
    HartPipeline pipeline;
    std::optional<u64> syscall;  // the syscall this hart is inside, if any
    u64 syscall_start = 0;
    u64 fn_start = 1, fn_end = 0;  // pc range of `fn` (empty: look up)
    std::size_t fn = kNoFunction;
    // The hart's retired cycles and instructions when it entered `fn`: what it retired since
    // belongs to `fn` and is added to its totals when the hart leaves it (or in report()).
    u64 fn_cycles_mark = 0;
    u64 fn_insns_mark = 0;
    InstructionStages stages;  // with record_stages: the latest detailed instruction's
    u64 stages_instret = 0;    // its instret (0: none)
    std::optional<TrapStages> trap_stages;
    // --sample
    u64 charged = 0;  // instructions whose cycles the pipeline holds (timed or charged)
    u64 carry = 0;    // the fraction of a cycle the charged instructions left over
    bool in_detail = false;
    u64 phase_first = 1, phase_end = 1;  // instrets of the current phase: [first, end)
    bool window_open = false;            // measuring since the window's first instruction
    u64 window_start = 0;                // busy cycles (cycles() less idle) when it opened
    u64 window_instructions = 0;
    SampleAccumulator samples;
  };
  enum class RetireMode : u8 { kPlain, kRecord, kSampled };
  static constexpr std::size_t kNoFunction = ~std::size_t{0};

  // on_retire for an event of class kClass under the profile's pipe-selection rule, keeping
  // the instruction's stages (kRecord) or following the sampling schedule (kSampled).
  template <TimingClass kClass, bool kRoundRobin, RetireMode kMode>
  static void retire_as(HartObserver& self, const RetireEvent& event);
  void retire_functional(Hart& hart, const RetireEvent& event);  // before the trigger fired
  void start_detailed();
  // kSampled, an event outside the hart's current phase: finds its phase; entering detail
  // charges the instructions before it at the CPI measured so far.
  void enter_phase(Hart& hart, const RetireEvent& event);
  void close_window(Hart& hart, const RetireEvent& event);
  void charge_unheard(Hart& hart, u64 retired);
  static u64 busy_cycles(const HartPipeline& p) { return p.cycles() - p.stats().idle_cycles; }
  // The function holding `pc`, from the hart's cached pc range; looks up only on leaving it.
  std::size_t function_at(Hart& hart, u64 pc) {
    return pc >= hart.fn_start && pc < hart.fn_end ? hart.fn : look_up_function(hart, pc);
  }
  std::size_t look_up_function(Hart& hart, u64 pc);
  // Detailed phase, `pc` outside the cached range: settles the function the hart leaves.
  void enter_function(Hart& hart, u64 pc);

  TimingConfig config_;
  std::unique_ptr<SharedL2> l2_;
  std::vector<std::unique_ptr<Hart>> harts_;
  bool detailed_ = true;
  bool record_stages_ = false;
  std::optional<SampleSchedule> schedule_;
  std::function<void(unsigned hart)> window_closed_;
  TimingTrigger trigger_;
  SymbolLookup lookup_;
  std::unordered_map<u64, SyscallTotals> syscalls_;
  std::vector<FunctionTotals> functions_;
  std::unordered_map<std::string, std::size_t> function_index_;
};

}  // namespace rvscope::timing
