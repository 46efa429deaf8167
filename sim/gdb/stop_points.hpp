// StopPoints: the breakpoints and watchpoints gdb asked for, kept for the machine, with the
// checks its run loop makes (a PC before executing, an access range before it happens).
#pragma once

#include <optional>
#include <unordered_map>
#include <vector>

#include "sim/gdb/debug_target.hpp"

namespace rvscope::gdb {

// A ready-made container for DebugTarget's set/clear calls; the machine may use it or keep its
// own. Inserts at the same place are counted and need as many removals.
class StopPoints {
 public:
  struct WatchHit {
    WatchKind kind = WatchKind::kWrite;
    u64 addr = 0;  // first watched byte the access touches: what the stop reply reports
  };

  bool add_breakpoint(BreakpointKind kind, u64 pc);
  bool remove_breakpoint(BreakpointKind kind, u64 pc);     // false if not present
  bool add_watchpoint(WatchKind kind, u64 addr, u64 len);  // false for len 0
  bool remove_watchpoint(WatchKind kind, u64 addr, u64 len);
  void clear();

  bool empty() const { return breakpoints_.empty() && watchpoints_.empty(); }
  bool has_breakpoints() const { return !breakpoints_.empty(); }
  bool has_watchpoints() const { return !watchpoints_.empty(); }

  // The breakpoint at pc, if any (software reported first when both kinds are set).
  std::optional<BreakpointKind> breakpoint_at(u64 pc) const;
  // The first watchpoint that a load (is_store false) or store of [addr, addr + size) triggers.
  std::optional<WatchHit> check_access(u64 addr, u64 size, bool is_store) const;

 private:
  struct Counts {
    unsigned software = 0;
    unsigned hardware = 0;
  };
  struct Watch {
    WatchKind kind;
    u64 addr;
    u64 len;
    unsigned count;
  };

  std::unordered_map<u64, Counts> breakpoints_;
  std::vector<Watch> watchpoints_;
};

}  // namespace rvscope::gdb
