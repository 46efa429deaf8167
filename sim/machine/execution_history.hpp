// ExecutionHistory: the recent past of a debugged run, for reverse execution: checkpoints of
// the whole machine (RAM pages shared between checkpoints while unchanged) and the debugger's
// single steps between them, from which any earlier position is re-executed. A position is
// Machine::total_executed(). One hart only: with several, where a run stops changes how the
// harts interleave afterwards, so re-execution would not retrace the past.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "sim/machine/machine.hpp"

namespace rvscope {

class ExecutionHistory {
 public:
  // A debugger's single step of hart h at the current position (stepping holds interrupts
  // off, so it is repeated as it was, not as a run would do it).
  using StepFn = std::function<void(unsigned hart)>;
  // Runs the machine forward by at most the given number of instructions; false when it
  // could not go on (the guest ended).
  using RunFn = std::function<bool(u64 max_insns)>;

  // window_insns 0 disables the history.
  ExecutionHistory(Machine& machine, u64 window_insns);

  bool enabled() const { return window_ != 0 && machine_.num_harts() == 1; }
  // The oldest position reachable; only meaningful when a checkpoint exists.
  u64 begin() const { return checkpoints_.empty() ? 0 : checkpoints_.front().position; }
  bool empty() const { return checkpoints_.empty(); }
  // The position at which a continue should pause for checkpoint_if_due.
  u64 next_due() const;
  // Takes a checkpoint at the current position when the last one is an interval behind (or
  // there is none); drops those that fell out of the window.
  void checkpoint_if_due();
  // Called before the session single-steps hart h at the current position.
  void record_step(unsigned hart);
  // Restores the latest checkpoint at or before `target` and re-executes up to it
  // (begin() <= target <= the current position), repeating recorded steps with `step` and
  // running with `run`.
  // `from` picks an older checkpoint to start from (a position checkpoint_positions() gave).
  void replay(u64 target, const StepFn& step, const RunFn& run,
              std::optional<u64> from = std::nullopt);
  // Forgets what lies after the current position: what runs next is a new future.
  void truncate_after_current();
  // Checkpoints from the newest back, for a backwards search: their positions.
  std::vector<u64> checkpoint_positions() const;

  static constexpr u64 kMinInterval = 100'000;

 private:
  using Page = std::array<u8, 4096>;
  struct Checkpoint {
    u64 position = 0;
    MachineState state;                              // everything but RAM
    std::vector<std::shared_ptr<const Page>> pages;  // nullptr: a zero page
  };
  struct Step {
    u64 position = 0;
    unsigned hart = 0;
  };
  void restore(const Checkpoint& c);

  Machine& machine_;
  u64 window_;
  u64 interval_;
  std::vector<Checkpoint> checkpoints_;  // oldest first
  std::vector<Step> steps_;              // in order, all at or after the oldest checkpoint
};

}  // namespace rvscope
