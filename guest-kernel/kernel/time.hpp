// Platform time: the `time` CSR as CLOCK_MONOTONIC, CLOCK_REALTIME a fixed offset from it.
#pragma once

#include "kernel/kernel.hpp"

namespace starlet {

// No RTC is assumed: the realtime clock starts at 2026-01-01T00:00:00Z on every boot,
// which keeps runs deterministic.
constexpr u64 kRealtimeEpochNs = 1767225600ull * 1000000000ull;

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
