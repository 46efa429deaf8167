// SBI calls starlet uses: TIME, HSM hart start, IPI, RFENCE remote sfence.vma, SRST reset.
#pragma once

#include "kernel/kernel.hpp"

namespace starlet {

struct SbiRet {
  i64 error;
  i64 value;
};

SbiRet sbi_call(u64 ext, u64 fid, u64 a0 = 0, u64 a1 = 0, u64 a2 = 0, u64 a3 = 0);
void sbi_set_timer(u64 stime_value);
// Starts a stopped hart at the physical address `start` with a0 = hartid, a1 = opaque.
bool sbi_hart_start(u64 hartid, u64 start, u64 opaque);
// Hart masks are bit i = hartid i (hartids below 64, as on QEMU virt and rvscope).
void sbi_send_ipi(u64 hart_mask);
void sbi_remote_sfence_vma_all(u64 hart_mask);  // the harts' whole address space
[[noreturn]] void sbi_system_reset(u32 type, u32 reason);

}  // namespace starlet
