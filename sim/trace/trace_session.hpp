// TraceSession: the one observer the machine registers for --strace, --trace and --timeline.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>

#include "sim/common/events.hpp"
#include "sim/trace/commit_log.hpp"
#include "sim/trace/guest_view.hpp"
#include "sim/trace/provenance_recorder.hpp"
#include "sim/trace/syscall_tracer.hpp"
#include "sim/trace/thread_tracker.hpp"
#include "sim/trace/timeline.hpp"
#include "sim/trace/trace_window.hpp"

namespace rvscope::trace {

// What the command line asked for; a null stream turns that output off.
struct TraceOptions {
  std::ostream* strace_out = nullptr;             // --strace[=LIST]: stderr or --strace-output
  std::string strace_filter;                      // LIST: "clone3,write"; empty for all
  std::string strace_filter_origin = "--strace";  // who gave the LIST, for its errors
  bool strace_cycles = false;                     // --strace-cycles
  std::ostream* commit_out = nullptr;             // --trace-output FILE
  std::string commit_format = "spike";            // --trace-format spike|annotated
  std::string windows = "all";                    // --trace WINDOW[,WINDOW...]
  std::string windows_origin = "--trace";         // who gave the windows, for their errors
  std::ostream* timeline_out = nullptr;           // --timeline FILE.json
  double core_hz = 1e6;                           // timeline: cycles -> microseconds
  bool why = false;                               // --why[=LIST] (needs strace_out)
  std::string why_filter;             // LIST: explain every call of these; empty: failures
  const LineLookup* lines = nullptr;  // source lines for --why; null: symbols only
};

// Builds and wires the tracers. The constructor validates every option (unknown syscall or
// symbol names, bad ranges) and throws SimError before the run starts.
//
// For speed, the machine asks demand() whenever it (re)enters its run loop and after each
// observed batch:
//   kNone          -> plain loop, no events at all
//   kTrapsAndXret  -> deliver every TrapEvent and the RetireEvents of xRET instructions
//                     (syscall tracing, the timeline and closed syscall windows need no more)
//   kAll           -> every event (a window is open, or an all/pc/symbol/insn window exists,
//                     or --why records a syscall in progress)
// quiet_until_instret() says how long a run with only insn:N-M windows may stay plain.
class TraceSession final : public HartObserver {
 public:
  TraceSession(const GuestView& view, const SymbolLookup* symbols, Disassembler disassemble,
               const TraceOptions& options);
  ~TraceSession() override;

  void on_retire(const RetireEvent& event) override;
  void on_trap(const TrapEvent& event) override;

  EventDemand demand() const;
  std::optional<u64> quiet_until_instret() const;
  // Ends open strace lines and closes the timeline's JSON. Idempotent.
  void finish();

  const ThreadTracker* threads() const { return tracker_.get(); }

  // A run restored from a snapshot starts from its STRC section (strace_snapshot.hpp): the
  // thread table, and the strace line left open at the point, so that every line from
  // there on is the uninterrupted run's. Call before the first event.
  void restore_threads(std::span<const u8> strace_state, const std::string& what, unsigned harts);
  // Lines --strace has written so far; nullopt without --strace.
  std::optional<u64> strace_lines() const;

 private:
  const GuestView* view_;
  std::unique_ptr<ThreadTracker> tracker_;
  std::unique_ptr<SyscallTracer> strace_;
  std::unique_ptr<CommitLog> commit_;
  std::unique_ptr<Timeline> timeline_;
  std::unique_ptr<ProvenanceRecorder> why_;
};

}  // namespace rvscope::trace
