// The strace pipeline's state in a snapshot (section STRC): the thread table and what an
// open strace line needs, and the observer a saving run keeps it with.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "sim/common/events.hpp"
#include "sim/trace/guest_view.hpp"
#include "sim/trace/strace_resume.hpp"
#include "sim/trace/thread_tracker.hpp"

namespace rvscope::trace {

inline constexpr char kStraceSectionTag[] = "STRC";
// The section's own layout version, its first four bytes.
inline constexpr u32 kStraceStateVersion = 1;

// u32 version, ThreadTracker::save_state, StraceContinuity::save_state.
std::vector<u8> save_strace_state(const ThreadTracker& tracker, const StraceContinuity& continuity);
// Replaces both states; a SimError naming `what` ("snapshot 'f.snap', section STRC") when
// the bytes are truncated, malformed or of another version. `harts`: the machine's.
void restore_strace_state(std::span<const u8> bytes, const std::string& what, unsigned harts,
                          ThreadTracker& tracker, StraceContinuity& continuity);

// A saving run (--save-at) follows the guest's threads from its start, with or without
// --strace, so that its snapshot can carry the STRC section. It needs only syscall traps
// and sret retirements (ObserveLevel::kTrapsAndXret) and prints nothing.
class StraceRecorder final : public HartObserver {
 public:
  explicit StraceRecorder(const GuestView& view) : tracker_(view), continuity_(view) {
    tracker_.add_listener(&continuity_);
  }
  void on_retire(const RetireEvent& event) override { tracker_.on_retire(event); }
  void on_trap(const TrapEvent& event) override { tracker_.on_trap(event); }

  // Continues from a restored snapshot's STRC section.
  void restore(std::span<const u8> bytes, const std::string& what, unsigned harts) {
    restore_strace_state(bytes, what, harts, tracker_, continuity_);
  }
  std::vector<u8> save() const { return save_strace_state(tracker_, continuity_); }

 private:
  ThreadTracker tracker_;
  StraceContinuity continuity_;
};

}  // namespace rvscope::trace
