// The Cpu table, secondary harts brought up through SBI HSM, the kernel lock, IPIs and
// remote TLB flushes through SBI RFENCE.
#include "arch/riscv/csr.hpp"
#include "arch/riscv/sbi.hpp"
#include "arch/riscv/spinlock.hpp"
#include "kernel/fdt.hpp"
#include "mm/kmalloc.hpp"
#include "mm/page.hpp"
#include "proc/cpu.hpp"
#include "proc/task.hpp"

extern "C" char secondary_entry[];

namespace starlet {
namespace {
Cpu g_cpus[kMaxCpus];
int g_nr_online;
TicketLock g_kernel_lock;
Cpu* g_lock_holder;

u64 hart_bit(const Cpu* c) { return 1ull << c->hartid; }
}  // namespace

Cpu* this_cpu() { return current()->cpu; }

Cpu* cpu_by_id(int id) {
  return id >= 0 && id < kMaxCpus && g_cpus[id].online ? &g_cpus[id] : nullptr;
}

int cpus_online() { return __atomic_load_n(&g_nr_online, __ATOMIC_ACQUIRE); }

u64 cpu_online_mask() {
  u64 mask = 0;
  for (int i = 0; i < kMaxCpus; i++) {
    if (g_cpus[i].online) mask |= 1ull << i;
  }
  return mask;
}

void kernel_lock() {
  Cpu* c = this_cpu();
  if (g_lock_holder == c) panic("kernel lock taken twice on cpu %d", c->id);
  g_kernel_lock.lock();
  g_lock_holder = c;
}

extern "C" void kernel_unlock() {
  g_lock_holder = nullptr;
  g_kernel_lock.unlock();
}

void smp_init_boot_cpu(Task* idle, u64 hartid) {
  Cpu& c = g_cpus[0];
  c.id = 0;
  c.hartid = hartid;
  c.online = true;
  c.idle = c.curr = idle;
  idle->cpu = &c;
  idle->on_cpu = true;
  g_nr_online = 1;
  STARLET_CSR_SET(sie, kSieSsie);
}

void smp_start_secondaries(const BootInfo& boot) {
  int started = 1;
  for (int i = 0; i < boot.nr_harts; i++) {
    u64 hartid = boot.hartids[i];
    if (hartid == g_cpus[0].hartid) continue;
    Cpu& c = g_cpus[started];
    Task* idle = knew<Task>();
    u64 stack = idle ? page_alloc_contig(kKernelStackSize / kPageSize) : 0;
    if (!stack) panic("no memory for the idle task of hart %lu", hartid);
    idle->kstack_top = stack + kKernelStackSize;
    c.id = started;
    c.hartid = hartid;
    c.idle = c.curr = idle;
    idle->cpu = &c;
    idle->on_cpu = true;
    if (!sbi_hart_start(hartid, reinterpret_cast<u64>(secondary_entry),
                        reinterpret_cast<u64>(idle))) {
      kprintf("starlet: hart %lu did not start (SBI HSM)\n", hartid);
      page_free_contig(stack, kKernelStackSize / kPageSize);
      kdelete(idle);
      c = Cpu{};
      continue;
    }
    started++;
  }
  // As Linux brings every CPU online before init runs: wait (a simulated second at most)
  // until the started harts have checked in, so init sees all of them.
  u64 deadline = read_time() + timebase_hz();
  kernel_unlock();
  while (cpus_online() < started && read_time() < deadline) {
  }
  kernel_lock();
  if (started > 1) kprintf("starlet: %d harts online\n", cpus_online());
}

void kick_idle_cpus(u64 allowed) {
  Cpu* self = this_cpu();
  for (int i = 0; i < kMaxCpus; i++) {
    Cpu& c = g_cpus[i];
    if (&c == self || !c.online || !c.idle_waiting || !((allowed >> i) & 1)) continue;
    c.idle_waiting = false;  // the next wakeup kicks another idle hart
    sbi_send_ipi(hart_bit(&c));
    return;
  }
}

void kick_cpu(Cpu* c) {
  if (c && c != this_cpu()) sbi_send_ipi(hart_bit(c));
}

void tlb_flush_others(Mm* mm) {
  if (!mm || g_nr_online == 1) return;
  Cpu* self = this_cpu();
  u64 mask = 0;
  for (Cpu& c : g_cpus) {
    if (&c != self && c.online && c.curr && c.curr->mm == mm) mask |= hart_bit(&c);
  }
  sbi_remote_sfence_vma_all(mask);
}

}  // namespace starlet

using namespace starlet;

// From secondary_entry (start.S) on a hart SBI started: tp = its idle task, sp = its stack.
extern "C" [[noreturn]] void secondary_main(u64 hartid, Task* idle) {
  STARLET_CSR_WRITE(stvec, reinterpret_cast<u64>(&trap_vector));
  STARLET_CSR_CLEAR(sstatus, kSstatusSie);
  STARLET_CSR_SET(sstatus, kSstatusFsInitial);
  mm_activate(nullptr);
  kernel_lock();
  Cpu* c = idle->cpu;
  KASSERT(c->hartid == hartid);
  c->online = true;
  __atomic_store_n(&g_nr_online, g_nr_online + 1, __ATOMIC_RELEASE);
  STARLET_CSR_SET(sie, kSieStie | kSieSsie);
  idle_loop();
}
