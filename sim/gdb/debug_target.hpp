// DebugTarget: what the gdb stub needs from the machine (registers, memory, breakpoints,
// watchpoints, monitor commands), plus the stop and resume vocabulary between them.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/common/types.hpp"

namespace rvscope::gdb {

// Register numbers as gdb's RISC-V target description and riscv-tdep number them; p/P packets
// and DebugTarget::read_register use these.
inline constexpr unsigned kRegX0 = 0;  // x0..x31 = 0..31
inline constexpr unsigned kRegPc = 32;
inline constexpr unsigned kRegF0 = 33;                       // f0..f31 = 33..64
inline constexpr unsigned kRegCsrBase = 65;                  // CSR n = 65 + n
inline constexpr unsigned kRegFflags = kRegCsrBase + 0x001;  // 66
inline constexpr unsigned kRegFrm = kRegCsrBase + 0x002;     // 67
inline constexpr unsigned kRegFcsr = kRegCsrBase + 0x003;    // 68
inline constexpr unsigned kRegPriv = kRegCsrBase + 4096;     // 4161, the virtual register
inline constexpr unsigned kNumGprs = 32;
inline constexpr unsigned kNumFprs = 32;

// Width in bytes of a register on the wire: fflags/frm/fcsr are 32-bit, everything else 64.
constexpr unsigned register_bytes(unsigned regno) {
  return (regno >= kRegFflags && regno <= kRegFcsr) ? 4 : 8;
}

struct CsrInfo {
  u16 number = 0;
  std::string name;  // as the ISA manual spells it: "mstatus", "satp", ...
};

// Software and hardware breakpoints behave the same here: the machine compares PCs before
// executing an instruction; nothing is ever written into guest memory.
enum class BreakpointKind : u8 { kSoftware, kHardware };
enum class WatchKind : u8 { kWrite, kRead, kAccess };

enum class StopReason : u8 {
  kTrap,        // plain SIGTRAP: the initial stop, stop-at-syscall, a guest ebreak
  kStep,        // a single step completed
  kBreakpoint,  // PC matched a breakpoint, before the instruction executed
  kWatchpoint,  // an access matched a watchpoint, before the access happened
  kInterrupt,   // gdb's Ctrl-C (poll_interrupt returned true)
  kExited,      // the guest finished; exit_code says how
};

struct StopEvent {
  StopReason reason = StopReason::kTrap;
  unsigned hart = 0;                                      // index from 0; gdb sees thread hart + 1
  BreakpointKind breakpoint = BreakpointKind::kSoftware;  // for kBreakpoint
  WatchKind watch = WatchKind::kWrite;                    // for kWatchpoint
  u64 watch_addr = 0;                                     // the accessed address
  int exit_code = 0;                                      // for kExited
  // Console text gdb shows before it reports the stop (sent as `O` packets), to say why a
  // stop happened when the stop reply cannot: "rvscope: hart 0 stopped at the user ecall of
  // clone3 (a7 = 435)\n". Only sent while gdb waits for a stop reply.
  std::string message{};
  // Reverse execution reached the oldest position of its history ("replaylog:begin").
  bool history_begin = false;
};

// What the machine does when on_stop returns.
struct ResumeAction {
  enum class Kind : u8 {
    kContinue,         // run the harts until a breakpoint, watchpoint, interrupt or exit
    kStep,             // execute exactly one instruction on `hart` (others stay put), then stop
    kDetach,           // gdb is gone: breakpoints are cleared; run on without a debugger
    kKill,             // gdb asked to kill the guest: end the simulation
    kReverseStep,      // bs: undo the last instruction of `hart`
    kReverseContinue,  // bc: run backwards to the last breakpoint or watchpoint hit
  };
  Kind kind = Kind::kContinue;
  unsigned hart = 0;  // for kStep, and for kContinue when single_hart
  // kContinue of one hart only (gdb's vCont;c:N alone: scheduler-locking, or stepping one
  // thread over a breakpoint in software): the other harts stay stopped, executing nothing and
  // taking no interrupt, until the next resume.
  bool single_hart = false;
  bool operator==(const ResumeAction&) const = default;
};

// Implemented by the machine. Called only from the thread that calls GdbServer, while the
// harts are stopped. Accessors return false when the thing asked for does not exist or is
// not accessible; the stub turns that into an error reply. None of them may throw for a
// guest-controlled reason, nor change architectural state beyond the write asked for.
class DebugTarget {
 public:
  virtual ~DebugTarget() = default;

  virtual unsigned num_harts() const = 0;
  virtual bool has_fpu() const = 0;
  // CSRs that exist on this machine (for the target description); fflags/frm/fcsr are
  // described with the FPU and need not be listed.
  virtual std::vector<CsrInfo> csrs() const = 0;

  // regno is gdb's number (see kReg*); values are zero-extended to 64 bits. x0 reads as zero
  // and ignores writes; priv accepts 0, 1 and 3.
  virtual bool read_register(unsigned hart, unsigned regno, u64& value) = 0;
  virtual bool write_register(unsigned hart, unsigned regno, u64 value) = 0;

  // Virtual addresses through the hart's current translation (satp, privilege, MPRV) with a
  // debug walk that sets no A/D bits, fills no TLB and raises no trap; physical addresses
  // when the user said `monitor phys on`. All or nothing: false if any byte is inaccessible.
  virtual bool read_memory(unsigned hart, u64 addr, std::span<u8> out) = 0;
  virtual bool write_memory(unsigned hart, u64 addr, std::span<const u8> data) = 0;

  // Return false when the kind is unsupported or no slot is left. Duplicate inserts at the
  // same address are allowed and must be removed as often as inserted.
  virtual bool set_breakpoint(BreakpointKind kind, u64 pc) = 0;
  virtual bool clear_breakpoint(BreakpointKind kind, u64 pc) = 0;
  virtual bool set_watchpoint(WatchKind kind, u64 addr, u64 len) = 0;
  virtual bool clear_watchpoint(WatchKind kind, u64 addr, u64 len) = 0;

  // `monitor CMD` lines the stub does not handle itself (it handles `help`). Returns the text
  // to show the user, newline-terminated; unknown commands return an explanation.
  virtual std::string monitor(std::string_view command) = 0;

  // Whether bs/bc are served (ReverseStep+ and ReverseContinue+ in qSupported).
  virtual bool can_reverse() const { return false; }
};

}  // namespace rvscope::gdb
