// When the detailed model starts (--timing-from TRIGGER), and Linux syscall names for reports.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/common/types.hpp"

namespace rvscope::timing {

struct TimingTrigger {
  enum class Kind : u8 { kNone, kInsn, kSyscall, kSymbol };
  Kind kind = Kind::kNone;  // kNone: detailed from the first instruction
  u64 insn = 0;             // kInsn: a hart's instret reaches this count
  u64 syscall = 0;          // kSyscall: a U-mode ecall with this number in a7 traps
  std::string symbol;       // kSymbol: execution enters this function
};

// Parses "insn:N", "syscall:NAME" or "syscall:NUMBER", "symbol:NAME"; SimError otherwise.
TimingTrigger parse_timing_trigger(const std::string& spec);

// riscv64 Linux (asm-generic) syscall names and numbers; nullopt / empty when unknown.
std::optional<u64> syscall_number(std::string_view name);
std::string_view syscall_name(u64 number);

}  // namespace rvscope::timing
