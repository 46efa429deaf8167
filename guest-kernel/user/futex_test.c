/* futex_test: WAIT/WAKE, bitsets, REQUEUE/CMP_REQUEUE, PRIVATE, relative and absolute
 * timeouts (CLOCK_REALTIME too), EAGAIN, EINTR, tkill/tgkill, robust-list bookkeeping. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

static long futex(uint32_t* uaddr, int op, uint32_t val, const void* ts_or_val2, uint32_t* uaddr2, uint32_t val3) {
  return syscall(SYS_futex, uaddr, op, val, ts_or_val2, uaddr2, val3);
}

static uint32_t word, word2;
static volatile int woke_count;
static volatile long wait_result[4];
static volatile pid_t waiter_tid;

static void* wait_on_word(void* arg) {
  long i = (long)arg;
  waiter_tid = (pid_t)syscall(SYS_gettid);
  long r = futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
  wait_result[i] = r < 0 ? -errno : r;
  __atomic_fetch_add(&woke_count, 1, __ATOMIC_SEQ_CST);
  return NULL;
}
static void* wait_bitset(void* arg) {
  (void)arg;
  long r = futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, NULL, 0x2);
  wait_result[0] = r < 0 ? -errno : r;
  __atomic_fetch_add(&woke_count, 1, __ATOMIC_SEQ_CST);
  return NULL;
}

/* Waits until n waiters are blocked: each FUTEX_WAKE probe would wake them, so poll with a
 * sleep instead; good enough because the waiter threads block right after starting. */
static void settle(void) {
  struct timespec d = {0, 30 * 1000000};
  nanosleep(&d, NULL);
}

static volatile int usr1_hits;
static void on_usr1(int sig) {
  (void)sig;
  usr1_hits++;
}

int main(void) {
  struct timespec rel = {0, 40 * 1000000};
  word = 5;
  errno = 0;
  tap_errno("WAIT with a different value", futex(&word, FUTEX_WAIT, 4, NULL, NULL, 0), errno, EAGAIN);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  tap_errno("WAIT relative timeout", futex(&word, FUTEX_WAIT_PRIVATE, 5, &rel, NULL, 0), errno, ETIMEDOUT);
  clock_gettime(CLOCK_MONOTONIC, &b);
  long long el = (b.tv_sec - a.tv_sec) * 1000000000LL + b.tv_nsec - a.tv_nsec;
  tap_ok(el >= 40000000, "relative timeout waited at least 40 ms");
  struct timespec abs;
  clock_gettime(CLOCK_MONOTONIC, &abs);
  abs.tv_nsec += 30 * 1000000;
  if (abs.tv_nsec >= 1000000000) abs.tv_sec++, abs.tv_nsec -= 1000000000;
  tap_errno("WAIT_BITSET absolute MONOTONIC timeout",
            futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 5, &abs, NULL, FUTEX_BITSET_MATCH_ANY), errno, ETIMEDOUT);
  clock_gettime(CLOCK_MONOTONIC, &b);
  tap_ok(b.tv_sec > abs.tv_sec || (b.tv_sec == abs.tv_sec && b.tv_nsec >= abs.tv_nsec), "woke after the deadline");
  clock_gettime(CLOCK_REALTIME, &abs);
  abs.tv_nsec += 30 * 1000000;
  if (abs.tv_nsec >= 1000000000) abs.tv_sec++, abs.tv_nsec -= 1000000000;
  tap_errno("WAIT_BITSET absolute CLOCK_REALTIME timeout",
            futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 5, &abs, NULL, FUTEX_BITSET_MATCH_ANY),
            errno, ETIMEDOUT);
  tap_errno("CLOCK_REALTIME with WAKE is ENOSYS", futex(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0),
            errno, ENOSYS);
  struct timespec bad = {0, 1000000000};
  tap_errno("WAIT with tv_nsec 1e9", futex(&word, FUTEX_WAIT, 5, &bad, NULL, 0), errno, EINVAL);
  tap_errno("WAKE with nobody waiting", futex(&word, FUTEX_WAKE, 1, NULL, NULL, 0), errno, 0);

  word = 0;
  pthread_t t[3];
  pthread_create(&t[0], NULL, wait_on_word, (void*)0);
  settle();
  long r = futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
  pthread_join(t[0], NULL);
  tap_ok(r == 1 && wait_result[0] == 0, "WAKE wakes one waiter, WAIT returns 0");

  woke_count = 0;
  pthread_create(&t[0], NULL, wait_bitset, NULL);
  settle();
  r = futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0x1);
  tap_ok(r == 0 && woke_count == 0, "WAKE_BITSET with a disjoint mask wakes nobody");
  r = futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0x6);
  pthread_join(t[0], NULL);
  tap_ok(r == 1, "WAKE_BITSET with an overlapping mask wakes it");

  woke_count = 0;
  for (long i = 0; i < 3; i++) pthread_create(&t[i], NULL, wait_on_word, (void*)i);
  settle();
  word2 = 0;
  r = futex(&word, FUTEX_REQUEUE_PRIVATE, 1, (void*)1L, &word2, 0);
  tap_ok(r == 2, "REQUEUE: 1 woken + 1 moved = 2");
  settle();
  tap_ok(woke_count == 1, "exactly one woke");
  r = futex(&word2, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0);
  tap_ok(r == 1, "the moved waiter is woken through the second word");
  errno = 0;
  tap_errno("CMP_REQUEUE with a stale value", futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void*)1L, &word2, 99),
            errno, EAGAIN);
  r = futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void*)0L, &word2, 0);
  tap_ok(r == 1, "CMP_REQUEUE with the right value wakes the last one");
  for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);

  struct sigaction sa = {0};
  sa.sa_handler = on_usr1; /* no SA_RESTART: the wait ends with EINTR */
  sigaction(SIGUSR1, &sa, NULL);
  word = 0;
  wait_result[0] = 1;
  waiter_tid = 0;
  pthread_create(&t[0], NULL, wait_on_word, (void*)0);
  settle();
  tap_ok(syscall(SYS_tgkill, getpid(), waiter_tid, SIGUSR1) == 0, "tgkill a waiting thread");
  pthread_join(t[0], NULL);
  tap_ok(usr1_hits == 1 && wait_result[0] == -EINTR, "WAIT interrupted by a handler: EINTR");
  tap_ok(syscall(SYS_tkill, syscall(SYS_gettid), SIGUSR1) == 0 && usr1_hits == 2, "tkill self");

  struct {
    void* next;
    long offset;
    void* pending;
  } head = {&head, 0, NULL};
  void* got_head;
  size_t got_len;
  tap_ok(syscall(SYS_set_robust_list, &head, sizeof head) == 0, "set_robust_list");
  tap_ok(syscall(SYS_get_robust_list, 0, &got_head, &got_len) == 0 && got_head == &head && got_len == 24,
         "get_robust_list returns it");
  return tap_done();
}
