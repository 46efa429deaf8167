// Dynamic backward slicing over a recorded stretch of one hart's retired instructions: where
// a value came from (through registers and memory) and which branch let its maker run.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <vector>

#include "sim/common/events.hpp"

namespace rvscope::trace {

// One recorded instruction (or a trap taken, which enters a handler like a call).
struct SliceStep {
  u64 pc = 0;
  u32 bits = 0;
  TimingClass timing_class = TimingClass::kAlu;
  u8 rd = kNoReg, rs1 = kNoReg, rs2 = kNoReg;
  bool rd_written = false;
  u64 rd_value = 0;
  u64 rs1_value = 0, rs2_value = 0;  // integer sources' values before the instruction ran
  u8 num_mem = 0;
  std::array<MemAccess, 2> mem{};
  bool is_branch = false;
  bool taken = false;
  bool is_trap = false;
  int depth = 0;  // call depth it ran at, relative to the start of the recording
};

// Call depth bookkeeping for a recorder: jal/jalr linking ra or t0 call, jalr x0 through ra
// or t0 returns; a trap enters a handler (+1, counted by the recorder) and sret leaves it.
int depth_change(const RetireEvent& event);

// Where a value came from.
struct ValueOrigin {
  enum class Kind : u8 {
    kMade,       // steps[made] computed it (a constant, arithmetic, a CSR read...)
    kLoaded,     // steps[made] loaded it from memory no recorded store wrote
    kAssembled,  // steps[made] is the last of narrower stores that built it in memory
    kAtStart,    // it was in register `reg` when the recording started
  };
  Kind kind = Kind::kMade;
  std::size_t made = 0;  // valid unless kAtStart
  u8 reg = kNoReg;       // kAtStart
  // The copies it went through on its way to the use, oldest first (moves, stores, loads).
  std::vector<std::size_t> route;
};

// The origin of integer register `reg`'s value as steps[use] read it (use may be
// steps.size(): the value at the end of the recording). Follows copies only: a move, a
// store and the load of the same bytes, a sign/zero extension that did not change it.
ValueOrigin trace_value(std::span<const SliceStep> steps, std::size_t use, u8 reg);

// The conditional branch that decided whether steps[index] ran: the last one executed
// before it in the same function activation, or, when the activation ran none, the last one
// before the call that entered it (and so on outwards). Nullopt if no branch precedes it.
std::optional<std::size_t> deciding_branch(std::span<const SliceStep> steps, std::size_t index);

// True when steps[index] writes a register from no register but x0 (li, lui, c.li...).
bool makes_constant(const SliceStep& step);

}  // namespace rvscope::trace
