// Identity, time, limits, randomness and the small informational syscalls.
#include "arch/riscv/csr.hpp"
#include "kernel/time.hpp"
#include "mm/page.hpp"
#include "proc/cpu.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {

namespace {
u64 g_realtime_offset_ns = kDefaultRealtimeEpochNs;
}  // namespace

u64 monotonic_ns() { return ticks_to_ns(read_time()); }

void time_init(u64 rtc_base) {
  if (rtc_base == 0) return;
  // Goldfish: reading TIME_LOW latches TIME_HIGH, so the two halves are one instant.
  const u64 low = *mmio32(rtc_base);
  const u64 high = *mmio32(rtc_base + 4);
  const u64 rtc_ns = (high << 32) | low;
  const u64 now = monotonic_ns();
  g_realtime_offset_ns = rtc_ns > now ? rtc_ns - now : 0;
}

u64 deadline_from_rel(u64 rel_ns) {
  u64 t = read_time() + ns_to_ticks(rel_ns) + 1;
  return t ? t : 1;
}

u64 deadline_from_abs(u64 abs_ns, bool realtime) {
  const u64 offset = g_realtime_offset_ns;
  u64 mono = realtime ? (abs_ns > offset ? abs_ns - offset : 0) : abs_ns;
  u64 t = ns_to_ticks(mono);
  return t ? t : 1;
}

long get_timespec_ns(u64 uts, u64* out_ns) {
  KTimespec ts;
  if (!copy_from_user(&ts, uts, sizeof ts)) return -kEFAULT;
  if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000) return -kEINVAL;
  u64 s = static_cast<u64>(ts.sec);
  *out_ns = s > 1000000000000ull ? ~0ull / 2 : s * 1000000000ull + static_cast<u64>(ts.nsec);
  return 0;
}

namespace {
u64 g_random = 0x2545f4914f6cdd1dull;

long clock_now(int clk, u64* ns) {
  switch (clk) {
    case 0:
    case 5:
    case 8:
    case 11:
      *ns = monotonic_ns() + g_realtime_offset_ns;
      return 0;  // REALTIME(_COARSE/_ALARM), TAI
    case 1:
    case 4:
    case 6:
    case 7:
    case 9:
      *ns = monotonic_ns();
      return 0;  // MONOTONIC*, BOOTTIME*
    case 2:
    case 3:
      *ns = monotonic_ns();
      return 0;  // CPU time: approximated by elapsed time
    default:
      return -kEINVAL;
  }
}

long sleep_until(u64 deadline, u64 rem_uaddr) {
  for (;;) {
    int r = wait_on(&g_random, deadline);
    if (r == -kETIMEDOUT) return 0;
    if (r == -kEINTR) {
      if (rem_uaddr) {
        u64 now = read_time();
        u64 left = deadline > now ? ticks_to_ns(deadline - now) : 0;
        KTimespec ts{static_cast<i64>(left / 1000000000), static_cast<i64>(left % 1000000000)};
        if (!copy_to_user(rem_uaddr, &ts, sizeof ts)) return -kEFAULT;
      }
      return -kEINTR;
    }
  }
}

constexpr int kRlimits = 16;
struct Rlimit {
  u64 cur, max;
};
Rlimit g_rlimits[kRlimits] = {
    {~0ull, ~0ull},     {~0ull, ~0ull}, {~0ull, ~0ull},
    {8 << 20, ~0ull},  // CPU FSIZE DATA STACK
    {0, ~0ull},         {~0ull, ~0ull}, {4096, 4096},
    {256, 256},  // CORE RSS NPROC NOFILE
    {8 << 20, 8 << 20}, {~0ull, ~0ull}, {~0ull, ~0ull},
    {4096, 4096},  // MEMLOCK AS LOCKS SIGPENDING
    {819200, 819200},   {0, 0},         {0, 0},
    {~0ull, ~0ull},  // MSGQUEUE NICE RTPRIO RTTIME
};
}  // namespace

u64 rlimit_cur(int resource) {
  return resource >= 0 && resource < kRlimits ? g_rlimits[resource].cur : ~0ull;
}

