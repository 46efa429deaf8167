// StopPoints: breakpoint and watchpoint sets with the run loop's checks.
#include "sim/gdb/stop_points.hpp"

#include <algorithm>

namespace rvscope::gdb {

namespace {
// Inclusive last byte, saturating so a range reaching the top of the address space works.
u64 last_byte(u64 addr, u64 len) { return len > ~0ull - addr ? ~0ull : addr + len - 1; }
}  // namespace

bool StopPoints::add_breakpoint(BreakpointKind kind, u64 pc) {
  Counts& counts = breakpoints_[pc];
  ++(kind == BreakpointKind::kSoftware ? counts.software : counts.hardware);
  return true;
}

bool StopPoints::remove_breakpoint(BreakpointKind kind, u64 pc) {
  const auto it = breakpoints_.find(pc);
  if (it == breakpoints_.end()) return false;
  unsigned& count = kind == BreakpointKind::kSoftware ? it->second.software : it->second.hardware;
  if (count == 0) return false;
  --count;
  if (it->second.software == 0 && it->second.hardware == 0) breakpoints_.erase(it);
  return true;
}

bool StopPoints::add_watchpoint(WatchKind kind, u64 addr, u64 len) {
  if (len == 0) return false;
  for (Watch& w : watchpoints_) {
    if (w.kind == kind && w.addr == addr && w.len == len) {
      ++w.count;
      return true;
    }
  }
  watchpoints_.push_back({kind, addr, len, 1});
  return true;
}

bool StopPoints::remove_watchpoint(WatchKind kind, u64 addr, u64 len) {
  const auto it = std::find_if(watchpoints_.begin(), watchpoints_.end(), [&](const Watch& w) {
    return w.kind == kind && w.addr == addr && w.len == len;
  });
  if (it == watchpoints_.end()) return false;
  if (--it->count == 0) watchpoints_.erase(it);
  return true;
}

void StopPoints::clear() {
  breakpoints_.clear();
  watchpoints_.clear();
}

std::optional<BreakpointKind> StopPoints::breakpoint_at(u64 pc) const {
  const auto it = breakpoints_.find(pc);
  if (it == breakpoints_.end()) return std::nullopt;
  return it->second.software > 0 ? BreakpointKind::kSoftware : BreakpointKind::kHardware;
}

std::optional<StopPoints::WatchHit> StopPoints::check_access(u64 addr, u64 size,
                                                             bool is_store) const {
  if (size == 0) return std::nullopt;
  const u64 access_last = last_byte(addr, size);
  for (const Watch& w : watchpoints_) {
    const bool kind_matches =
        w.kind == WatchKind::kAccess || (w.kind == WatchKind::kWrite) == is_store;
    if (!kind_matches) continue;
    if (addr <= last_byte(w.addr, w.len) && w.addr <= access_last) {
      return WatchHit{w.kind, std::max(addr, w.addr)};
    }
  }
  return std::nullopt;
}

}  // namespace rvscope::gdb
