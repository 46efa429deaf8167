// The STRC section: a version, then the thread tracker's and the continuity's states.
#include "sim/trace/strace_snapshot.hpp"

#include "sim/common/error.hpp"
#include "sim/common/state_stream.hpp"

namespace rvscope::trace {

std::vector<u8> save_strace_state(const ThreadTracker& tracker,
                                  const StraceContinuity& continuity) {
  StateWriter out;
  out.bytes().reserve(4096);  // a few threads and calls; also spares GCC 12 a false warning
  out.put<u32>(kStraceStateVersion);
  tracker.save_state(out);
  continuity.save_state(out);
  return std::move(out.bytes());
}

void restore_strace_state(std::span<const u8> bytes, const std::string& what, unsigned harts,
                          ThreadTracker& tracker, StraceContinuity& continuity) {
  StateReader in(bytes, what);
  const u32 version = in.get<u32>();
  if (version != kStraceStateVersion) {
    fail("{}: strace state version {}, this rvscope reads version {}", what, version,
         kStraceStateVersion);
  }
  tracker.restore_state(in, harts);
  continuity.restore_state(in);
  in.expect_end();
}

}  // namespace rvscope::trace
