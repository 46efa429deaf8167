// Guest program of bench/trap_loop.sh: N calls of one cheap syscall through syscall() (so
// each is a real ecall, never a vDSO shortcut), for a trap-heavy benchmark. Static riscv64
// glibc; runs the same on starlet and on Linux.
//
//   syscall_loop [N] [umask|getppid|getcpu]     (default: 5000000 umask)
//
// Prints one line, "syscall_loop: N calls of NAME, checksum 0x...", so the runs on two
// simulators can be compared. umask(i & 0777) returns the previous mask, (i - 1) & 0777, so
// its checksum depends on every call having happened, in order, and is the same on both
// kernels whatever the pids are (getppid's result, the parent's pid, need not be: Linux's
// kernel threads take pids in an order that depends on timing).
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char** argv) {
  long n = 5000000;
  const char* name = "umask";
  if (argc > 1) {
    char* end;
    n = strtol(argv[1], &end, 10);
    if (*argv[1] == '\0' || *end != '\0' || n < 0) {
      fprintf(stderr, "syscall_loop: bad count '%s'\n", argv[1]);
      return 2;
    }
  }
  if (argc > 2) name = argv[2];
  long nr;
  if (strcmp(name, "umask") == 0) {
    nr = SYS_umask;
  } else if (strcmp(name, "getppid") == 0) {
    nr = SYS_getppid;
  } else if (strcmp(name, "getcpu") == 0) {
    nr = SYS_getcpu;
  } else {
    fprintf(stderr, "syscall_loop: unknown syscall '%s' (umask, getppid, getcpu)\n", name);
    return 2;
  }

  uint64_t sum = 0;
  for (long i = 0; i < n; i++) {
    long r;
    if (nr == SYS_getcpu) {
      unsigned cpu = ~0u, node = ~0u;
      r = syscall(SYS_getcpu, &cpu, &node, NULL);
      if (r == 0) r = (long)cpu << 16 | node;
    } else if (nr == SYS_umask) {
      r = syscall(SYS_umask, (long)(i & 0777));
    } else {
      r = syscall(nr);
    }
    if (r < 0) {
      perror("syscall_loop");
      return 1;
    }
    sum = (sum ^ (uint64_t)r) * 0x100000001b3ull;  // FNV-1a step over the results
  }
  printf("syscall_loop: %ld calls of %s, checksum 0x%016llx\n", n, name,
         (unsigned long long)sum);
  return 0;
}
