// ProvenanceRecorder (--why): records the kernel path of the asked-for syscalls and explains
// their return values.
#include "sim/trace/provenance_recorder.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/trace/strace_format.hpp"
#include "sim/trace/syscall_decoder.hpp"

namespace rvscope::trace {
namespace {
constexpr unsigned kA0 = 10;
}  // namespace

ProvenanceRecorder::ProvenanceRecorder(const GuestView& view, std::ostream& out, WhyContext context,
                                       WhyOptions options)
    : view_(&view), out_(&out), context_(std::move(context)), options_(std::move(options)) {}

ProvenanceRecorder::HartLog* ProvenanceRecorder::active_log(unsigned hart) {
  auto it = logs_.find(hart);
  return it == logs_.end() || it->second.recorded.empty() ? nullptr : &it->second;
}

void ProvenanceRecorder::trim(HartLog& log) {
  if (log.recorded.empty()) {
    log.steps.clear();
    return;
  }
  std::size_t start = open_.at(log.recorded.front()).start;
  if (start > 0 && start >= log.steps.size() - start) {
    log.steps.erase(log.steps.begin(), log.steps.begin() + static_cast<std::ptrdiff_t>(start));
    for (u64 seq : log.recorded) open_.at(seq).start -= start;
    start = 0;
  }
  log.limit = start + options_.max_steps;
}

void ProvenanceRecorder::drop_overlong(HartLog& log) {
  if (log.steps.size() < log.limit) return;
  bool dropped = false;
  while (!log.recorded.empty()) {
    Occurrence& oldest = open_.at(log.recorded.front());
    if (log.steps.size() - oldest.start < options_.max_steps) break;
    oldest.dropped = true;
    log.recorded.erase(log.recorded.begin());
    --recorded_;
    dropped = true;
  }
  if (dropped) trim(log);
}

void ProvenanceRecorder::on_syscall_entry(const SyscallRecord& record) {
  const u64 nr = record.args.number;
  if (!options_.record.empty() && !options_.record.count(nr)) return;
  if (syscall_never_returns(nr)) return;
  HartLog& log = logs_[record.entry_hart];
  if (log.recorded.empty()) {
    // The registers were not followed since the last recording here: read them afresh.
    log.steps.clear();
    log.depth.reset();
    for (unsigned r = 0; r < 32; ++r) log.regs[r] = view_->read_reg(record.entry_hart, r);
  }
  log.recorded.push_back(record.seq);
  ++recorded_;
  open_[record.seq] = {record.entry_hart, log.steps.size(), false};
  if (log.recorded.size() == 1) log.limit = log.steps.size() + options_.max_steps;
}

void ProvenanceRecorder::on_trap(const TrapEvent& event) {
  HartLog* log = active_log(event.hart);
  if (log == nullptr) return;
  drop_overlong(*log);
  if (log->recorded.empty()) return;
  SliceStep step;
  step.pc = event.epc;
  step.is_trap = true;
  step.depth = log->depth.depth();
  log->depth.on_trap();
  log->steps.push_back(step);
}

void ProvenanceRecorder::on_retire(const RetireEvent& e) {
  HartLog* log = active_log(e.hart);
  if (log == nullptr) return;
  drop_overlong(*log);
  if (log->recorded.empty()) return;
  SliceStep s;
  s.pc = e.pc;
  s.bits = e.bits;
  s.timing_class = e.timing_class;
  s.rd = e.rd;
  s.rs1 = e.rs1;
  s.rs2 = e.rs2;
  s.rd_written = e.rd_written;
  s.rd_value = e.rd_value;
  if (e.rs1 < 32) s.rs1_value = log->regs[e.rs1];
  if (e.rs2 < 32) s.rs2_value = log->regs[e.rs2];
  s.num_mem = e.num_mem;
  s.mem = e.mem;
  s.is_branch = e.is_branch;
  s.taken = e.taken;
  s.depth = log->depth.depth();
  log->depth.on_retire(e);
  if (e.rd_written && e.rd > 0 && e.rd < 32) log->regs[e.rd] = e.rd_value;
  log->steps.push_back(s);
}

void ProvenanceRecorder::print(const std::vector<std::string>& lines) {
  for (const std::string& line : lines) *out_ << line << '\n';
}

void ProvenanceRecorder::on_syscall_exit(const SyscallRecord& record) {
  auto it = open_.find(record.seq);
  if (it == open_.end()) return;
  const Occurrence occ = it->second;
  HartLog& log = logs_[occ.hart];
  if (!occ.dropped) {
    log.recorded.erase(std::find(log.recorded.begin(), log.recorded.end(), record.seq));
    --recorded_;
  }
  const bool explain = !record.killed && (options_.every_call || is_error_return(record.ret));
  if (explain) {
    if (record.exit_hart != occ.hart) {
      print({fmt::format("  why: not recorded (the call went from hart {} to hart {})", occ.hart,
                         record.exit_hart)});
    } else if (occ.dropped) {
      print({fmt::format("  why: not recorded (the path is longer than {} instructions)",
                         options_.max_steps)});
    } else if (log.regs[kA0] != record.ret) {
      // A signal handler was entered on the way out: a0 is its argument, not the result.
      print({"  why: not explained (the return value went to a signal frame)"});
    } else {
      const auto steps = std::span<const SliceStep>(log.steps).subspan(occ.start);
      print(explain_return(steps, context_));
    }
  }
  open_.erase(record.seq);
  trim(log);
}

}  // namespace rvscope::trace
