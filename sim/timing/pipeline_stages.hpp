// The cycles one instruction spent in each part of the in-order pipeline, recovered from the
// pipeline's state before and after it issued (for the pipeline view).
#pragma once

#include <array>

#include "sim/common/events.hpp"
#include "sim/timing/hart_pipeline.hpp"

namespace rvscope::timing {

struct InstructionStages {
  u64 fetch_start = 0;  // the front end began fetching it (after any redirect)
  u64 delivered = 0;    // fetched: fetch_start plus instruction cache and ITLB misses
  u64 issue = 0;        // the cycle it issued in
  u64 done = 0;         // its result is ready (what a dependent instruction waits for)
  std::array<u64, kNumStallCauses> waits{};  // the cycles it waited, per cause
  // Fetch went down a path it then abandoned: a mispredict, or a refill (xRET, fence.i,
  // sfence.vma). Fetch restarts at redirect_at.
  StallCause redirect = StallCause::kNone;
  u64 redirect_at = 0;
};

// A trap or interrupt: the instruction at epc was in the front end when it was taken and is
// discarded; the handler's first fetch waits until refill_at.
struct TrapStages {
  u64 at = 0;
  u64 refill_at = 0;
};

// What `after` (the pipeline just after retire_as(event)) and the probe taken just before it
// say about that instruction.
InstructionStages stages_of(const IssueProbe& before, const HartPipeline& after,
                            const RetireEvent& event);
TrapStages trap_stages_of(const IssueProbe& before, const HartPipeline& after);

}  // namespace rvscope::timing
