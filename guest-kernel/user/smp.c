/* smp: threads on several harts (sched_getcpu), affinity set, read and inherited, getcpu's
 * arguments, and two pinned threads passing a token through memory alone. Every line reads
 * the same on one CPU and on many, so it compares with any kernel on any machine. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define WORKERS 4

static int ncpus;           /* CPUs in the starting affinity mask */
static int cpu_ids[64];     /* their numbers */
static volatile int started;
static unsigned long seen;  /* bit i: some worker ran on CPU i */

static void* worker(void* arg) {
  (void)arg;
  __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
  while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < WORKERS) sched_yield();
  for (int i = 0; i < 2000; i++) {
    int cpu = sched_getcpu();
    if (cpu >= 0 && cpu < 64) __atomic_fetch_or(&seen, 1ul << cpu, __ATOMIC_SEQ_CST);
    for (volatile int spin = 0; spin < 200; spin++) {
    }
  }
  return NULL;
}

static int pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return sched_setaffinity(0, sizeof set, &set);
}

static volatile int token;
static void* ponger(void* arg) {
  pin(*(int*)arg);
  for (int i = 0; i < 200; i++) {
    while (__atomic_load_n(&token, __ATOMIC_ACQUIRE) != 2 * i + 1) {
    }
    __atomic_store_n(&token, 2 * i + 2, __ATOMIC_RELEASE);
  }
  return NULL;
}

int main(void) {
  cpu_set_t all;
  CPU_ZERO(&all);
  tap_ok(sched_getaffinity(0, sizeof all, &all) == 0, "sched_getaffinity of the caller");
  for (int i = 0; i < CPU_SETSIZE && ncpus < 64; i++) {
    if (CPU_ISSET(i, &all)) cpu_ids[ncpus++] = i;
  }
  tap_ok(ncpus >= 1 && cpu_ids[0] == 0, "the mask holds CPU 0 and at least one CPU");
  printf("# cpus %d\n", ncpus); /* for the harness, which knows how many the machine has */
  tap_ok(sysconf(_SC_NPROCESSORS_ONLN) == ncpus, "sysconf(_SC_NPROCESSORS_ONLN) counts the mask");

  pthread_t th[WORKERS];
  for (long i = 0; i < WORKERS; i++) pthread_create(&th[i], NULL, worker, (void*)i);
  for (int i = 0; i < WORKERS; i++) pthread_join(th[i], NULL);
  int distinct = __builtin_popcountl(seen);
  tap_ok(ncpus > 1 ? distinct >= 2 : distinct == 1,
         "4 busy threads run on more than one CPU when there are several");
  tap_ok((seen & ~((2ul << cpu_ids[ncpus - 1]) - 1)) == 0, "sched_getcpu names only CPUs of the mask");

  int moved = 1, reported = 1;
  for (int i = 0; i < ncpus; i++) {
    if (pin(cpu_ids[i]) != 0 || sched_getcpu() != cpu_ids[i]) moved = 0;
    cpu_set_t now;
    CPU_ZERO(&now);
    if (sched_getaffinity(0, sizeof now, &now) != 0 || CPU_COUNT(&now) != 1 ||
        !CPU_ISSET(cpu_ids[i], &now))
      reported = 0;
  }
  tap_ok(moved, "sched_setaffinity to each CPU in turn moves the caller there at once");
  tap_ok(reported, "sched_getaffinity reads back the one-CPU mask");

  int last = cpu_ids[ncpus - 1];
  pid_t pid = fork();
  if (pid == 0) {
    cpu_set_t inherited;
    CPU_ZERO(&inherited);
    sched_getaffinity(0, sizeof inherited, &inherited);
    _exit(CPU_COUNT(&inherited) == 1 && CPU_ISSET(last, &inherited) && sched_getcpu() == last ? 0 : 1);
  }
  int status = -1;
  waitpid(pid, &status, 0);
  tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a forked child inherits the affinity mask");

  cpu_set_t far;
  CPU_ZERO(&far);
  CPU_SET(1000, &far);
  TAP_CHECK("sched_setaffinity to a CPU that does not exist", syscall(SYS_sched_setaffinity, 0, sizeof far, &far),
            EINVAL);
  TAP_CHECK("sched_setaffinity with an empty mask", syscall(SYS_sched_setaffinity, 0, 8, &(unsigned long){0}),
            EINVAL);
  TAP_CHECK("sched_setaffinity of pid -1", syscall(SYS_sched_setaffinity, -1, sizeof all, &all), ESRCH);
  TAP_CHECK("sched_setaffinity with a bad pointer", syscall(SYS_sched_setaffinity, 0, 8, (void*)8), EFAULT);
  TAP_CHECK("sched_getaffinity with 4 bytes", syscall(SYS_sched_getaffinity, 0, 4, &all), EINVAL);
  TAP_CHECK("sched_getaffinity with 12 bytes", syscall(SYS_sched_getaffinity, 0, 12, &all), EINVAL);
  TAP_CHECK("sched_getaffinity of pid -1", syscall(SYS_sched_getaffinity, -1, sizeof all, &all), ESRCH);
  TAP_CHECK("sched_getaffinity into a bad pointer", syscall(SYS_sched_getaffinity, 0, 8, (void*)8), EFAULT);
  long bytes = syscall(SYS_sched_getaffinity, 0, sizeof all, &all);
  tap_ok(bytes == 8, "sched_getaffinity writes one long (cpumask_size)");
  TAP_CHECK("sched_setaffinity back to every CPU", sched_setaffinity(0, sizeof all, &all), 0);

  unsigned cpu = 99, node = 99;
  TAP_CHECK("getcpu with both pointers", syscall(SYS_getcpu, &cpu, &node, NULL), 0);
  tap_ok((int)cpu < 64 && CPU_ISSET(cpu, &all) && node == 0, "getcpu: a CPU of the mask, node 0");
  TAP_CHECK("getcpu with NULL pointers", syscall(SYS_getcpu, NULL, NULL, NULL), 0);
  TAP_CHECK("getcpu into a bad pointer", syscall(SYS_getcpu, (void*)8, NULL, NULL), EFAULT);

  /* Two threads on two CPUs hand a token back and forth 200 times by memory alone: only
   * possible in reasonable time when they run at once (on one CPU it is not tried). */
  int ok = 1;
  if (ncpus > 1) {
    pin(cpu_ids[0]);
    pthread_t p;
    int other = cpu_ids[1];
    pthread_create(&p, NULL, ponger, &other);
    for (int i = 0; i < 200; i++) {
      __atomic_store_n(&token, 2 * i + 1, __ATOMIC_RELEASE);
      while (__atomic_load_n(&token, __ATOMIC_ACQUIRE) != 2 * i + 2) {
      }
    }
    pthread_join(p, NULL);
    ok = token == 400;
    sched_setaffinity(0, sizeof all, &all);
  }
  tap_ok(ok, "a token passed 200 times between threads pinned to two CPUs");
  return tap_done();
}
