// cpus: four threads spin and record which harts they ran on (sched_getcpu); prints how
// many distinct harts the process used and exits 0 when that is at least min(2, harts).
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

enum { kThreads = 4, kMaxCpus = 64, kSamples = 200000 };

static int seen[kMaxCpus];
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;

static void* spin(void* arg) {
  (void)arg;
  int local[kMaxCpus] = {0};
  for (int i = 0; i < kSamples; ++i) {
    int cpu = sched_getcpu();
    if (cpu >= 0 && cpu < kMaxCpus) local[cpu] = 1;
  }
  pthread_mutex_lock(&seen_lock);
  for (int c = 0; c < kMaxCpus; ++c) seen[c] |= local[c];
  pthread_mutex_unlock(&seen_lock);
  return NULL;
}

int main(void) {
  pthread_t threads[kThreads];
  for (int i = 0; i < kThreads; ++i) {
    if (pthread_create(&threads[i], NULL, spin, NULL) != 0) {
      printf("cpus: pthread_create failed\n");
      return 2;
    }
  }
  for (int i = 0; i < kThreads; ++i) pthread_join(threads[i], NULL);
  int distinct = 0;
  for (int c = 0; c < kMaxCpus; ++c) distinct += seen[c];
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  long wanted = online < 2 ? 1 : 2;
  printf("cpus: %d threads ran on %d distinct hart(s) of %ld online\n", kThreads, distinct, online);
  return distinct >= wanted ? 0 : 1;
}
