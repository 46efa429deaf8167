// Instruction-trace windows: which parts of a run the commit log records, and when the run
// loop needs to deliver events at all.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/common/events.hpp"
#include "sim/trace/guest_view.hpp"
#include "sim/trace/thread_tracker.hpp"

namespace rvscope::trace {

// One `--trace` window spec:
//   all              every instruction
//   syscall:NAME|NR  each occurrence of that syscall, from the user ecall through the
//                    kernel's whole path (interrupts taken meanwhile included) to the sret
//                    back to user mode; for clone/clone3 also until the child's first return
//                    to user mode; for exit/exit_group until the hart next returns to user
//   symbol:NAME      while pc is inside the function [address, address + size) (so callees
//                    are not included: use pc: ranges or syscall: windows for whole paths)
//   pc:A-B           while A <= pc < B (hex with 0x, or decimal)
//   insn:N-M         the hart's Nth to Mth retired instruction, inclusive, counted from 1
struct TraceWindow {
  enum class Kind : u8 { kAll, kSyscall, kSymbol, kPcRange, kInsnRange };
  Kind kind = Kind::kAll;
  std::string spec;  // as written, for messages
  u64 syscall = 0;
  u64 lo = 0;
  u64 hi = 0;
};

// Parses a comma-separated list of specs; throws SimError naming the bad spec (and the
// unknown syscall or symbol) before the run starts. `symbols` may be null when no symbol
// table is loaded; symbol: specs then fail. `origin` starts each message: the option
// ("--trace") or the config file's "FILE:LINE: trace.windows:".
std::vector<TraceWindow> parse_trace_windows(std::string_view specs, const SymbolLookup* symbols,
                                             std::string_view origin = "--trace");

// What the run loop must deliver to the observers right now:
//   kNone          nothing: run the plain loop
//   kTrapsAndXret  every TrapEvent, and RetireEvents of xRET instructions only
//                  (TimingClass::kXret); the rest may be skipped
//   kAll           every event
enum class EventDemand : u8 { kNone = 0, kTrapsAndXret = 1, kAll = 2 };
inline EventDemand max_demand(EventDemand a, EventDemand b) { return a > b ? a : b; }

// The open/closed state of a set of windows. Listens to the ThreadTracker for syscall
// windows; a syscall window opens at the ecall's TrapEvent and closes after its sret's
// RetireEvent (so both are inside).
class WindowState final : public ThreadListener {
 public:
  explicit WindowState(std::vector<TraceWindow> windows);

  bool empty() const { return windows_.empty(); }
  bool retire_in_window(const RetireEvent& event);
  bool trap_in_window(const TrapEvent& event) const;
  EventDemand demand() const;
  // The smallest N of the insn:N-M windows when those are the only windows needing every
  // event: the machine may run the plain loop until a hart's instret reaches N - 1.
  std::optional<u64> first_instret() const;

  void on_syscall_entry(const SyscallRecord& record) override;
  void on_syscall_exit(const SyscallRecord& record) override;
  void on_thread_start(const ThreadInfo& thread, unsigned hart) override;
  void on_thread_switch(unsigned hart, const ThreadInfo* from, const ThreadInfo& to) override;

 private:
  struct Occurrence {
    u64 seq = 0;
    unsigned hart = 0;
    bool returned = false;       // the caller is back in user mode
    bool child_pending = false;  // clone/clone3: the child has not reached user mode yet
    bool until_user = false;     // exit/exit_group: ends when the hart next enters user mode
  };
  void prune();
  void end_until_user(unsigned hart);

  std::vector<TraceWindow> windows_;
  bool has_static_ = false;  // all/symbol/pc/insn windows
  bool only_insn_static_ = true;
  std::vector<u64> syscalls_;
  std::vector<Occurrence> open_;
  std::vector<bool> last_retire_logged_;  // per hart, for trap lines of static windows
};

}  // namespace rvscope::trace
