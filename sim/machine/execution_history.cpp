// ExecutionHistory: checkpoints share unchanged RAM pages; re-execution cuts runs exactly at
// the recorded steps, which on one hart gives the same instructions as the original run.
#include "sim/machine/execution_history.hpp"

#include <algorithm>
#include <cstring>

#include "sim/common/error.hpp"

namespace rvscope {

ExecutionHistory::ExecutionHistory(Machine& machine, u64 window_insns)
    : machine_(machine),
      window_(window_insns),
      interval_(std::max<u64>(window_insns / 8, kMinInterval)) {}

u64 ExecutionHistory::next_due() const {
  if (checkpoints_.empty()) return machine_.total_executed();
  return checkpoints_.back().position + interval_;
}

void ExecutionHistory::checkpoint_if_due() {
  if (!enabled()) return;
  const u64 now = machine_.total_executed();
  if (!checkpoints_.empty() && now < next_due()) return;
  Checkpoint c;
  c.position = now;
  c.state = machine_.save_state(false);
  c.state.origin = "the reverse-execution history";
  const Ram& ram = machine_.bus().ram();
  const u64 pages = ram.size() / sizeof(Page);
  c.pages.resize(pages);
  static const Page kZero{};
  const Checkpoint* last = checkpoints_.empty() ? nullptr : &checkpoints_.back();
  for (u64 p = 0; p < pages; ++p) {
    const u8* now_bytes = ram.data() + p * sizeof(Page);
    const std::shared_ptr<const Page>& before = last != nullptr ? last->pages[p] : nullptr;
    const u8* before_bytes = before ? before->data() : kZero.data();
    if (last != nullptr && std::memcmp(now_bytes, before_bytes, sizeof(Page)) == 0) {
      c.pages[p] = before;
    } else if (std::memcmp(now_bytes, kZero.data(), sizeof(Page)) != 0) {
      auto page = std::make_shared<Page>();
      std::memcpy(page->data(), now_bytes, sizeof(Page));
      c.pages[p] = std::move(page);
    }
  }
  checkpoints_.push_back(std::move(c));
  // Keep the newest checkpoint that is at least a window old: positions back to it remain
  // reachable, so the history covers the whole window.
  while (checkpoints_.size() > 1 && checkpoints_[1].position + window_ <= now) {
    checkpoints_.erase(checkpoints_.begin());
  }
  std::erase_if(steps_, [&](const Step& s) { return s.position < begin(); });
}

void ExecutionHistory::record_step(unsigned hart) {
  if (!enabled()) return;
  steps_.push_back({machine_.total_executed(), hart});
}

void ExecutionHistory::restore(const Checkpoint& c) {
  machine_.restore_state(c.state);
  static const Page kZero{};
  for (u64 p = 0; p < c.pages.size(); ++p) {
    machine_.restore_ram_page(p, c.pages[p] ? c.pages[p]->data() : kZero.data());
  }
}

void ExecutionHistory::replay(u64 target, const StepFn& step, const RunFn& run,
                              std::optional<u64> from) {
  const u64 start = from.value_or(target);
  if (checkpoints_.empty() || start < begin() || start > target) {
    fail("reverse execution: position {} is before the history (which begins at {})", start,
         begin());
  }
  auto c = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), start,
                            [](u64 t, const Checkpoint& cp) { return t < cp.position; });
  restore(*std::prev(c));
  const auto run_to = [&](u64 position) {
    while (machine_.total_executed() < position) {
      if (!run(position - machine_.total_executed())) return false;
    }
    return true;
  };
  for (const Step& s : steps_) {
    const u64 now = machine_.total_executed();
    if (s.position < now || s.position >= target) continue;
    if (!run_to(s.position)) return;
    step(s.hart);
  }
  run_to(target);
}

void ExecutionHistory::truncate_after_current() {
  const u64 now = machine_.total_executed();
  while (checkpoints_.size() > 1 && checkpoints_.back().position > now) checkpoints_.pop_back();
  std::erase_if(steps_, [&](const Step& s) { return s.position >= now; });
}

std::vector<u64> ExecutionHistory::checkpoint_positions() const {
  std::vector<u64> out;
  for (auto it = checkpoints_.rbegin(); it != checkpoints_.rend(); ++it)
    out.push_back(it->position);
  return out;
}

}  // namespace rvscope
