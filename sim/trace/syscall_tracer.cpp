// SyscallTracer: prints syscalls as `strace -f` does, from the ThreadTracker's records.
#include "sim/trace/syscall_tracer.hpp"

#include <fmt/format.h>

#include "sim/common/error.hpp"
#include "sim/common/syscall_table.hpp"
#include "sim/trace/strace_format.hpp"
#include "sim/trace/syscall_decoder.hpp"

namespace rvscope::trace {
namespace {

// strace pads to this column before " = ".
constexpr std::size_t kReturnColumn = 39;

std::string thread_prefix(const ThreadInfo& thread) {
  return fmt::format("[pid {:>5}] ", thread.label());
}

}  // namespace

std::string strace_entry_text(const GuestView& view, const SyscallRecord& record) {
  return thread_prefix(*record.thread) +
         format_syscall_entry(GuestMemory(view, record.entry_hart), record.args);
}

SyscallTracer::~SyscallTracer() { flush(); }

void SyscallTracer::resume_open_line(u64 seq, std::string text) {
  open_seq_ = seq;
  line_ = std::move(text);
  column_ = line_.size();
}

void SyscallTracer::put(std::string_view text) {
  line_ += text;
  column_ += text.size();
}

// One write per line: guest console output sharing the terminal can come between two
// lines, never inside one.
void SyscallTracer::end_line(std::string_view tail) {
  line_ += tail;
  line_ += '\n';
  out_->write(line_.data(), static_cast<std::streamsize>(line_.size()));
  line_.clear();
  ++lines_written_;
}

void SyscallTracer::start_line(const ThreadInfo& thread) {
  column_ = 0;
  put(thread_prefix(thread));
}

void SyscallTracer::close_open_line() {
  if (open_seq_ == 0) return;
  end_line(" <unfinished ...>");
  open_seq_ = 0;
}

void SyscallTracer::flush() {
  close_open_line();
  out_->flush();
}

void SyscallTracer::on_syscall_entry(const SyscallRecord& record) {
  const u64 nr = record.args.number;
  if (!shown(nr)) return;
  close_open_line();
  column_ = 0;
  put(strace_entry_text(*view_, record));
  if (syscall_never_returns(nr)) {
    put(")");
    if (column_ < kReturnColumn) put(std::string(kReturnColumn - column_, ' '));
    end_line(" = ?");
    return;
  }
  open_seq_ = record.seq;
}

void SyscallTracer::on_thread_exit(const ThreadInfo& thread, u64 status) {
  close_open_line();
  start_line(thread);
  end_line(fmt::format("+++ exited with {} +++", status & 0xff));
}

void SyscallTracer::on_thread_killed(const ThreadInfo& thread, u64 signal, bool core_dumped) {
  close_open_line();
  start_line(thread);
  end_line(fmt::format("+++ killed by {}{} +++", format_signal(signal),
                       core_dumped ? " (core dumped)" : ""));
}

void SyscallTracer::on_signal(const ThreadInfo& thread, unsigned, const SignalInfo& signal) {
  close_open_line();
  start_line(thread);
  end_line("--- " + format_signal(signal.signo) + " " +
           format_siginfo(signal.signo, signal.code, signal.field0, signal.field1) + " ---");
}

void SyscallTracer::on_syscall_exit(const SyscallRecord& record) {
  const u64 nr = record.args.number;
  if (!shown(nr)) return;
  if (open_seq_ != record.seq) {
    close_open_line();
    start_line(*record.thread);
    put(fmt::format("<... {} resumed>", syscall_name(nr)));
  }
  open_seq_ = 0;
  put(format_syscall_exit(GuestMemory(*view_, record.exit_hart), record.args, record.ret));
  if (column_ < kReturnColumn) put(std::string(kReturnColumn - column_, ' '));
  put(" = " + (record.killed ? std::string("?") : format_syscall_return(nr, record.ret)));
  if (options_.show_cycles && !record.killed) {
    const u64 cycles = record.exit_cycles - record.entry_cycles;
    // Instructions are per hart: a syscall that migrated has no meaningful count.
    if (record.exit_hart == record.entry_hart) {
      put(fmt::format(" <{} cycles, {} insns>", cycles,
                      record.exit_instret - record.entry_instret));
    } else {
      put(fmt::format(" <{} cycles, ? insns>", cycles));
    }
  }
  end_line("");
}

}  // namespace rvscope::trace
