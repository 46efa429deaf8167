// Platform time: the `time` CSR as CLOCK_MONOTONIC, CLOCK_REALTIME an offset from it set at boot.
#pragma once

#include "kernel/kernel.hpp"

namespace starlet {

// Without an RTC the realtime clock starts at 2026-01-01T00:00:00Z on every boot.
constexpr u64 kDefaultRealtimeEpochNs = 1767225600ull * 1000000000ull;

// Reads the goldfish RTC at rtc_base (0: none) so CLOCK_REALTIME starts at its time.
void time_init(u64 rtc_base);
u64 monotonic_ns();
// Converts an absolute time on a clock (0 realtime, else monotonic) into a rdtime deadline.
u64 deadline_from_abs(u64 abs_ns, bool realtime);
u64 deadline_from_rel(u64 rel_ns);

struct KTimespec {
  i64 sec, nsec;
};
// Reads a user timespec: 0, -EFAULT or -EINVAL (negative or nsec out of range).
long get_timespec_ns(u64 uts, u64* out_ns);

}  // namespace starlet
