// TraceSession: the one observer the machine registers for --strace, --trace and --timeline.
#include "sim/trace/trace_session.hpp"

#include "sim/common/error.hpp"
#include "sim/trace/strace_snapshot.hpp"

namespace rvscope::trace {

TraceSession::TraceSession(const GuestView& view, const SymbolLookup* symbols,
                           Disassembler disassemble, const TraceOptions& options)
    : view_(&view) {
  std::optional<CommitFormat> format;
  std::vector<TraceWindow> windows;
  if (options.commit_out) {
    format = parse_commit_format(options.commit_format);
    windows = parse_trace_windows(options.windows.empty() ? "all" : options.windows, symbols,
                                  options.windows_origin);
  }
  StraceOptions strace_options;
  if (options.strace_out) {
    strace_options.only = parse_strace_filter(options.strace_filter, options.strace_filter_origin);
    strace_options.show_cycles = options.strace_cycles;
  }
  // Threads are needed for syscalls, the timeline, syscall windows and annotated labels.
  tracker_ = std::make_unique<ThreadTracker>(view);
  if (options.strace_out) {
    strace_ = std::make_unique<SyscallTracer>(view, *options.strace_out, strace_options);
    tracker_->add_listener(strace_.get());
  }
  if (options.why) {
    if (!options.strace_out) fail("--why explains syscalls that --strace prints: add --strace");
    WhyOptions why;
    why.every_call = !options.why_filter.empty();
    why.record = strace_options.only;
    if (why.every_call) {
      // Only calls --strace prints can be explained under their line.
      std::set<u64> asked = parse_strace_filter(options.why_filter, "--why");
      if (!why.record.empty()) {
        std::erase_if(asked, [&](u64 nr) { return !why.record.count(nr); });
        if (asked.empty()) {
          if (options.strace_filter_origin == "--strace") {
            fail("--why={}: none of these syscalls is in --strace={}", options.why_filter,
                 options.strace_filter);
          }
          fail("--why={}: none of these syscalls is in the syscall filter '{}' ({})",
               options.why_filter, options.strace_filter, options.strace_filter_origin);
        }
      }
      why.record = std::move(asked);
    }
    why_ = std::make_unique<ProvenanceRecorder>(
        view, *options.strace_out, WhyContext{symbols, options.lines, disassemble}, why);
    tracker_->add_listener(why_.get());  // after the strace listener: under its line
  }
  if (format) {
    CommitLogDeps deps{&view, symbols, std::move(disassemble), tracker_.get()};
    commit_ = std::make_unique<CommitLog>(*options.commit_out, *format, std::move(windows),
                                          std::move(deps));
    tracker_->add_listener(&commit_->window_listener());
  }
  if (options.timeline_out) {
    timeline_ = std::make_unique<Timeline>(*options.timeline_out, view, options.core_hz);
    tracker_->add_listener(timeline_.get());
  }
}

TraceSession::~TraceSession() { finish(); }

void TraceSession::restore_threads(std::span<const u8> strace_state, const std::string& what,
                                   unsigned harts) {
  StraceContinuity continuity(*view_);
  restore_strace_state(strace_state, what, harts, *tracker_, continuity);
  if (!strace_) return;
  if (auto open = continuity.open_line(strace_->filter())) {
    strace_->resume_open_line(open->seq, std::move(open->text));
  }
}

std::optional<u64> TraceSession::strace_lines() const {
  if (!strace_) return std::nullopt;
  return strace_->lines_written();
}

void TraceSession::on_retire(const RetireEvent& event) {
  if (commit_) commit_->on_retire(event);  // before the tracker may close a window
  if (why_) why_->on_retire(event);        // the closing sret belongs to the recording
  tracker_->on_retire(event);
}

void TraceSession::on_trap(const TrapEvent& event) {
  tracker_->on_trap(event);  // before the log, so a syscall window shows its ecall
  if (why_) why_->on_trap(event);
  if (commit_) commit_->on_trap(event);
  if (timeline_) timeline_->on_trap(event);
}

EventDemand TraceSession::demand() const {
  EventDemand demand = EventDemand::kNone;
  if (strace_ || timeline_) demand = EventDemand::kTrapsAndXret;
  if (commit_) demand = max_demand(demand, commit_->demand());
  if (why_ && why_->recording()) demand = EventDemand::kAll;
  return demand;
}

std::optional<u64> TraceSession::quiet_until_instret() const {
  if (!commit_) return std::nullopt;
  auto first = commit_->windows().first_instret();
  if (!first) return std::nullopt;
  return *first - 1;
}

void TraceSession::finish() {
  if (strace_) strace_->flush();
  if (timeline_) timeline_->finish();
}

}  // namespace rvscope::trace
