// Functional warming, per timing class: what an instruction teaches the instruction cache, the
// TLBs, the data caches and the predictors, without the issue rule. Included where it is called,
// as the issue rule is, so that a sampled run's warming costs one call per instruction.
#pragma once

#include "sim/timing/hart_pipeline.hpp"

namespace rvscope::timing {

template <TimingClass kClass>
inline void HartPipeline::warm_as(const RetireEvent& e) {
  started_ = true;
  issued_ = issue_width_;  // the next detailed instruction opens a group of its own
  ++stats_.functional_instructions;
  if (fetch_line(e) != last_fetch_line_) front_end(e);
  if (e.num_mem != 0) {
    const bool xlate = translated(e.priv);
    constexpr bool kExclusive = kClass == TimingClass::kAmo || kClass == TimingClass::kLrSc;
    for (unsigned i = 0; i < e.num_mem && i < e.mem.size(); ++i) {
      const MemAccess& a = e.mem[i];
      if (a.is_mmio) continue;
      if (xlate) memory_.translate_data(a.vaddr, asid_);
      memory_.data(a.paddr, a.is_store, kExclusive);
    }
  }
  if constexpr (changes_flow(kClass)) {
    control_flow(e, cycle_);
    fetch_ready_ = 0;  // a redirect belongs to the untimed past
  }
  if (e.num_csr_writes != 0) note_csr_writes(e);
}

}  // namespace rvscope::timing
