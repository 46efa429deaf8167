// Linux user-mode runtime: write(2) and exit_group(2) as raw ecalls.
#include "rt.h"

static long sys3(long n, long a0, long a1, long a2) {
  register long r_a0 __asm__("a0") = a0;
  register long r_a1 __asm__("a1") = a1;
  register long r_a2 __asm__("a2") = a2;
  register long r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
  return r_a0;
}

void rt_write(const char* buf, u64 len) { sys3(64, 1, (long)buf, (long)len); }

void rt_exit(int code) {
  for (;;) sys3(94, code, 0, 0);
}
