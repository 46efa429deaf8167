// The harts starlet runs on: one Cpu each, the kernel lock, IPIs and remote TLB flushes.
#pragma once

#include "kernel/kernel.hpp"

namespace starlet {

struct BootInfo;
struct Mm;
struct Task;

// Linux's numbering: the hart OpenSBI booted on is CPU 0, the others follow in device-tree
// order. sched_getcpu, affinity masks and /proc/cpuinfo speak of these numbers.
struct Cpu {
  int id = 0;
  u64 hartid = 0;
  bool online = false;
  bool need_resched = false;
  bool idle_waiting = false;  // in wfi with the kernel lock released: wake it with an IPI
  Task* idle = nullptr;       // runs when nothing else may run here
  Task* curr = nullptr;       // the task this hart runs (its idle task when none)
};

Cpu* this_cpu();
Cpu* cpu_by_id(int id);  // nullptr when not online
int cpus_online();
u64 cpu_online_mask();  // bit i = CPU i

// Every hart in the kernel holds this one lock (taken at trap entry, given back at sret and
// around wfi): the kernel's data needs no finer locking, and user code runs on every hart.
void kernel_lock();
extern "C" void kernel_unlock();

void smp_init_boot_cpu(Task* idle, u64 hartid);
void smp_start_secondaries(const BootInfo& boot);  // SBI HSM hart_start for every other hart
void kick_idle_cpus(u64 allowed);  // a task allowed on these CPUs became runnable
void kick_cpu(Cpu* c);             // make a hart running user code enter the kernel
// After a mapping of `mm` changed: every other hart running it drops its TLB entries.
void tlb_flush_others(Mm* mm);

}  // namespace starlet
