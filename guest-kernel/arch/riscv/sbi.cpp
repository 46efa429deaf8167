// SBI ecall wrappers and the machine power-off path (SiFive test device, then SRST).
#include "arch/riscv/sbi.hpp"

namespace starlet {
namespace {
constexpr u64 kSbiExtTime = 0x54494D45;
constexpr u64 kSbiExtSrst = 0x53525354;
constexpr u64 kSbiExtHsm = 0x48534D;
constexpr u64 kSbiExtIpi = 0x735049;
constexpr u64 kSbiExtRfence = 0x52464E43;
// The SiFive test ("finisher") device of QEMU virt and rvscope: 0x5555 = pass,
// (code << 16) | 0x3333 = fail with an exit code the host process returns.
constexpr u64 kTestDevice = 0x100000;
}  // namespace

SbiRet sbi_call(u64 ext, u64 fid, u64 a0, u64 a1, u64 a2, u64 a3) {
  register u64 r0 asm("a0") = a0;
  register u64 r1 asm("a1") = a1;
  register u64 r2 asm("a2") = a2;
  register u64 r3 asm("a3") = a3;
  register u64 r6 asm("a6") = fid;
  register u64 r7 asm("a7") = ext;
  asm volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r3), "r"(r6), "r"(r7) : "memory");
  return {static_cast<i64>(r0), static_cast<i64>(r1)};
}

void sbi_set_timer(u64 stime_value) { sbi_call(kSbiExtTime, 0, stime_value); }

bool sbi_hart_start(u64 hartid, u64 start, u64 opaque) {
  return sbi_call(kSbiExtHsm, 0, hartid, start, opaque).error == 0;
}

void sbi_send_ipi(u64 hart_mask) {
  if (hart_mask) sbi_call(kSbiExtIpi, 0, hart_mask, 0);
}

void sbi_remote_sfence_vma_all(u64 hart_mask) {
  // size = -1 (SBI_TLB_FLUSH_ALL): every address, whatever start says.
  if (hart_mask) sbi_call(kSbiExtRfence, 1, hart_mask, 0, 0, ~0ull);
}

void sbi_system_reset(u32 type, u32 reason) {
  sbi_call(kSbiExtSrst, 0, type, reason);
  for (;;) asm volatile("wfi");
}

void machine_power_off(int exit_code) {
  u32 code = static_cast<u32>(exit_code) & 0xffff;
  *mmio32(kTestDevice) = code == 0 ? 0x5555 : (code << 16) | 0x3333;
  // Only reached on a platform without the test device: SRST shutdown, reason
  // "no reason" (0) on success and "system failure" (1) otherwise.
  sbi_system_reset(0, code == 0 ? 0 : 1);
}

}  // namespace starlet
