// Device: a memory-mapped peripheral. Offsets are relative to the device's base address.
#pragma once

#include <string_view>

#include "sim/common/state_stream.hpp"
#include "sim/common/types.hpp"

namespace rvscope {

class Device {
 public:
  virtual ~Device() = default;
  virtual std::string_view name() const = 0;
  // size is 1, 2, 4 or 8. Returning false means an access fault (bad offset or width).
  virtual bool read(u64 offset, unsigned size, u64& value) = 0;
  virtual bool write(u64 offset, unsigned size, u64 value) = 0;
  // A debugger's read: the value read() would return, with none of its side effects (no
  // FIFO pop, no interrupt claim). False when the device cannot tell without them; the
  // debugger then reports the address as inaccessible.
  virtual bool peek(u64 /*offset*/, unsigned /*size*/, u64& /*value*/) { return false; }
  // Devices with time: called by the machine at batch boundaries with the current mtime.
  virtual void tick(u64 /*mtime*/) {}
  // The mtime at which this device next needs a tick (a timer compare), or UINT64_MAX.
  virtual u64 next_event(u64 /*mtime*/) const { return ~0ull; }
  // Snapshots: every bit of state a run depends on. The default says "not supported", so a
  // snapshot of a machine with such a device fails naming it instead of losing its state; a
  // device without state overrides it to write nothing. restore_state reads what
  // save_state wrote (SimError if it does not fit this device) and raises no interrupt: the
  // harts' pending bits are restored with the harts.
  virtual bool save_state(StateWriter& /*out*/) const { return false; }
  virtual void restore_state(StateReader& in) {
    fail("{}: device {} cannot restore a snapshot", in.what(), name());
  }
};

// Interrupt lines into the harts: devices raise or lower a mip bit of one hart.
// Implemented by the machine; the bit numbers are mip's (1 SSIP, 3 MSIP, 5 STIP, 7 MTIP,
// 9 SEIP, 11 MEIP).
class InterruptSink {
 public:
  virtual ~InterruptSink() = default;
  virtual void set_interrupt(unsigned hart, unsigned mip_bit, bool level) = 0;
};

// The simulated clock as devices see it: mtime ticks, derived from simulated cycles.
class TimeSource {
 public:
  virtual ~TimeSource() = default;
  virtual u64 mtime() const = 0;
};

}  // namespace rvscope
