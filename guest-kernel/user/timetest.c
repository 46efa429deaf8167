/* timetest: clocks, nanosleep, clock_nanosleep (relative and absolute), gettimeofday. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

static volatile int alarms;
static void on_alarm(int sig) {
  (void)sig;
  alarms++;
}

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
  struct timespec a, b;
  tap_ok(clock_gettime(CLOCK_MONOTONIC, &a) == 0, "clock_gettime MONOTONIC");
  struct timespec d = {0, 50 * 1000000};
  tap_ok(nanosleep(&d, NULL) == 0, "nanosleep 50 ms");
  clock_gettime(CLOCK_MONOTONIC, &b);
  long long el = ns(b) - ns(a);
  tap_ok(el >= 50000000 && el < 2000000000, "slept at least 50 ms and less than 2 s");
  clock_gettime(CLOCK_MONOTONIC, &a);
  struct timespec until = a;
  until.tv_nsec += 30 * 1000000;
  if (until.tv_nsec >= 1000000000) until.tv_sec++, until.tv_nsec -= 1000000000;
  tap_ok(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == 0, "clock_nanosleep absolute");
  clock_gettime(CLOCK_MONOTONIC, &b);
  tap_ok(ns(b) >= ns(until), "woke after the absolute deadline");
  d.tv_nsec = 20 * 1000000;
  tap_ok(clock_nanosleep(CLOCK_REALTIME, 0, &d, NULL) == 0, "clock_nanosleep relative REALTIME");
  struct timeval tv;
  tap_ok(gettimeofday(&tv, NULL) == 0 && tv.tv_sec > 1600000000, "gettimeofday is after 2020");
  time_t t = time(NULL);
  tap_ok(t > 1600000000 && t - tv.tv_sec < 5, "time() agrees with gettimeofday");
  struct timespec r;
  clock_gettime(CLOCK_REALTIME, &r);
  tap_ok(r.tv_sec - tv.tv_sec < 5, "CLOCK_REALTIME agrees");
  tap_ok(clock_getres(CLOCK_MONOTONIC, &r) == 0 && r.tv_sec == 0 && r.tv_nsec > 0, "clock_getres");
  long long prev = 0;
  int mono = 1;
  for (int i = 0; i < 1000; i++) {
    clock_gettime(CLOCK_MONOTONIC, &a);
    if (ns(a) < prev) mono = 0;
    prev = ns(a);
  }
  tap_ok(mono, "MONOTONIC never goes back");
  tap_ok(sysconf(_SC_CLK_TCK) == 100, "AT_CLKTCK is 100");
  signal(SIGALRM, on_alarm);
  struct itimerval it = {{0, 20000}, {0, 30000}};
  tap_ok(setitimer(ITIMER_REAL, &it, NULL) == 0, "setitimer ITIMER_REAL 30 ms then every 20 ms");
  while (alarms < 3) pause();
  struct itimerval off = {{0, 0}, {0, 0}}, old;
  setitimer(ITIMER_REAL, &off, &old);
  tap_ok(alarms == 3 && old.it_interval.tv_usec == 20000, "three SIGALRMs, interval reported back");
  alarm(1);
  tap_ok(alarm(0) == 1, "alarm() returns the seconds left");
  struct itimerval bad = {{0, 0}, {0, 1000000}};
  tap_ok(setitimer(ITIMER_REAL, &bad, NULL) < 0 && errno == EINVAL, "tv_usec 1000000: EINVAL");
  return tap_done();
}
