// The text of a --why explanation: origin, decisions and route of a syscall's return value,
// from a backward slice over the syscall's recorded instructions.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "sim/trace/backward_slice.hpp"
#include "sim/trace/guest_view.hpp"

namespace rvscope::trace {

// How pcs are named: any of symbols/lines may be null (then addresses, or symbols only).
struct WhyContext {
  const SymbolLookup* symbols = nullptr;
  const LineLookup* lines = nullptr;
  Disassembler disassemble;
};

// "sys_clone3+0x5c (guest-kernel/proc/fork.cpp:287)", "0xffffffff80201234" without symbols;
// "__do_sys_clone3+0x52 [inlined clone3_args_valid] (src-6.1.192-3/kernel/fork.c:3033)"
// where the line belongs to a function inlined there.
std::string describe_pc(u64 pc, const WhyContext& context);

// Explains a0 at the end of `steps` (the kernel path of one syscall, ending with its sret):
//   why: -22 made at sys_clone3+0x5c (proc/fork.cpp:287)  li a0,-22
//        decided at ... (proc/fork.cpp:287)  beqz a0 taken, a0=0x0
//        a0=0x0 made at clone3_args_valid+0x30 (proc/fork.cpp:97)  li a0,0
//        decided at ... (proc/fork.cpp:98)  bnez a5 taken, a5=0x400000
//        a5=0x400000 made at ... (proc/fork.cpp:98)  and a5,a5,a4  (a5=0x400f00, a4=0x40007f)
//        route: clone3_args_valid -> sys_clone3 -> trap_entry
// A decision whose operand is itself a constant chosen by a branch (a callee returning
// false) is followed into that branch, a few levels deep. Each string is one line, no
// newline, indented to sit under the strace line.
std::vector<std::string> explain_return(std::span<const SliceStep> steps,
                                        const WhyContext& context);

}  // namespace rvscope::trace
