// Timeline: a Chrome/Perfetto trace-event JSON file of harts, threads, syscalls and traps.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <string_view>

#include "sim/common/events.hpp"
#include "sim/trace/guest_view.hpp"
#include "sim/trace/thread_tracker.hpp"

namespace rvscope::trace {

// JSON string body escaping (quotes, backslashes, control characters as \u00XX).
std::string json_escape(std::string_view text);

// Layout (open in ui.perfetto.dev or chrome://tracing):
//   pid 1 "harts":          tid = hart number; slices "[42]" while a thread runs in user
//                           mode there (from one return to user mode to the next switch),
//                           instants for every trap and interrupt
//   pid 2 "guest threads":  tid = the thread's ordinal; named "tid 42" (or "#3" when the
//                           TID was never learnt); a complete slice ("X") per syscall with
//                           its strace text, an instant for a never-returning one
// Timestamps are simulated cycles converted at `core_hz` (default: 1 cycle = 1 us), so
// runs are deterministic. Every string is escaped. The JSON is complete once finish() ran
// (the destructor calls it), and on a seekable stream after every event as well.
class Timeline final : public HartObserver, public ThreadListener {
 public:
  Timeline(std::ostream& out, const GuestView& view, double core_hz = 1e6);
  ~Timeline() override;

  void on_retire(const RetireEvent&) override {}
  void on_trap(const TrapEvent& event) override;
  void on_syscall_entry(const SyscallRecord& record) override;
  void on_syscall_exit(const SyscallRecord& record) override;
  void on_thread_start(const ThreadInfo& thread, unsigned hart) override;
  void on_thread_switch(unsigned hart, const ThreadInfo* from, const ThreadInfo& to) override;
  void on_signal(const ThreadInfo& thread, unsigned hart, const SignalInfo& signal) override;
  // Closes open slices, names the tracks and ends the JSON. Idempotent.
  void finish();

 private:
  struct Running {
    const ThreadInfo* thread = nullptr;
    u64 since = 0;  // cycles
  };
  std::string ts(u64 cycles) const;
  std::string ts_dur(u64 start, u64 end) const;
  void emit(const std::string& event_json);
  void close_running(unsigned hart, u64 now);
  void name_hart(unsigned hart);
  void name_thread(const ThreadInfo& thread);

  std::ostream* out_;
  const GuestView* view_;
  double us_per_cycle_;
  bool first_ = true;
  bool finished_ = false;
  u64 last_cycles_ = 0;
  std::map<unsigned, Running> running_;           // hart -> thread in user mode there
  std::map<u64, std::string> entry_text_;         // syscall seq -> strace text at entry
  std::map<unsigned, std::string> thread_names_;  // ordinal -> name last emitted
  std::map<unsigned, bool> harts_;                // harts named so far
};

}  // namespace rvscope::trace
