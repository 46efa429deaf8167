// DebugBridge: the machine as the gdb stub sees it (gdb::DebugTarget): registers, memory
// through the debug walk, breakpoints and watchpoints checked by the machine, and the
// monitor commands (strace, trace, stop-at-syscall, stats, phys).
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "sim/app/tracing.hpp"
#include "sim/gdb/debug_target.hpp"
#include "sim/machine/machine.hpp"

namespace rvscope {

class DebugBridge final : public gdb::DebugTarget {
 public:
  DebugBridge(Machine& machine, const TraceConfig& trace_defaults);
  ~DebugBridge() override;

  // ---- gdb::DebugTarget ----
  unsigned num_harts() const override { return machine_.num_harts(); }
  bool has_fpu() const override { return true; }
  std::vector<gdb::CsrInfo> csrs() const override;
  bool read_register(unsigned hart, unsigned regno, u64& value) override;
  bool write_register(unsigned hart, unsigned regno, u64 value) override;
  bool read_memory(unsigned hart, u64 addr, std::span<u8> out) override;
  bool write_memory(unsigned hart, u64 addr, std::span<const u8> data) override;
  bool set_breakpoint(gdb::BreakpointKind kind, u64 pc) override;
  bool clear_breakpoint(gdb::BreakpointKind kind, u64 pc) override;
  bool set_watchpoint(gdb::WatchKind kind, u64 addr, u64 len) override;
  bool clear_watchpoint(gdb::WatchKind kind, u64 addr, u64 len) override;
  std::string monitor(std::string_view command) override;
  bool can_reverse() const override { return reverse_; }

  // ---- for the debug session's run loop ----
  struct WatchHit {
    unsigned hart = 0;
    gdb::WatchKind kind = gdb::WatchKind::kWrite;
    u64 addr = 0;
  };
  std::optional<WatchHit> take_watch_hit();
  // Whether the hart stopped on the ecall of the syscall named by `stop-at-syscall`, and
  // which syscall (for the console message).
  std::optional<std::string> take_syscall_stop(unsigned hart);
  void clear_all();  // detach: no breakpoints, watchpoints or syscall stop remain
  // Call before the harts run again. Hart::last_stop() keeps saying kBreakpoint after a
  // breakpoint stop until the observed loop runs again; a hart resumed on the fast loop (no
  // breakpoint armed any more: after `delete` or detach) would look as if it stopped at once.
  void forget_breakpoint_stops();
  // Reverse execution: whether gdb is offered bs/bc; re-execution runs with the checks off
  // (going to a position) or on (searching backwards for the last hit).
  void set_reverse(bool on) { reverse_ = on; }
  void set_checks_enabled(bool on) {
    checks_enabled_ = on;
    update_hooks();
  }
  // Whether a breakpoint or watchpoint stops hart h before the instruction at its pc (a
  // watchpoint hit is then waiting in take_watch_hit).
  bool stops_here(unsigned hart);

 private:
  struct Watch {
    gdb::WatchKind kind;
    u64 addr, len;
  };
  static bool check_pc(void* self, unsigned hart, u64 pc);
  bool syscall_stop_here(unsigned hart, u64 pc);
  bool watch_hit_here(unsigned hart, u64 pc);
  void update_hooks();
  std::string monitor_trace(std::string_view args, bool strace);

  Machine& machine_;
  TraceConfig trace_defaults_;
  std::multiset<u64> breakpoints_;
  std::vector<Watch> watches_;
  std::optional<WatchHit> watch_hit_;
  std::optional<u64> stop_syscall_;  // number; ~0 = any
  std::string stop_syscall_name_;
  std::vector<std::optional<std::string>> syscall_stopped_;  // per hart
  bool physical_ = false;
  bool reverse_ = false;
  bool checks_enabled_ = true;
  std::unique_ptr<Tracing> strace_, trace_;
};

}  // namespace rvscope
