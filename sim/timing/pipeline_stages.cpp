// Stage cycles from two probes: the issue rule (hart_pipeline_issue.inl) moves an instruction
// first to the front end's redirect, then past fetch misses, then past operand, pipe and unit
// waits, charging each delay to one stall cause; the probes' differences undo that walk.
#include "sim/timing/pipeline_stages.hpp"

#include <algorithm>

namespace rvscope::timing {
namespace {
constexpr auto kFetchIndex = static_cast<std::size_t>(StallCause::kFetch);
}  // namespace

InstructionStages stages_of(const IssueProbe& before, const HartPipeline& after,
                            const RetireEvent& event) {
  const IssueProbe now = after.probe();
  InstructionStages s;
  for (std::size_t c = 0; c < kNumStallCauses; ++c) {
    s.waits[c] = now.stall_cycles[c] - before.stall_cycles[c];
  }
  // A redirect's cause is never kFetch, so the fetch counter holds exactly the misses.
  s.fetch_start = std::max(before.group_start, before.fetch_ready);
  s.delivered = s.fetch_start + s.waits[kFetchIndex];
  s.issue = after.issue_cycle();
  s.done = after.reg_ready(event.rd);
  const bool flushing =
      now.fetch_cause == StallCause::kMispredict || now.fetch_cause == StallCause::kRefill;
  if (flushing && now.fetch_ready > before.fetch_ready && now.fetch_ready > s.issue) {
    s.redirect = now.fetch_cause;
    s.redirect_at = now.fetch_ready;
  }
  return s;
}

TrapStages trap_stages_of(const IssueProbe& before, const HartPipeline& after) {
  return {std::max(before.group_start, before.fetch_ready), after.probe().fetch_ready};
}

}  // namespace rvscope::timing
