// The events a hart reports to observers (timing model, tracers, gdb) when someone listens.
// Plain structs: observers read them and never change architectural state.
#pragma once

#include <array>

#include "sim/common/types.hpp"

namespace rvscope {

// How the timing model charges an instruction. One per instruction-table row.
enum class TimingClass : u8 {
  kAlu,
  kBranch,  // conditional branch
  kJump,    // jal / jalr (calls and returns are told apart by registers)
  kLoad,
  kStore,
  kMul,
  kDiv,
  kFpAdd,  // add/sub/compare/min/max/sign-injection/move/convert
  kFpMul,
  kFpFma,
  kFpDiv,
  kFpSqrt,
  kFpLoad,
  kFpStore,
  kCsr,
  kAmo,
  kLrSc,
  kFence,
  kFenceI,
  kSfenceVma,
  kSystem,  // ecall, ebreak, wfi
  kXret,    // mret, sret
};
inline constexpr std::size_t kNumTimingClasses = static_cast<std::size_t>(TimingClass::kXret) + 1;

// Register numbers in events: 0..31 are x0..x31, 32..63 are f0..f31.
inline constexpr u8 kNoReg = 0xff;
inline constexpr u8 kFpRegBase = 32;

struct MemAccess {
  u64 vaddr = 0;
  u64 paddr = 0;
  u64 value = 0;  // value loaded or stored (low `size` bytes)
  u8 size = 0;    // 1, 2, 4 or 8
  bool is_store = false;
  bool is_mmio = false;
};

struct CsrWrite {
  u16 csr = 0;
  u64 value = 0;
};

// One retired instruction. Filled only while an observer asks for every instruction.
struct RetireEvent {
  unsigned hart = 0;
  Priv priv = Priv::kMachine;  // privilege the instruction executed in
  u64 pc = 0;
  u32 bits = 0;     // raw encoding (16 bits for compressed)
  u8 length = 4;    // 2 or 4
  u16 insn_id = 0;  // row of the instruction table
  TimingClass timing_class = TimingClass::kAlu;
  u8 rd = kNoReg, rs1 = kNoReg, rs2 = kNoReg, rs3 = kNoReg;
  bool rd_written = false;  // false for rd = x0
  u64 rd_value = 0;
  u8 num_csr_writes = 0;
  std::array<CsrWrite, 3> csr_writes{};
  u8 num_mem = 0;  // AMOs report the load, then the store
  std::array<MemAccess, 2> mem{};
  bool is_branch = false;  // conditional branches only
  bool taken = false;
  u64 next_pc = 0;                  // where execution continues (the target for jumps/xRET)
  Priv next_priv = Priv::kMachine;  // privilege after this instruction (differs for xRET)
  u64 instret = 0;                  // this hart's retired count including this one
};

// A trap or interrupt being taken: the instruction at epc did not retire (or, for an
// interrupt, was not started).
struct TrapEvent {
  unsigned hart = 0;
  bool interrupt = false;
  u64 cause = 0;  // exception code without the interrupt bit
  u64 tval = 0;
  u64 epc = 0;
  Priv from = Priv::kMachine;
  Priv to = Priv::kMachine;
  u64 handler_pc = 0;
  u32 bits = 0;  // the trapping instruction's encoding when known (ecall etc.)
  u64 a7 = 0;    // x17 when the trap was taken: the syscall number of an ecall
};

// How much an observer needs to hear right now. Only kEveryInstruction slows the hart down.
enum class ObserveLevel : u8 { kNone = 0, kTrapsAndXret = 1, kEveryInstruction = 2 };

class HartObserver;
// An observer's entry point for the retire events of one timing class.
using RetireHandler = void (*)(HartObserver& observer, const RetireEvent& event);

// Implemented by whoever listens. Called from the hart's run loops only.
class HartObserver {
 public:
  virtual ~HartObserver() = default;
  virtual void on_retire(const RetireEvent& event) = 0;
  virtual void on_trap(const TrapEvent& event) = 0;
  // Optionally, a function that handles only the events of one class, as on_retire would. The
  // threaded loop calls it from a call site of each instruction's own, so the host predicts
  // each class's code apart. nullptr: on_retire hears them.
  virtual RetireHandler retire_handler(TimingClass) { return nullptr; }
};

// Where a hart's cycle count comes from when a timing model runs (mcycle/cycle read it, and
// mtime follows it). Without one, a hart counts one cycle per instruction.
class CycleSource {
 public:
  virtual ~CycleSource() = default;
  virtual u64 cycles(unsigned hart) const = 0;
  // The hart idles (WFI) for `cycles` while simulated time jumps ahead.
  virtual void idle(unsigned hart, u64 cycles) = 0;
};

}  // namespace rvscope
