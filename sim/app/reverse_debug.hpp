// ReverseDebug: gdb's bs and bc on top of ExecutionHistory: a reverse step re-executes to the
// previous instruction; a reverse continue re-executes each checkpoint interval, newest first,
// with the breakpoints and watchpoints armed, and goes to the last hit before the present.
#pragma once

#include <functional>
#include <optional>

#include "sim/app/debug_bridge.hpp"
#include "sim/gdb/debug_target.hpp"
#include "sim/machine/execution_history.hpp"

namespace rvscope {

class ReverseDebug {
 public:
  // `step` is the session's single step (interrupts held off), repeated as recorded.
  ReverseDebug(Machine& machine, DebugBridge& bridge, u64 window_insns,
               ExecutionHistory::StepFn step);

  bool enabled() const { return history_.enabled(); }
  // At every stop gdb sees, and at the checkpoint pauses of a continue.
  void checkpoint() { history_.checkpoint_if_due(); }
  u64 next_checkpoint() const { return history_.next_due(); }
  // Before a forward step of hart h, and before any forward run: the future changes.
  void before_step(unsigned hart);
  void before_run();

  gdb::StopEvent reverse_step(unsigned hart);
  gdb::StopEvent reverse_continue(unsigned hart);

 private:
  struct Hit {
    u64 position = 0;
    unsigned hart = 0;
    std::optional<DebugBridge::WatchHit> watch;
  };
  void go_to(u64 position);
  std::vector<Hit> hits_between(u64 checkpoint, u64 end);
  gdb::StopEvent at_history_begin(unsigned hart);

  Machine& machine_;
  DebugBridge& bridge_;
  ExecutionHistory history_;
  ExecutionHistory::StepFn step_;
};

}  // namespace rvscope