SYSCALL_DEFINE(getpid) { return current()->tg->tgid; }
SYSCALL_DEFINE(gettid) { return current()->tid; }
SYSCALL_DEFINE(getppid) {
  ThreadGroup* p = current()->tg->parent;
  return p ? p->tgid : 0;
}
SYSCALL_DEFINE(getuid) { return 0; }
SYSCALL_DEFINE(geteuid) { return 0; }
SYSCALL_DEFINE(getgid) { return 0; }
SYSCALL_DEFINE(getegid) { return 0; }
SYSCALL_DEFINE(getresuid) {
  u32 z = 0;
  return put_user(a0, z) && put_user(a1, z) && put_user(a2, z) ? 0 : -kEFAULT;
}
SYSCALL_DEFINE(getresgid) {
  u32 z = 0;
  return put_user(a0, z) && put_user(a1, z) && put_user(a2, z) ? 0 : -kEFAULT;
}
SYSCALL_DEFINE(getgroups) { return static_cast<i32>(a0) < 0 ? -kEINVAL : 0; }
SYSCALL_DEFINE(getpgid) {
  if (!a0) return current()->tg->pgid;
  ThreadGroup* g = find_group(static_cast<int>(a0));
  return g ? g->pgid : -kESRCH;
}
SYSCALL_DEFINE(setpgid) {
  if (static_cast<i32>(a1) < 0) return -kEINVAL;
  ThreadGroup* g = a0 ? find_group(static_cast<int>(a0)) : current()->tg;
  if (!g) return -kESRCH;
  g->pgid = a1 ? static_cast<int>(a1) : g->tgid;
  return 0;
}
SYSCALL_DEFINE(getsid) {
  if (!a0) return current()->tg->sid;
  ThreadGroup* g = find_group(static_cast<int>(a0));
  return g ? g->sid : -kESRCH;
}
SYSCALL_DEFINE(setsid) {
  ThreadGroup* g = current()->tg;
  if (g->pgid == g->tgid) return -kEPERM;
  g->sid = g->pgid = g->tgid;
  return g->sid;
}

SYSCALL_DEFINE(uname) {
  char u[6][65] = {};
  ksnprintf(u[0], 65, "Linux");
  ksnprintf(u[1], 65, "starlet");
  ksnprintf(u[2], 65, "6.1.0-starlet");
  ksnprintf(u[3], 65, "#1 starlet");
  ksnprintf(u[4], 65, "riscv64");
  ksnprintf(u[5], 65, "(none)");
  return copy_to_user(a0, u, sizeof u) ? 0 : -kEFAULT;
}

u64 random_next() {
  g_random ^= g_random << 13, g_random ^= g_random >> 7, g_random ^= g_random << 17;
  return g_random;
}

void random_bytes(void* dst, size_t n) {
  auto* d = static_cast<u8*>(dst);
  for (size_t done = 0; done < n; done += 8) {
    u64 word = random_next();
    memcpy(d + done, &word, min<size_t>(8, n - done));
  }
}

namespace {
// The tasks setpriority/getpriority address: PRIO_PROCESS a thread, PRIO_PGRP every thread
// of a process group, PRIO_USER every task of a uid (all are root's). Calls fn on each;
// returns how many, or -EINVAL for an unknown `which`.
template <typename Fn>
long for_each_prio_target(u64 which, u64 who_arg, Fn fn) {
  int who = static_cast<int>(who_arg);
  if (which > 2) return -kEINVAL;
  Task* cur = current();
  long n = 0;
  for (Task* t = task_list(); t; t = t->next_all) {
    if (t->state == TaskState::kDead) continue;
    bool match = which == 0   ? t->tid == (who ? who : cur->tid)
                 : which == 1 ? t->tg->pgid == (who ? who : cur->tg->pgid)
                              : who == 0;
    if (match) fn(t), n++;
  }
  return n;
}
}  // namespace

SYSCALL_DEFINE(setpriority) {
  int nice = max(-20, min(19, static_cast<int>(a2)));
  long n = for_each_prio_target(a0, a1, [nice](Task* t) { t->nice = nice; });
  return n < 0 ? n : n ? 0 : -kESRCH;  // lowering nice needs CAP_SYS_NICE: root has it
}

