/* timetest: clocks, nanosleep, clock_nanosleep (relative and absolute), gettimeofday. */
#define _GNU_SOURCE
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

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
  return tap_done();
}
