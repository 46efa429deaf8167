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

// The call depth of one hart's recorded path, from a shadow stack of the return addresses
// its calls linked: a jal/jalr writing ra or t0 calls; a jump without link returns when it
// goes to one of those addresses (as deep as it lands: a longjmp leaves several frames),
// and is a plain jump otherwise. So Linux's `la ra, ret_from_exception; jr t0` into a
// handler, a computed `jr a5` into unrolled code or a tail call do not unbalance it, as
// counting every `jr t0` or `ret` would. A trap enters a handler that only an xRET leaves.
class CallDepth {
 public:
  int depth() const { return static_cast<int>(frames_.size()); }
  void reset() { frames_.clear(); }
  void on_trap() { frames_.push_back({0, true}); }
  void on_retire(const RetireEvent& event);

 private:
  struct Frame {
    u64 return_pc = 0;
    bool trap = false;
  };
  std::vector<Frame> frames_;
};

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

// The conditional branch that decided that the value steps[index] made is the one its
// function activation goes on with:
// - a value made ahead of its checks: compilers hoist the error code above the branches that
//   return it (Linux's clone3 runs `li a0,-22`, then each rule of clone3_args_valid branches
//   to the return or falls through to the next rule; `err = -ENOMEM; p = kmalloc(..);
//   if (!p) goto out;` does the same around a call). When the activation's next control
//   transfer after steps[index] is a conditional branch, the decision is the first of the
//   branches that follow which was taken, or the last of them when none was, up to the first
//   jump or return (where the paths join);
// - otherwise (`if (check) return -E;` compiled as a branch to the li, then a jump to the
//   return), the last branch executed before steps[index] in the same activation, or, when
//   the activation ran none, the last one before the call that entered it (and outwards).
// Calls made meanwhile and traps taken are skipped. Nullopt if there is no branch either way.
std::optional<std::size_t> deciding_branch(std::span<const SliceStep> steps, std::size_t index);

// True when steps[index] writes a register from no register but x0 (li, lui, c.li...).
bool makes_constant(const SliceStep& step);

}  // namespace rvscope::trace