SYSCALL_DEFINE(getpriority) {
  int best = 0;  // the kernel answers 20 - nice (1..40) so that no success is negative
  long n = for_each_prio_target(a0, a1, [&best](Task* t) { best = max(best, 20 - t->nice); });
  return n < 0 ? n : n ? best : -kESRCH;
}

SYSCALL_DEFINE(getrandom) {
  if (a2 & ~7ull) return -kEINVAL;  // GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE
  u64 n = min<u64>(a1, 33554431);
  for (u64 done = 0; done < n;) {
    u64 word = random_next();
    u64 chunk = min<u64>(8, n - done);
    if (!copy_to_user(a0 + done, &word, chunk)) return done ? static_cast<long>(done) : -kEFAULT;
    done += chunk;
  }
  return static_cast<long>(n);
}

SYSCALL_DEFINE(prlimit64) {
  if (a0 && static_cast<int>(a0) != current()->tg->tgid && !find_group(static_cast<int>(a0)))
    return -kESRCH;
  if (a1 >= kRlimits) return -kEINVAL;
  Rlimit nl;
  if (a2) {
    if (!copy_from_user(&nl, a2, sizeof nl)) return -kEFAULT;
    if (nl.cur > nl.max) return -kEINVAL;
  }
  if (a3 && !copy_to_user(a3, &g_rlimits[a1], sizeof(Rlimit))) return -kEFAULT;
  if (a2) g_rlimits[a1] = nl;
  return 0;
}
SYSCALL_DEFINE(getrlimit) { return sys_prlimit64(0, a0, 0, a1, 0, 0); }
SYSCALL_DEFINE(setrlimit) { return sys_prlimit64(0, a0, a1, 0, 0, 0); }

SYSCALL_DEFINE(clock_gettime) {
  u64 ns;
  long r = clock_now(static_cast<int>(a0), &ns);
  if (r < 0) return r;
  KTimespec ts{static_cast<i64>(ns / 1000000000), static_cast<i64>(ns % 1000000000)};
  return copy_to_user(a1, &ts, sizeof ts) ? 0 : -kEFAULT;
}

SYSCALL_DEFINE(clock_getres) {
  u64 ns;
  long r = clock_now(static_cast<int>(a0), &ns);
  if (r < 0) return r;
  KTimespec ts{0, static_cast<i64>(max<u64>(1, 1000000000 / timebase_hz()))};
  if (a1 && !copy_to_user(a1, &ts, sizeof ts)) return -kEFAULT;
  return 0;
}

SYSCALL_DEFINE(gettimeofday) {
  u64 ns = monotonic_ns() + g_realtime_offset_ns;
  if (a0) {
    i64 tv[2] = {static_cast<i64>(ns / 1000000000), static_cast<i64>(ns % 1000000000 / 1000)};
    if (!copy_to_user(a0, tv, sizeof tv)) return -kEFAULT;
  }
  if (a1) {
    i32 tz[2] = {0, 0};
    if (!copy_to_user(a1, tz, sizeof tz)) return -kEFAULT;
  }
  return 0;
}

SYSCALL_DEFINE(nanosleep) {
  u64 ns;
  long r = get_timespec_ns(a0, &ns);
  if (r < 0) return r;
  return sleep_until(deadline_from_rel(ns), a1);
}

SYSCALL_DEFINE(clock_nanosleep) {
  int clk = static_cast<int>(a0);
  u64 now;
  if (clk == 2 || clk == 3) return clk == 3 ? -kEINVAL : -kEOPNOTSUPP;
  long r = clock_now(clk, &now);
  if (r < 0) return r;
  if (a1 & ~1ull) return -kEINVAL;
  u64 ns;
  if ((r = get_timespec_ns(a2, &ns)) < 0) return r;
  if (a1 & 1) {  // TIMER_ABSTIME
    bool realtime = clk == 0 || clk == 5 || clk == 8 || clk == 11;
    return sleep_until(deadline_from_abs(ns, realtime), 0);
  }
  return sleep_until(deadline_from_rel(ns), a3);
}

