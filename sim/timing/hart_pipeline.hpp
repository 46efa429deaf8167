// One hart's in-order pipeline: scoreboard, issue pipes, long-latency units, front end.
#pragma once

#include <array>

#include "sim/common/events.hpp"
#include "sim/common/types.hpp"
#include "sim/timing/branch_predictor.hpp"
#include "sim/timing/memory_hierarchy.hpp"
#include "sim/timing/timing_config.hpp"

namespace rvscope::timing {

// Why an instruction issued later than its issue group allowed. Each cycle of such delay is
// charged to exactly one cause.
enum class StallCause : u8 {
  kNone,
  kFetch,        // instruction cache miss or ITLB walk
  kMispredict,   // branch/jump misprediction
  kTakenBranch,  // taken-branch bubble or BTB miss
  kRefill,       // trap, xRET, fence.i, sfence.vma
  kDataHazard,   // waiting for a non-load result (mul, div, FP, ALU latency)
  kLoadUse,      // waiting for a load that hit
  kMemory,       // waiting for a load that missed, an MMIO access or a DTLB walk
  kStructural,   // issue pipe or divider busy
  kWriteback,    // results must complete in program order
  kFence,        // fence waits for everything in flight
  kCount,
};
inline constexpr std::size_t kNumStallCauses = static_cast<std::size_t>(StallCause::kCount);
const char* stall_cause_name(StallCause c);

struct PipelineStats {
  u64 instructions = 0;
  std::array<u64, 4> cycles_by_priv{};  // indexed by Priv's encoding
  std::array<u64, 4> instructions_by_priv{};
  std::array<u64, kNumStallCauses> stall_cycles{};
  u64 traps = 0;
  u64 interrupts = 0;
  u64 idle_cycles = 0;              // skipped by WFI
  u64 functional_instructions = 0;  // retired before the detailed phase began
  u64 mmio_accesses = 0;
};

// What the pipeline's state says about the next instruction before it issues: read before and
// after one retire_as() to recover that instruction's stage cycles (pipeline_stages.hpp).
struct IssueProbe {
  u64 group_start = 0;  // the earliest cycle the next instruction may issue in
  u64 fetch_ready = 0;  // the front end delivers from this cycle on (after a redirect)
  StallCause fetch_cause = StallCause::kNone;
  std::array<u64, kNumStallCauses> stall_cycles{};
};

class HartPipeline {
 public:
  HartPipeline(const TimingConfig& config, SharedL2& l2);

  // Detailed model: moves the issue point as far as this instruction of class kClass needs
  // (one copy of the code per class, so the host predicts each class's branches apart, and
  // per pipe-selection rule, so that least_busy pays nothing for round_robin).
  template <TimingClass kClass, bool kRoundRobin>
  [[gnu::always_inline]] inline void retire_as(const RetireEvent& event);  // issue.inl
  // Fast-forward: one cycle per instruction; caches and predictors learn if `warm`.
  u64 retire_functional(const RetireEvent& event, bool warm);
  // A sampled run's functional warming: caches, TLBs and predictors learn from the instruction
  // and no cycle passes (the model charges its cycles later, with advance_unobserved).
  template <TimingClass kClass>
  [[gnu::always_inline]] inline void warm_as(const RetireEvent& event);  // warm.inl
  // The hart's satp as it is now, when the model may have missed its write (a sampled run's
  // plain loop): a change also flushes the TLBs, as the sfence.vma that went with it would.
  void sync_satp(u64 satp);
  // Instructions timed in no detail (a sampled run's) took `cycles`.
  void advance_unobserved(u64 cycles) { cycle_ += cycles; }
  void trap(const TrapEvent& event, bool detailed);
  void skip(u64 cycles);
  // Forgets statistics (not cache, TLB or predictor contents) when the detailed phase begins.
  void reset_stats();

  // Cycles elapsed on this hart: one past the cycle the latest instruction issued in.
  u64 cycles() const { return cycle_ + (started_ ? 1 : 0); }
  PipelineStats stats() const;
  u64 instructions() const { return stats_.instructions; }
  // Cycles the detailed model's instructions took since reset_stats() (idle cycles are not in
  // it): every cycle retire_as() moved the issue point by.
  u64 retired_cycles() const { return cycles() - stats_.idle_cycles - reset_cycles_; }
  IssueProbe probe() const {
    return {cycle_ + (issued_ >= issue_width_ ? 1 : 0), fetch_ready_, fetch_cause_,
            stats_.stall_cycles};
  }
  // The cycle the latest write to `reg` (an event's register byte) completes in. Instructions
  // without a real destination all write the sink slot, so right after an instruction retired
  // this is its completion whatever its rd.
  u64 reg_ready(u8 reg) const { return reg_ready_[static_cast<u8>(reg - 1) < 63 ? reg : kRegSink]; }
  u64 issue_cycle() const { return cycle_; }
  const BranchPredictor& predictor() const { return predictor_; }
  const HartMemory& memory() const { return memory_; }

