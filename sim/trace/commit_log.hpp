// CommitLog: the instruction trace, in Spike's commit-log format or annotated, inside windows.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/common/events.hpp"
#include "sim/trace/guest_view.hpp"
#include "sim/trace/thread_tracker.hpp"
#include "sim/trace/trace_window.hpp"

namespace rvscope::trace {

enum class CommitFormat : u8 {
  // Spike --log-commits, byte for byte; traps are not printed (as Spike). With a GuestView,
  // writes to sstatus/sie/sip print as Spike logs them (c768_mstatus, c772_mie, c836_mip
  // with the full value) and mret/sret show their mstatus update.
  kSpike,
  kAnnotated,  // privilege, thread, symbol+offset, disassembly, values, vaddr->paddr, traps
};

// Parses "spike" or "annotated"; throws SimError otherwise.
CommitFormat parse_commit_format(std::string_view name);

struct CommitLogDeps {
  const GuestView* view = nullptr;         // annotated: thread lookups
  const SymbolLookup* symbols = nullptr;   // annotated: symbol+offset (optional)
  Disassembler disassemble;                // annotated: disassembly (optional)
  const ThreadTracker* threads = nullptr;  // annotated: thread labels (optional)
};

// Register the log's window_listener() with the ThreadTracker when syscall windows are used,
// and deliver each RetireEvent to the log *before* the tracker sees it and each TrapEvent
// *after* (TraceSession does this), so a syscall window includes its ecall and its sret.
class CommitLog final : public HartObserver {
 public:
  CommitLog(std::ostream& out, CommitFormat format, std::vector<TraceWindow> windows,
            CommitLogDeps deps = {});

  void on_retire(const RetireEvent& event) override;
  void on_trap(const TrapEvent& event) override;
  ThreadListener& window_listener() { return windows_; }
  EventDemand demand() const { return windows_.demand(); }
  const WindowState& windows() const { return windows_; }

  // The annotated text of one instruction or trap (no newline); public for tests.
  std::string annotate(const RetireEvent& event);
  std::string annotate(const TrapEvent& event);

 private:
  std::string thread_label(unsigned hart) const;
  std::string symbolize(u64 pc);

  std::ostream* out_;
  CommitFormat format_;
  WindowState windows_;
  CommitLogDeps deps_;
  std::optional<Symbol> last_symbol_;
  std::string
      line_;  // reused for every Spike line  // the function of the previous line, reused in a run
};

}  // namespace rvscope::trace