SYSCALL_DEFINE(sched_yield) {
  need_resched();
  return 0;
}

namespace {
// sched_{get,set}affinity's pid: 0 is the caller, otherwise a thread id.
Task* affinity_target(u64 pid) {
  i32 id = static_cast<i32>(pid);
  return id == 0 ? current() : id > 0 ? find_task(id) : nullptr;
}
}  // namespace

// Linux's cpumask_size() is one long here: fewer bytes is EINVAL, more are not written.
SYSCALL_DEFINE(sched_getaffinity) {
  if (a1 * 8 < static_cast<u64>(cpus_online()) || (a1 & 7)) return -kEINVAL;
  Task* t = affinity_target(a0);
  if (!t) return -kESRCH;
  u64 mask = t->cpus_allowed & cpu_online_mask();
  if (!copy_to_user(a2, &mask, 8)) return -kEFAULT;
  return 8;
}

SYSCALL_DEFINE(sched_setaffinity) {
  u64 mask = 0;  // a shorter user mask is zero-extended, a longer one cut to the CPUs there are
  if (!copy_from_user(&mask, a2, min<u64>(a1, 8))) return -kEFAULT;
  Task* t = affinity_target(a0);
  if (!t) return -kESRCH;
  mask &= cpu_online_mask();
  if (!mask) return -kEINVAL;
  t->cpus_allowed = mask;
  // Running where it may no longer run: off at the next way out of the kernel.
  if (t->on_cpu && !((mask >> t->cpu->id) & 1)) {
    t->cpu->need_resched = true;
    kick_cpu(t->cpu);
  }
  return 0;
}

SYSCALL_DEFINE(getcpu) {
  u32 cpu = static_cast<u32>(this_cpu()->id), node = 0;
  if (a0 && !put_user(a0, cpu)) return -kEFAULT;
  if (a1 && !put_user(a1, node)) return -kEFAULT;
  return 0;
}

SYSCALL_DEFINE(set_tid_address) {
  current()->clear_child_tid = a0;
  return current()->tid;
}

SYSCALL_DEFINE(rseq) { return -kENOSYS; }
SYSCALL_DEFINE(membarrier) { return a0 == 0 ? 0 : -kEINVAL; }

SYSCALL_DEFINE(times) {
  u64 ticks = monotonic_ns() / 10000000;  // clock ticks at 100 Hz
  if (a0) {
    u64 t[4] = {ticks, 0, 0, 0};
    if (!copy_to_user(a0, t, sizeof t)) return -kEFAULT;
  }
  return static_cast<long>(ticks);
}

SYSCALL_DEFINE(getrusage) {
  i32 who = static_cast<i32>(a0);
  if (who != 0 && who != -1 && who != 1) return -kEINVAL;
  u8 ru[144] = {};
  return copy_to_user(a1, ru, sizeof ru) ? 0 : -kEFAULT;
}

SYSCALL_DEFINE(umask) {
  u32 old = current()->fs->umask;
  current()->fs->umask = a0 & 0777;
  return old;
}

SYSCALL_DEFINE(prctl) {
  switch (a0) {
    case 15:
      return 0;  // PR_SET_NAME
    case 16: {   // PR_GET_NAME
      char name[16] = "starlet";
      return copy_to_user(a1, name, 16) ? 0 : -kEFAULT;
    }
    default:
      return -kEINVAL;
  }
}

SYSCALL_DEFINE(sysinfo) {
  struct {
    i64 uptime;
    u64 loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    u16 procs, pad;
    u32 pad2;
    u64 totalhigh, freehigh;
    u32 mem_unit;
    u8 pad3[4];
  } si = {};
  si.uptime = static_cast<i64>(monotonic_ns() / 1000000000);
  si.totalram = ram_end() - 0x80000000ull;
  si.freeram = page_free_count() * kPageSize;
  si.procs = 1;
  si.mem_unit = 1;
  return copy_to_user(a0, &si, sizeof si) ? 0 : -kEFAULT;
}

}  // namespace starlet
