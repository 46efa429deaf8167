// setitimer/getitimer: ITIMER_REAL per process, delivering SIGALRM (what alarm() uses).
#include "arch/riscv/csr.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
struct KTimeval {
  i64 sec, usec;
};
struct KItimerval {
  KTimeval interval, value;
};

u64 tv_to_ticks(const KTimeval& tv) {
  return ns_to_ticks(static_cast<u64>(tv.sec) * 1000000000ull + static_cast<u64>(tv.usec) * 1000);
}
KTimeval ticks_to_tv(u64 ticks) {
  u64 ns = ticks_to_ns(ticks);
  return {static_cast<i64>(ns / 1000000000), static_cast<i64>(ns % 1000000000 / 1000)};
}
bool tv_ok(const KTimeval& tv) { return tv.sec >= 0 && tv.usec >= 0 && tv.usec < 1000000; }

KItimerval current_value(ThreadGroup* g) {
  KItimerval v = {ticks_to_tv(g->itimer_interval), {0, 0}};
  u64 now = read_time();
  if (g->itimer_deadline)
    v.value = ticks_to_tv(g->itimer_deadline > now ? g->itimer_deadline - now : 1);
  return v;
}
}  // namespace

u64 itimer_expire(u64 now) {
  u64 next = 0;
  for (ThreadGroup* g = group_list(); g; g = g->next_all) {
    if (!g->itimer_deadline || g->zombie) continue;
    if (g->itimer_deadline <= now) {
      send_signal_group(g, kSIGALRM, {0x80 /* SI_KERNEL */, 0, 0, 0});
      g->itimer_deadline = g->itimer_interval ? now + g->itimer_interval : 0;
    }
    if (g->itimer_deadline && (!next || g->itimer_deadline < next)) next = g->itimer_deadline;
  }
  return next;
}

SYSCALL_DEFINE(getitimer) {
  if (a0 > 2) return -kEINVAL;
  KItimerval v = a0 == 0 ? current_value(current()->tg) : KItimerval{};
  return copy_to_user(a1, &v, sizeof v) ? 0 : -kEFAULT;
}

SYSCALL_DEFINE(setitimer) {
  if (a0 > 2) return -kEINVAL;
  KItimerval nv = {};
  if (a1 && !copy_from_user(&nv, a1, sizeof nv)) return -kEFAULT;
  if (!tv_ok(nv.value) || !tv_ok(nv.interval)) return -kEINVAL;
  ThreadGroup* g = current()->tg;
  if (a2) {
    KItimerval old = a0 == 0 ? current_value(g) : KItimerval{};
    if (!copy_to_user(a2, &old, sizeof old)) return -kEFAULT;
  }
  if (a0 != 0) return 0;  // ITIMER_VIRTUAL/PROF: accepted, never fire (no CPU accounting)
  u64 value = tv_to_ticks(nv.value);
  g->itimer_interval = tv_to_ticks(nv.interval);
  g->itimer_deadline = value ? read_time() + value : 0;
  need_resched();  // reprogram the timer on the way out
  return 0;
}

}  // namespace starlet