 private:
  void note_csr_writes(const RetireEvent& event);
  // The per-privilege counts are settled when the privilege changes, not per instruction.
  void change_priv(Priv priv);
  bool translated(Priv priv) const { return priv != Priv::kMachine && satp_mode_ != 0; }
  u32 front_end(const RetireEvent& event);
  // Events carry the virtual pc only; tagging it with the ASID keeps two address spaces
  // that use the same addresses from sharing lines.
  u64 fetch_address(const RetireEvent& e) const {
    return translated(e.priv) ? e.pc ^ (u64{asid_} << 44) : e.pc;
  }
  u64 fetch_line(const RetireEvent& e) const { return fetch_address(e) >> fetch_shift_; }
  static constexpr bool changes_flow(TimingClass c) {
    constexpr u32 kFlow = 1u << static_cast<unsigned>(TimingClass::kBranch) |
                          1u << static_cast<unsigned>(TimingClass::kJump) |
                          1u << static_cast<unsigned>(TimingClass::kXret) |
                          1u << static_cast<unsigned>(TimingClass::kFenceI) |
                          1u << static_cast<unsigned>(TimingClass::kSfenceVma);
    const auto n = static_cast<unsigned>(c);
    return n < 32 && (kFlow >> n & 1) != 0;
  }
  [[gnu::always_inline]] inline void control_flow(const RetireEvent& event,
                                                  u64 issue);  // only when changes_flow()
  void advance(u64& t, u64 until, StallCause cause);
  struct Issue;
  // PipeSelection::kRoundRobin: the cycle at or after `t` where a pipe of the class (and its
  // unit) is free, and the pipe llvm-mca's rotation gives it then.
  u64 pick_pipe_in_turn(const Issue& is, u64 t, u32& pipe);

  const CoreConfig& core_;
  HartMemory memory_;
  BranchPredictor predictor_;

  u64 cycle_ = 0;  // cycle of the latest issue group
  bool started_ = false;
  u32 issued_ = 0;  // instructions in the latest issue group
  u64 fetch_ready_ = 0;
  StallCause fetch_cause_ = StallCause::kNone;
  u64 last_fetch_line_ = ~u64{0};
  unsigned fetch_shift_;
  u32 issue_width_;
  bool in_order_writeback_;
  u32 port_mask_;  // all ones with blocking loads: a miss holds the memory pipe
  u64 last_writeback_ = 0;
  // Scoreboard indexed by the event's register byte as it is: x0, kNoReg and numbers no
  // register has are never written (their writes go to kRegSink), so they read as ready.
  static constexpr std::size_t kRegSink = 256;
  std::array<u64, kRegSink + 1> reg_ready_{};
  std::array<StallCause, kRegSink + 1> reg_cause_{};
  std::array<u64, 8> pipe_free_{};
  // Indexed by Unit; kUnitNone is read by unit-less classes (always 0), kUnitSink written.
  static constexpr std::size_t kUnitNone = 0, kUnitSink = 3;
  std::array<u64, 4> unit_free_{};
  // Per ExecClass, what retire_as() needs of its ClassTiming, precomputed at construction.
  struct Issue {
    u32 latency = 1;
    u32 occupancy = 1;
    u32 unit_occupancy = 0;
    u8 unit_read = kUnitNone;   // unit_free_ slot to wait for
    u8 unit_write = kUnitSink;  // unit_free_ slot to occupy
    u8 num_pipes = 1;           // entries of `pipes` in use (at least one)
    bool loads = false;         // result comes from memory: load_use / memory stalls
    bool rare_waits = false;    // a fence, or any class under in_order_writeback
    std::array<u8, 8> pipes{};  // pipes it may take, ascending; {0} when the mask names none
    u8 rotation = kNoRotation;  // rotations_ entry of its pipes when it may take several
  };
  std::array<Issue, kNumExecClasses> issue_{};
  // llvm-mca's DefaultResourceStrategy for one set of pipes that a class may choose among: the
  // highest-numbered free pipe not yet taken in this round; a pipe taken by an instruction
  // that had no choice counts as taken (out of turn when the round had already passed it).
  struct PipeRotation {
    u32 units = 0;    // the set's pipes
    u32 next = 0;     // pipes still to take their turn in this round
    u32 removed = 0;  // taken out of turn: they sit out the next round
    u32 select(u32 ready);
    void used(u32 pipe_bit);
  };
  static constexpr u8 kNoRotation = 0xff;
  std::array<PipeRotation, kNumExecClasses> rotations_{};
  std::array<u32, 8> rotations_of_pipe_{};  // bit i: rotations_[i] contains the pipe
  u64 satp_mode_ = 0;
  u16 asid_ = 0;
  PipelineStats stats_;   // cycles_by_priv and instructions_by_priv as of the latest change_priv
  u64 reset_cycles_ = 0;  // cycles() when the statistics were reset
  Priv run_priv_ = Priv::kMachine;  // privilege of the instructions since the marks below
  u64 run_cycles_mark_ = 0;         // retired_cycles() when run_priv_ began
  u64 run_insns_mark_ = 0;          // stats_.instructions when run_priv_ began
};

}  // namespace rvscope::timing
