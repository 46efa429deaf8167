// ProvenanceRecorder (--why): records the kernel path of the asked-for syscalls and, when one
// returns, prints under its strace line where the returned value came from.
#pragma once

#include <array>
#include <map>
#include <ostream>
#include <set>
#include <vector>

#include "sim/common/events.hpp"
#include "sim/trace/backward_slice.hpp"
#include "sim/trace/thread_tracker.hpp"
#include "sim/trace/why_report.hpp"

namespace rvscope::trace {

struct WhyOptions {
  std::set<u64> record;             // syscalls whose path is recorded; empty: every syscall
  bool every_call = false;          // explain each recorded call, not only the failing ones
  std::size_t max_steps = 1 << 18;  // per call; a longer path is reported as not recorded
};

// Recording is armed per hart from a recorded syscall's ecall to its sret (wanted() says
// when the run loop must deliver every instruction); the rest of the run needs only traps
// and xRET. The recorder keeps its own copy of the integer registers (read at the ecall,
// then updated from each retirement), so every step carries its sources' values.
//
// Event order (TraceSession keeps it): on_retire before the ThreadTracker sees the event (so
// the closing sret is recorded), on_trap after it (so the ecall opened the recording), and
// this listener after the SyscallTracer (so the explanation follows the strace line).
class ProvenanceRecorder final : public ThreadListener {
 public:
  ProvenanceRecorder(const GuestView& view, std::ostream& out, WhyContext context,
                     WhyOptions options);

  void on_retire(const RetireEvent& event);
  void on_trap(const TrapEvent& event);
  bool recording() const { return recorded_ > 0; }

  void on_syscall_entry(const SyscallRecord& record) override;
  void on_syscall_exit(const SyscallRecord& record) override;

 private:
  // One hart's recording: the calls in progress there share it (a call that blocks lets
  // other threads' calls run on the hart meanwhile), each from its own start.
  struct HartLog {
    std::vector<SliceStep> steps;
    std::array<u64, 32> regs{};
    CallDepth depth;
    std::vector<u64> recorded;  // seqs of the calls being recorded here, oldest first
    std::size_t limit = 0;      // steps.size() at which the oldest one's path is too long
  };
  struct Occurrence {
    unsigned hart = 0;
    std::size_t start = 0;
    bool dropped = false;  // its path grew past max_steps: no longer recorded
  };
  HartLog* active_log(unsigned hart);
  // Keeps each call's path within max_steps: the oldest call whose path grew past it (one
  // that blocks) is dropped, so the calls after it are still explained.
  void drop_overlong(HartLog& log);
  // After the oldest recorded call changed: its limit, and the steps before its start
  // forgotten once they are most of the log (so forgetting costs O(1) a step).
  void trim(HartLog& log);
  void print(const std::vector<std::string>& lines);

  const GuestView* view_;
  std::ostream* out_;
  WhyContext context_;
  WhyOptions options_;
  std::map<unsigned, HartLog> logs_;
  std::map<u64, Occurrence> open_;  // syscall seq -> where its recording starts
  std::size_t recorded_ = 0;        // calls being recorded, on every hart
};

}  // namespace rvscope::trace
