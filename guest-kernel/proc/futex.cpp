// futex: keyed by physical address (private and shared alike), bitsets, requeue, timeouts.
#include "arch/riscv/csr.hpp"
#include "kernel/time.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
enum FutexOp : int {
  kFutexWait = 0,
  kFutexWake = 1,
  kFutexRequeue = 3,
  kFutexCmpRequeue = 4,
  kFutexWaitBitset = 9,
  kFutexWakeBitset = 10,
};
constexpr int kFutexPrivate = 128, kFutexClockRealtime = 256;

// Per-task wait state lives in these arrays indexed by nothing: the task list is short.
struct Waiter {
  Task* task;
  u64 key;
  u32 bitset;
  bool woken;
  Waiter* next;
};
Waiter* g_waiters;

u64 futex_key(Mm* mm, u64 uaddr) {
  u8* k = user_translate(mm, uaddr, Access::kRead);
  return reinterpret_cast<u64>(k);
}

long futex_wait(u64 uaddr, u32 val, bool has_timeout, u64 deadline, u32 bitset) {
  if (!bitset) return -kEINVAL;
  u32 cur;
  if (!get_user(&cur, uaddr)) return -kEFAULT;
  u64 key = futex_key(current_mm(), uaddr);
  if (!key) return -kEFAULT;
  if (cur != val) return -kEAGAIN;
  if (has_timeout && read_time() >= deadline) return -kETIMEDOUT;
  Waiter w{current(), key, bitset, false, g_waiters};
  g_waiters = &w;
  int r = 0;
  while (!w.woken) {
    r = wait_on(&w, has_timeout ? deadline : 0);
    if (r < 0) break;
  }
  for (Waiter** pp = &g_waiters; *pp; pp = &(*pp)->next) {
    if (*pp == &w) {
      *pp = w.next;
      break;
    }
  }
  if (w.woken) return 0;
  if (r == -kETIMEDOUT) return -kETIMEDOUT;
  return has_timeout ? -kEINTR : -kERESTARTSYS;
}

int wake_key(u64 key, int n, u32 bitset) {
  int woken = 0;
  for (Waiter* w = g_waiters; w && woken < n; w = w->next) {
    if (w->key == key && !w->woken && (w->bitset & bitset)) {
      w->woken = true;
      wake_all(w);
      woken++;
    }
  }
  return woken;
}

long futex_requeue(u64 uaddr, u64 uaddr2, int nr_wake, int nr_requeue, bool cmp, u32 val3) {
  if (nr_wake < 0 || nr_requeue < 0) return -kEINVAL;
  u64 key = futex_key(current_mm(), uaddr);
  u64 key2 = futex_key(current_mm(), uaddr2);
  if (!key || !key2) return -kEFAULT;
  if (cmp) {
    u32 cur;
    if (!get_user(&cur, uaddr)) return -kEFAULT;
    if (cur != val3) return -kEAGAIN;
  }
  int woken = wake_key(key, nr_wake, ~0u);
  int moved = 0;
  for (Waiter* w = g_waiters; w && moved < nr_requeue; w = w->next) {
    if (w->key == key && !w->woken) {
      w->key = key2;
      moved++;
    }
  }
  return woken + moved;
}
}  // namespace

int futex_wake(Mm* mm, u64 uaddr, int n, u32 bitset) {
  u64 key = futex_key(mm, uaddr);
  return key ? wake_key(key, n, bitset) : 0;
}

SYSCALL_DEFINE(futex) {
  u64 uaddr = a0;
  int op = static_cast<int>(a1);
  int cmd = op & ~(kFutexPrivate | kFutexClockRealtime);
  bool realtime = op & kFutexClockRealtime;
  if (realtime && cmd != kFutexWait && cmd != kFutexWaitBitset) return -kENOSYS;
  if (uaddr & 3) return -kEINVAL;
  u32 val = static_cast<u32>(a2);
  switch (cmd) {
    case kFutexWait:
    case kFutexWaitBitset: {
      bool has_timeout = a3 != 0;
      u64 deadline = 0;
      if (has_timeout) {
        u64 ns;
        long r = get_timespec_ns(a3, &ns);
        if (r < 0) return r;
        // FUTEX_WAIT's timeout is relative; FUTEX_WAIT_BITSET's is absolute on its clock.
        deadline = cmd == kFutexWait ? deadline_from_rel(ns) : deadline_from_abs(ns, realtime);
      }
      return futex_wait(uaddr, val, has_timeout, deadline,
                        cmd == kFutexWait ? ~0u : static_cast<u32>(a5));
    }
    case kFutexWake:
    case kFutexWakeBitset: {
      u32 bitset = cmd == kFutexWake ? ~0u : static_cast<u32>(a5);
      if (!bitset) return -kEINVAL;
      int n = static_cast<int>(val);
      if (n <= 0) return 0;
      u64 key = futex_key(current_mm(), uaddr);
      if (!key) return -kEFAULT;
      return wake_key(key, n, bitset);
    }
    case kFutexRequeue:
    case kFutexCmpRequeue:
      return futex_requeue(uaddr, a4, static_cast<int>(val), static_cast<int>(a3),
                           cmd == kFutexCmpRequeue, static_cast<u32>(a5));
    default:
      return -kENOSYS;
  }
}

SYSCALL_DEFINE(set_robust_list) {
  if (a1 != 24) return -kEINVAL;  // sizeof(struct robust_list_head)
  current()->robust_list = a0;
  current()->robust_len = a1;
  return 0;
}

SYSCALL_DEFINE(get_robust_list) {
  Task* t = a0 ? find_task(static_cast<int>(a0)) : current();
  if (!t) return -kESRCH;
  if (!put_user(a1, t->robust_list) || !put_user(a2, t->robust_len)) return -kEFAULT;
  return 0;
}

}  // namespace starlet
