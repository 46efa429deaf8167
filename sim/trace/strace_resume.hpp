// StraceContinuity: what a syscall tracer started at a snapshot point needs in order to
// print exactly the lines an uninterrupted tracer prints from there on, whatever its filter.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "sim/common/state_stream.hpp"
#include "sim/trace/guest_view.hpp"
#include "sim/trace/thread_tracker.hpp"

namespace rvscope::trace {

// A SyscallTracer prints a syscall's entry only when the call returns or another line comes
// first, so at any point it may hold one line open: its latest shown call in progress, when
// it has printed nothing since that call's entry. Which call that is depends on the filter
// (--strace=LIST), so this listener keeps, for every filter at once: the entry text of each
// call in progress, and when each syscall number and each unfiltered line (thread exits,
// kills, signals) last printed. It formats each entry once; it prints nothing.
class StraceContinuity final : public ThreadListener {
 public:
  explicit StraceContinuity(const GuestView& view) : view_(&view) {}

  void on_syscall_entry(const SyscallRecord& record) override;
  void on_syscall_exit(const SyscallRecord& record) override;
  // Every filter prints these.
  void on_thread_exit(const ThreadInfo&, u64) override { unfiltered_line(); }
  void on_thread_killed(const ThreadInfo&, u64, bool) override { unfiltered_line(); }
  void on_signal(const ThreadInfo&, unsigned, const SignalInfo&) override { unfiltered_line(); }

  struct OpenLine {
    u64 seq = 0;       // the call's SyscallRecord::seq
    std::string text;  // its line so far: strace_entry_text at its entry
  };
  // The line a SyscallTracer showing `only` (empty: every syscall) has open now, if any.
  std::optional<OpenLine> open_line(const std::set<u64>& only) const;
  std::size_t pending() const { return pending_.size(); }

  void save_state(StateWriter& out) const;
  // Replaces the state; a SimError naming `in.what()` and the field when malformed.
  void restore_state(StateReader& in);

 private:
  struct Entry {
    u64 number = 0;
    u64 mark = 0;
    std::string text;
  };
  void unfiltered_line() { last_unfiltered_ = ++mark_; }

  const GuestView* view_;
  u64 mark_ = 0;                  // counts the events that print a line under some filter
  std::map<u64, Entry> pending_;  // seq -> a call in progress (never-returning ones excluded)
  std::map<u64, u64> last_mark_;  // syscall number -> mark of its last entry or exit
  u64 last_unfiltered_ = 0;       // mark of the last thread exit, kill or signal
};

}  // namespace rvscope::trace
