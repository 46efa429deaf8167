// kmain: from OpenSBI's hand-off to the first user instruction of /init.
#include "arch/riscv/csr.hpp"
#include "arch/riscv/trap.hpp"
#include "drivers/plic.hpp"
#include "drivers/uart.hpp"
#include "fs/vfs.hpp"
#include "kernel/fdt.hpp"
#include "kernel/time.hpp"
#include "mm/page.hpp"
#include "proc/cpu.hpp"
#include "proc/task.hpp"

extern "C" char _kernel_start[], _kernel_end[];

namespace starlet {

Mm* current_mm() {
  Task* t = current();
  return t ? t->mm : nullptr;
}

bool g_stats;

namespace {
BootInfo g_boot;

bool has_word(const char* s, const char* word) {
  size_t n = kstrlen(word);
  for (const char* p = s; *p; p++) {
    if ((p == s || p[-1] == ' ') && !kstrncmp(p, word, n) &&
        (p[n] == 0 || p[n] == ' ' || p[n] == '='))
      return true;
  }
  return false;
}
}  // namespace

}  // namespace starlet

using namespace starlet;

extern "C" [[noreturn]] void kmain(u64 hartid, u64 dtb) {
  const u64 entry_insns = read_instret();
  STARLET_CSR_WRITE(stvec, reinterpret_cast<u64>(&trap_vector));
  STARLET_CSR_CLEAR(sstatus, kSstatusSie);
  STARLET_CSR_SET(sstatus, kSstatusFsInitial);  // user FP state is saved by switch_to
  if (!fdt_parse(dtb, &g_boot) || g_boot.ram_size == 0) {
    g_boot.ram_base = 0x80000000;
    g_boot.ram_size = 128ull << 20;
  }
  page_init(g_boot.ram_base, g_boot.ram_size);
  page_reserve(g_boot.ram_base, reinterpret_cast<u64>(_kernel_end));  // OpenSBI and the kernel
  if (g_boot.dtb_size) page_reserve(dtb, dtb + g_boot.dtb_size);
  if (g_boot.initrd_end > g_boot.initrd_start) page_reserve(g_boot.initrd_start, g_boot.initrd_end);
  page_init_done();
  vm_init(g_boot.ram_base, ram_end());
  uart_init();
  time_init(g_boot.rtc_base);
  kprintf("starlet: hart %lu, %lu MiB RAM at %lx, %lu free pages, timebase %lu Hz\n", hartid,
          g_boot.ram_size >> 20, g_boot.ram_base, page_free_count(), g_boot.timebase_hz);
  plic_init_hart(static_cast<u32>(hartid));
  plic_enable(kUartIrq);
  vfs_init();
  if (g_boot.initrd_end > g_boot.initrd_start) {
    int n = vfs_unpack_cpio(reinterpret_cast<const u8*>(g_boot.initrd_start),
                            g_boot.initrd_end - g_boot.initrd_start);
    if (n < 0) panic("initramfs at %lx is not a cpio newc archive", g_boot.initrd_start);
    kprintf("starlet: initramfs %lu bytes, %d files\n", g_boot.initrd_end - g_boot.initrd_start, n);
  } else {
    kprintf("starlet: no initramfs in /chosen\n");
  }
  kprintf("starlet: bootargs \"%s\"\n", g_boot.bootargs);
  g_stats = has_word(g_boot.bootargs, "starlet.stats");
  if (g_stats)
    kprintf("starlet: stats: kernel entered after %lu instructions since reset\n", entry_insns);
  sched_init(g_boot.timebase_hz, hartid);  // from here on this hart holds the kernel lock
  smp_start_secondaries(g_boot);  // before init exists, so init starts with every hart up
  start_init(g_boot.bootargs);
  if (g_stats) {
    // Read just before the first switch; the few instructions to the sret are not counted.
    u64 insns = read_instret(), cycles = read_cycle();
    kprintf("starlet: stats: entering /init after %lu instructions, %lu cycles since reset\n",
            insns, cycles);
  }
  idle_loop();
}
