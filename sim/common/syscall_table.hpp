// The riscv64 Linux syscall table: numbers (asm-generic), names and argument signatures.
// One table below sim/trace (strace) and sim/timing (per-syscall cycles), so both name alike.
#pragma once

#include <set>
#include <span>
#include <string_view>

#include "sim/common/types.hpp"

namespace rvscope {

// How an argument prints, one letter per argument (see syscall_table.cpp for the legend).
// Capital letters that are "exit" kinds are printed when the syscall returns, as strace does
// for output arguments.
struct SyscallInfo {
  u16 number;
  const char* name;
  const char* args;  // one kind letter per argument; "" for none
  char ret;          // 'd' decimal, 'x' hex (addresses), 'o' octal, '?' never returns
};

const SyscallInfo* find_syscall(u64 number);
const SyscallInfo* find_syscall(std::string_view name);
std::span<const SyscallInfo> all_syscalls();

// Parses a syscall list such as `--strace=clone3,write,63` (names or numbers, comma separated;
// empty means all). Throws SimError "OPTION: unknown syscall 'NAME' (...)"; OPTION names where
// the list came from ("--strace", "x.yaml:3: trace.strace_filter").
std::set<u64> parse_strace_filter(std::string_view list, std::string_view option = "--strace");

// True for argument kinds decoded at syscall exit (their memory is written by the kernel).
bool is_exit_arg_kind(char kind);

}  // namespace rvscope
