// The user trap frame saved at the top of each kernel stack, and the assembly entry points.
#pragma once

#include "kernel/kernel.hpp"

namespace starlet {

struct TrapFrame {
  u64 regs[32];  // x0..x31 by number; regs[0] is unused
  u64 sepc;
  u64 sstatus;
  u64 scause;
  u64 stval;
  u64 orig_a0;  // a0 at syscall entry, for restarting an interrupted syscall
  u64 pad;
  u64& a(int i) { return regs[10 + i]; }
  u64& sp() { return regs[2]; }
  u64& tp() { return regs[4]; }
};
static_assert(sizeof(TrapFrame) == 304);

// Kernel callee-saved state plus the user FP state, swapped by switch_to.
struct Context {
  u64 ra, sp, s[12];
  u64 f[32];
  u64 fcsr;
};
static_assert(sizeof(Context) == 376);

}  // namespace starlet

extern "C" {
void trap_vector();
void ret_from_fork();
void switch_to(starlet::Context* prev, starlet::Context* next, void* next_task);
void fp_save(starlet::u64* buf);
void fp_restore(const starlet::u64* buf);
}
