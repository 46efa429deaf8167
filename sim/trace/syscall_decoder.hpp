// Decodes one syscall's arguments into strace's text, split at entry and at return.
#pragma once

#include <array>
#include <string>

#include "sim/common/types.hpp"
#include "sim/trace/guest_view.hpp"
#include "sim/common/syscall_table.hpp"

namespace rvscope::trace {

struct SyscallArgs {
  u64 number = 0;
  std::array<u64, 6> a{};
  u64 pc = 0;  // the ecall's address
  u64 sp = 0;  // the caller's stack pointer (rt_sigreturn's frame)
};

// strace prints a syscall's input arguments when it enters and its output arguments when it
// returns; the two halves here are exactly those pieces:
//   entry:  "read(3, "                      exit: "\"abc\", 10)"
//   entry:  "clone3({flags=...}"            exit: " => {parent_tid=[7]}, 88)"
// Unknown numbers print as syscall_NNN with six hex arguments.
std::string format_syscall_entry(const GuestMemory& mem, const SyscallArgs& args);
std::string format_syscall_exit(const GuestMemory& mem, const SyscallArgs& args, u64 ret);
// The syscall's name (syscall_NNN when unknown) and whether its return prints in hex.
std::string syscall_name(u64 number);
// The return text after " = " ("?" for exit/exit_group).
std::string format_syscall_return(u64 number, u64 ret);
bool syscall_never_returns(u64 number);

}  // namespace rvscope::trace
