/* threads: glibc pthreads on clone: 8 threads x 10,000 mutex-protected increments, condition
 * variables, join, detached threads, thread-local storage, exit_group from a thread. */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define THREADS 8
#define ITERS 10000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static __thread long tls_value = 42;
static __thread int tls_array[16];

static void* adder(void* arg) {
  long id = (long)arg;
  tls_value = id * 1000;
  for (int i = 0; i < 16; i++) tls_array[i] = (int)id;
  for (int i = 0; i < ITERS; i++) {
    pthread_mutex_lock(&lock);
    counter++;
    pthread_mutex_unlock(&lock);
    if (i % 1000 == 0) sched_yield();
  }
  int tls_ok = tls_value == id * 1000;
  for (int i = 0; i < 16; i++) tls_ok &= tls_array[i] == (int)id;
  return (void*)(long)(tls_ok ? syscall(SYS_gettid) : -1);
}

/* A bounded queue with two condition variables. */
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER, not_full = PTHREAD_COND_INITIALIZER;
static int queue[4], qhead, qcount;
static long consumed_sum;

static void* producer(void* arg) {
  (void)arg;
  for (int i = 1; i <= 1000; i++) {
    pthread_mutex_lock(&qlock);
    while (qcount == 4) pthread_cond_wait(&not_full, &qlock);
    queue[(qhead + qcount++) % 4] = i;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&qlock);
  }
  return NULL;
}
static void* consumer(void* arg) {
  (void)arg;
  for (int i = 0; i < 500; i++) {
    pthread_mutex_lock(&qlock);
    while (qcount == 0) pthread_cond_wait(&not_empty, &qlock);
    consumed_sum += queue[qhead];
    qhead = (qhead + 1) % 4;
    qcount--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&qlock);
  }
  return NULL;
}

static sem_t detached_done;
static volatile int detached_ran;
static void* detached(void* arg) {
  (void)arg;
  __atomic_fetch_add(&detached_ran, 1, __ATOMIC_SEQ_CST);
  sem_post(&detached_done);
  return NULL;
}

static pthread_barrier_t barrier;
static void* waiter_then_exit_group(void* arg) {
  (void)arg;
  pthread_barrier_wait(&barrier);
  exit(5); /* exit_group from a non-main thread ends the whole process */
}
static void* sleeper(void* arg) {
  (void)arg;
  pthread_barrier_wait(&barrier);
  for (;;) pause();
  return NULL;
}

int main(void) {
  pthread_t t[THREADS];
  for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, adder, (void*)(i + 1));
  int tids_ok = 1;
  for (int i = 0; i < THREADS; i++) {
    void* ret;
    pthread_join(t[i], &ret);
    tids_ok &= (long)ret > 0 && (long)ret != getpid();
  }
  printf("counter = %ld (expected %d)\n", counter, THREADS * ITERS);
  tap_ok(counter == THREADS * ITERS, "8 threads x 10000 increments give the exact total");
  tap_ok(tids_ok, "each thread had its own tid and its own TLS");
  tap_ok(tls_value == 42, "main thread's TLS untouched");
  pthread_t p, c1, c2;
  pthread_create(&c1, NULL, consumer, NULL);
  pthread_create(&c2, NULL, consumer, NULL);
  pthread_create(&p, NULL, producer, NULL);
  pthread_join(p, NULL);
  pthread_join(c1, NULL);
  pthread_join(c2, NULL);
  tap_ok(consumed_sum == 500500, "condition variables: 1000 items through a 4-slot queue");
  sem_init(&detached_done, 0, 0);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  for (int i = 0; i < 4; i++) pthread_create(&p, &attr, detached, NULL);
  for (int i = 0; i < 4; i++) sem_wait(&detached_done);
  tap_ok(detached_ran == 4, "detached threads ran");
  pthread_t many[32];
  int created = 0;
  for (int round = 0; round < 4; round++) {
    for (int i = 0; i < 32; i++) created += pthread_create(&many[i], NULL, detached, NULL) == 0;
    for (int i = 0; i < 32; i++) pthread_join(many[i], NULL);
  }
  tap_ok(created == 128, "128 threads created and joined in rounds (stacks are reused)");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    pthread_barrier_init(&barrier, NULL, 3);
    pthread_t a, b;
    pthread_create(&a, NULL, sleeper, NULL);
    pthread_create(&b, NULL, waiter_then_exit_group, NULL);
    pthread_barrier_wait(&barrier);
    for (;;) pause();
  }
  int st;
  waitpid(pid, &st, 0);
  tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 5, "exit_group from a thread ends every thread: status 5");
  return tap_done();
}
