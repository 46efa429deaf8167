// Task and process tables, the round-robin preemptive scheduler over every hart, blocking,
// the idle loop and the timer.
#include "arch/riscv/csr.hpp"
#include "arch/riscv/sbi.hpp"
#include "drivers/plic.hpp"
#include "drivers/uart.hpp"
#include "fs/vfs.hpp"
#include "mm/kmalloc.hpp"
#include "mm/page.hpp"
#include "proc/cpu.hpp"
#include "proc/task.hpp"

namespace starlet {

namespace {
Task* g_tasks;
ThreadGroup* g_groups;
int g_next_tid = 1;
int g_last_tid = 0;
u64 g_timebase = 10000000;
u64 g_tick;        // preemption quantum in timer ticks (10 ms)
Task g_boot_task;  // the context kmain runs in: CPU 0's idle task
constexpr u64 kStackCanary = 0x5354524c4e544b53ull;  // at the lowest word of every kernel stack

// The next timer interrupt of this hart: the round-robin tick, or the earliest sleep deadline
// or ITIMER_REAL alarm when sooner. An idle hart has nothing to preempt: it sleeps until a
// deadline only (an IPI brings it a runnable task).
void program_timer(bool idle = false) {
  u64 next = idle ? ~0ull : read_time() + g_tick;
  u64 alarm = itimer_expire(read_time());
  if (alarm && alarm < next) next = alarm;
  for (Task* t = g_tasks; t; t = t->next_all) {
    if (t->state == TaskState::kBlocked && t->wake_at && t->wake_at < next) next = t->wake_at;
  }
  sbi_set_timer(next);
}

void make_runnable(Task* t) {
  t->state = TaskState::kRunnable;
  kick_idle_cpus(t->cpus_allowed);
}

void expire_timeouts() {
  u64 now = read_time();
  itimer_expire(now);
  for (Task* t = g_tasks; t; t = t->next_all) {
    if (t->state == TaskState::kBlocked && t->wake_at && t->wake_at <= now) {
      t->timed_out = true;
      make_runnable(t);
    }
  }
}

// Round robin over the task list from the task after prev; prev itself comes last, and a
// task another hart is running, or one its affinity keeps away from this CPU, is passed over.
Task* pick_next(Task* prev, Cpu* c) {
  auto eligible = [&](Task* t) {
    return t->state == TaskState::kRunnable && (t == prev || !t->on_cpu) &&
           ((t->cpus_allowed >> c->id) & 1);
  };
  Task* start = (prev != c->idle && prev->next_all) ? prev->next_all : g_tasks;
  for (Task* t = start; t; t = t->next_all) {
    if (eligible(t)) return t;
  }
  for (Task* t = g_tasks; t && t != start; t = t->next_all) {
    if (eligible(t)) return t;
  }
  return nullptr;
}

void reap_dead() {
  for (Task* t = g_tasks; t;) {
    Task* next = t->next_all;
    if (t->state == TaskState::kDead && !t->on_cpu) task_free(t);
    t = next;
  }
}
}  // namespace

Task* task_list() { return g_tasks; }
ThreadGroup* group_list() { return g_groups; }

Task* find_task(int tid) {
  for (Task* t = g_tasks; t; t = t->next_all) {
    if (t->tid == tid && t->state != TaskState::kDead) return t;
  }
  return nullptr;
}

ThreadGroup* find_group(int tgid) {
  for (ThreadGroup* g = g_groups; g; g = g->next_all) {
    if (g->tgid == tgid) return g;
  }
  return nullptr;
}

bool tid_in_use(int tid) { return find_task(tid) || find_group(tid); }

int last_tid() { return g_last_tid; }

namespace {
// A task with its kernel stack, not yet numbered nor listed.
Task* task_new() {
  Task* t = knew<Task>();
  if (!t) return nullptr;
  t->kstack = page_alloc_contig(kKernelStackSize / kPageSize);
  if (!t->kstack) {
    kdelete(t);
    return nullptr;
  }
  t->kstack_top = t->kstack + kKernelStackSize;
  *reinterpret_cast<u64*>(t->kstack) = kStackCanary;
  return t;
}

Task* task_list_add(Task* t) {
  g_last_tid = t->tid;
  Task** pp = &g_tasks;
  while (*pp) pp = &(*pp)->next_all;
  *pp = t;
  return t;
}
}  // namespace

Task* task_alloc() {
  Task* t = task_new();
  if (!t) return nullptr;
  // Linux's cyclic allocation: the next free number, wrapping past pid_max to 300 (the
  // numbers below stay for daemons); a tid chosen through set_tid is simply skipped.
  do {
    if (g_next_tid >= kPidMax) g_next_tid = kPidReserved;
    t->tid = g_next_tid++;
  } while (tid_in_use(t->tid));
  return task_list_add(t);
}

Task* task_alloc_tid(int tid) {
  Task* t = task_new();
  if (!t) return nullptr;
  t->tid = tid;
  return task_list_add(t);
}

void task_free(Task* t) {
  for (Task** pp = &g_tasks; *pp; pp = &(*pp)->next_all) {
    if (*pp == t) {
      *pp = t->next_all;
      break;
    }
  }
  page_free_contig(t->kstack, kKernelStackSize / kPageSize);
  kdelete(t);
}

ThreadGroup* group_alloc(int tgid) {
  ThreadGroup* g = knew<ThreadGroup>();
  if (!g) return nullptr;
  g->tgid = tgid;
  g->start_time = read_time();
  ThreadGroup** pp = &g_groups;
  while (*pp) pp = &(*pp)->next_all;
  *pp = g;
  return g;
}

void group_free(ThreadGroup* g) {
  for (ThreadGroup** pp = &g_groups; *pp; pp = &(*pp)->next_all) {
    if (*pp == g) {
      *pp = g->next_all;
      break;
    }
  }
  kdelete(g);
}

void sched_init(u64 timebase_hz, u64 boot_hartid) {
  g_timebase = timebase_hz ? timebase_hz : 10000000;
  g_tick = g_timebase / 100;
  set_current(&g_boot_task);
  smp_init_boot_cpu(&g_boot_task, boot_hartid);
  kernel_lock();
  STARLET_CSR_SET(sie, kSieStie | kSieSeie);
  program_timer();
}

u64 timebase_hz() { return g_timebase; }
u64 ns_to_ticks(u64 ns) {
  return ns / 1000 * (g_timebase / 1000) / 1000 + (ns % 1000) * g_timebase / 1000000000;
}
u64 ticks_to_ns(u64 ticks) {
  return ticks / g_timebase * 1000000000 + (ticks % g_timebase) * 1000000000 / g_timebase;
}

void need_resched() { this_cpu()->need_resched = true; }

// Switches to the next task for this hart, or to its idle task when there is none. The kernel
// lock is held across switch_to, so prev's saved context is complete before any other hart
// can see prev->on_cpu cleared.
void schedule() {
  Cpu* c = this_cpu();
  c->need_resched = false;
  Task* prev = current();
  if (prev->kstack && *reinterpret_cast<u64*>(prev->kstack) != kStackCanary) {
    panic("kernel stack overflow in task %d", prev->tid);
  }
  expire_timeouts();
  Task* next = pick_next(prev, c);
  if (!next) next = c->idle;
  if (next != prev) {
    // Preempted, or moved off by its affinity: an idle hart may go on with it.
    if (prev != c->idle && prev->state == TaskState::kRunnable) kick_idle_cpus(prev->cpus_allowed);
    if (!prev->mm || prev->mm != next->mm) mm_activate(next->mm);
    prev->on_cpu = false;
    next->on_cpu = true;
    next->cpu = c;
    c->curr = next;
    switch_to(&prev->ctx, &next->ctx, next);
  }
  reap_dead();
}

void idle_loop() {
  Cpu* c = this_cpu();
  for (;;) {
    schedule();  // back here when nothing may run on this hart
    program_timer(true);
    c->idle_waiting = true;
    kernel_unlock();
    // Interrupts stay disabled (SIE = 0): wfi wakes on a pending one, handled below. A task
    // made runnable between the unlock and the wfi comes with an IPI, so it is not missed.
    asm volatile("wfi");
    kernel_lock();
    c->idle_waiting = false;
    u64 sip = STARLET_CSR_READ(sip);
    if (sip & kSipSsip) STARLET_CSR_CLEAR(sip, kSipSsip);
    if (sip & kSipStip) timer_interrupt();
    if (sip & kSipSeip) external_interrupt();
    program_timer();  // the tick again: what runs next must be preemptible
  }
}

extern "C" void schedule_tail() { reap_dead(); }

void yield() { schedule(); }

void timer_interrupt() {
  expire_timeouts();
  this_cpu()->need_resched = true;
  program_timer();
}

void external_interrupt() {
  for (u32 src; (src = plic_claim()) != 0;) {
    if (src == kUartIrq) {
      uart_irq();
      wake_all(&g_console_chan);
    }
    plic_complete(src);
  }
}

int wait_on(const void* chan, u64 deadline) {
  Task* t = current();
  if (signal_pending(t)) return -kEINTR;
  if (deadline && read_time() >= deadline) return -kETIMEDOUT;
  t->wait_chan = chan;
  t->wake_at = deadline;
  t->timed_out = false;
  t->woken_by_signal = false;
  t->state = TaskState::kBlocked;
  if (deadline) program_timer();
  schedule();
  t->wait_chan = nullptr;
  t->wake_at = 0;
  if (t->woken_by_signal || signal_pending(t)) return -kEINTR;
  if (t->timed_out) return -kETIMEDOUT;
  return 0;
}

void wake_all(const void* chan) {
  for (Task* t = g_tasks; t; t = t->next_all) {
    if (t->state == TaskState::kBlocked && t->wait_chan == chan) make_runnable(t);
  }
  epoll_notify(chan);  // a wake is an event for the epoll items watching this channel
}

void wake_task(Task* t) {
  if (t->state == TaskState::kBlocked) {
    t->woken_by_signal = true;
    make_runnable(t);
  } else if (t->on_cpu) {
    kick_cpu(t->cpu);  // running user code elsewhere: it looks at its signals on the way back
  }
}

void wake_new_task(Task* t) { make_runnable(t); }

bool need_resched_pending() { return this_cpu()->need_resched; }

}  // namespace starlet
