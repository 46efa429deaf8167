// C++ side of traps: interrupts, syscalls, user faults (demand paging or a signal), return path.
#include "arch/riscv/csr.hpp"
#include "proc/cpu.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {

bool need_resched_pending();

namespace {
void user_fault(TrapFrame* f) {
  Task* t = current();
  switch (f->scause) {
    case kCauseInstPage:
    case kCauseLoadPage:
    case kCauseStorePage: {
      Access a = f->scause == kCauseInstPage   ? Access::kExec
                 : f->scause == kCauseLoadPage ? Access::kRead
                                               : Access::kWrite;
      if (mm_fault(t->mm, f->stval, a)) return;
      force_signal(t, kSIGSEGV, f->stval);
      return;
    }
    case kCauseIllegal:
      force_signal(t, kSIGILL, f->sepc);
      return;
    case kCauseBreakpoint:
      force_signal(t, kSIGTRAP, f->sepc);
      return;
    case kCauseInstMisaligned:
    case kCauseLoadMisaligned:
    case kCauseStoreMisaligned:
      force_signal(t, kSIGBUS, f->stval);
      return;
    default:
      force_signal(t, kSIGSEGV, f->stval);
      return;
  }
}
}  // namespace

void return_to_user(TrapFrame* f) {
  for (;;) {
    if (need_resched_pending()) schedule();
    deliver_signals(f);
    if (!need_resched_pending()) break;
  }
}

}  // namespace starlet

using namespace starlet;

extern "C" void user_trap(TrapFrame* f) {
  kernel_lock();
  if (f->scause & kCauseInterrupt) {
    u64 code = f->scause & ~kCauseInterrupt;
    // An IPI only brings this hart into the kernel (a signal, exit_group, a kill): the way
    // back to user mode looks at what is pending.
    if (code == kIrqSupervisorSoftware) STARLET_CSR_CLEAR(sip, kSipSsip);
    if (code == kIrqSupervisorTimer) timer_interrupt();
    if (code == kIrqSupervisorExternal) external_interrupt();
  } else if (f->scause == kCauseUserEcall) {
    f->sepc += 4;
    f->orig_a0 = f->a(0);
    f->a(0) = static_cast<u64>(syscall_dispatch(f));
  } else {
    user_fault(f);
  }
  return_to_user(f);
}

extern "C" [[noreturn]] void kernel_trap(u64 scause, u64 sepc, u64 stval, u64 sp) {
  u32 insn = 0;
  if (sepc >= 0x80000000ull && sepc < 0xc0000000ull)
    memcpy(&insn, reinterpret_cast<void*>(sepc), 2);
  panic("kernel trap scause=%lx sepc=%lx stval=%lx sp=%lx insn=%x task=%d", scause, sepc, stval, sp,
        insn, current() ? current()->tid : -1);
}
