// SyscallTracer: prints syscalls as `strace -f` does, from the ThreadTracker's records.
#pragma once

#include <ostream>
#include <set>
#include <string>
#include <string_view>

#include "sim/common/syscall_table.hpp"  // parse_strace_filter
#include "sim/trace/guest_view.hpp"
#include "sim/trace/thread_tracker.hpp"

namespace rvscope::trace {

struct StraceOptions {
  std::set<u64> only;        // syscall numbers to show; empty shows all
  bool show_cycles = false;  // --strace-cycles: append " <C cycles, I insns>"
};

// "[pid    42] read(3, ": how a syscall's line starts, as its entry prints it (the thread's
// label as it is at the entry).
std::string strace_entry_text(const GuestView& view, const SyscallRecord& record);

// Lines look like strace -f's, each prefixed with the thread: `[pid    42] write(1, "hi\n",
// 3) = 3`, return values aligned at column 40, `<unfinished ...>` / `<... NAME resumed>`
// when another thread's line comes between a syscall's entry and its return, and
// `+++ exited with N +++` after exit/exit_group. Each line is written whole, in one write,
// once it ends (a syscall's entry waits for its return or for another line).
class SyscallTracer final : public ThreadListener {
 public:
  SyscallTracer(const GuestView& view, std::ostream& out, StraceOptions options = {})
      : view_(&view), out_(&out), options_(std::move(options)) {}
  ~SyscallTracer() override;

  void on_syscall_entry(const SyscallRecord& record) override;
  void on_syscall_exit(const SyscallRecord& record) override;
  // Printed whatever the filter, as strace does.
  void on_thread_exit(const ThreadInfo& thread, u64 status) override;
  // "+++ killed by SIGSEGV (core dumped) +++", when the parent's wait4 tells.
  void on_thread_killed(const ThreadInfo& thread, u64 signal, bool core_dumped) override;
  // "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=2, si_uid=0} ---"
  void on_signal(const ThreadInfo& thread, unsigned hart, const SignalInfo& signal) override;
  // Ends a line left open (call at the end of the run).
  void flush();
  // Starts with the line of syscall `seq` open, as a tracer that saw its entry (with
  // `text`, from strace_entry_text) and nothing printed since would be; before any event.
  void resume_open_line(u64 seq, std::string text);
  const std::set<u64>& filter() const { return options_.only; }
  // Lines written so far (a line left open is not yet written).
  u64 lines_written() const { return lines_written_; }

 private:
  bool shown(u64 number) const { return options_.only.empty() || options_.only.count(number); }
  void start_line(const ThreadInfo& thread);
  void close_open_line();
  void put(std::string_view text);
  void end_line(std::string_view tail);

  const GuestView* view_;
  std::ostream* out_;
  StraceOptions options_;
  u64 open_seq_ = 0;  // the syscall whose line waits for its return; 0 when none
  std::size_t column_ = 0;
  std::string line_;  // the line being built, written whole when it ends
  u64 lines_written_ = 0;
};

}  // namespace rvscope::trace
