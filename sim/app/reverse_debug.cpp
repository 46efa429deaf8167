// ReverseDebug: re-execution runs with gdb's poll off (a replay is not a run gdb can
// interrupt) and ends where the present was, so forward execution afterwards is unchanged.
#include "sim/app/reverse_debug.hpp"

namespace rvscope {

using gdb::StopEvent;
using GdbStop = gdb::StopReason;

ReverseDebug::ReverseDebug(Machine& machine, DebugBridge& bridge, u64 window_insns,
                           ExecutionHistory::StepFn step)
    : machine_(machine), bridge_(bridge), history_(machine, window_insns), step_(std::move(step)) {}

void ReverseDebug::before_step(unsigned hart) {
  history_.truncate_after_current();
  history_.record_step(hart);
}

void ReverseDebug::before_run() { history_.truncate_after_current(); }

void ReverseDebug::go_to(u64 position) {
  machine_.set_console_muted(true);
  bridge_.set_checks_enabled(false);
  history_.replay(position, step_, [this](u64 n) {
    bridge_.forget_breakpoint_stops();
    return !machine_.run_for(n);
  });
  bridge_.set_checks_enabled(true);
  bridge_.forget_breakpoint_stops();
  machine_.set_console_muted(false);
}

StopEvent ReverseDebug::at_history_begin(unsigned hart) {
  if (!history_.empty() && machine_.total_executed() != history_.begin()) go_to(history_.begin());
  StopEvent event{GdbStop::kStep, hart};
  event.history_begin = true;
  return event;
}

StopEvent ReverseDebug::reverse_step(unsigned hart) {
  const u64 now = machine_.total_executed();
  if (history_.empty() || now <= history_.begin()) return at_history_begin(hart);
  go_to(now - 1);
  return StopEvent{GdbStop::kStep, hart};
}

std::vector<ReverseDebug::Hit> ReverseDebug::hits_between(u64 checkpoint, u64 end) {
  std::vector<Hit> hits;
  // A recorded step at a breakpoint: the original run stopped there, then gdb stepped off it.
  const auto step = [&](unsigned h) {
    if (bridge_.stops_here(h))
      hits.push_back({machine_.total_executed(), h, bridge_.take_watch_hit()});
    bridge_.take_syscall_stop(h);
    step_(h);
  };
  const auto run = [&](u64 n) {
    bridge_.forget_breakpoint_stops();
    if (machine_.run_for(n)) return false;
    const std::optional<unsigned> h = machine_.stopped_hart();
    if (!h) return true;
    hits.push_back({machine_.total_executed(), *h, bridge_.take_watch_hit()});
    bridge_.take_syscall_stop(*h);
    // On past the hit as the original run went: one instruction of a run, unchecked.
    bridge_.set_checks_enabled(false);
    bridge_.forget_breakpoint_stops();
    const bool going = !machine_.run_for(1);
    bridge_.set_checks_enabled(true);
    return going;
  };
  machine_.set_console_muted(true);
  history_.replay(end, step, run, checkpoint);
  machine_.set_console_muted(false);
  return hits;
}

StopEvent ReverseDebug::reverse_continue(unsigned hart) {
  const u64 now = machine_.total_executed();
  if (history_.empty() || now <= history_.begin()) return at_history_begin(hart);
  u64 end = now;
  for (const u64 checkpoint : history_.checkpoint_positions()) {
    if (checkpoint >= now) continue;
    const std::vector<Hit> hits = hits_between(checkpoint, end);
    if (!hits.empty()) {
      const Hit& last = hits.back();
      go_to(last.position);
      StopEvent event{GdbStop::kBreakpoint, last.hart};
      if (last.watch) {
        event.reason = GdbStop::kWatchpoint;
        event.watch = last.watch->kind;
        event.watch_addr = last.watch->addr;
      }
      return event;
    }
    end = checkpoint;
  }
  return at_history_begin(hart);
}

}  // namespace rvscope
