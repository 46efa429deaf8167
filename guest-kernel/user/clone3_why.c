/* clone3_why: four clone3 calls that each break one rule of Linux's clone3 (size too
 * small, a non-zero tail past the kernel's struct, CLONE_THREAD with an exit_signal, a
 * stack_size without a stack), one after the other, for rvscope's --why tests. Every call
 * fails, so no child is ever made; prints each result as "name: -errno". */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "clone3_tramp.h"

static void call(const char* name, void* args, size_t size) {
  long r = syscall(SYS_clone3, args, size);
  printf("%s: %ld\n", name, r < 0 ? -(long)errno : r);
}

int main(void) {
  struct clone_args88 a;
  /* 96 bytes: the 88 the kernel knows and a tail it must find all zero. */
  static uint64_t big[12];

  memset(&a, 0, sizeof a);
  a.exit_signal = SIGCHLD;
  call("size 56 is below CLONE_ARGS_SIZE_VER0", &a, 56);

  memset(big, 0, sizeof big);
  big[4] = SIGCHLD;
  big[11] = 1;
  call("size 96 with a non-zero byte past the struct", big, sizeof big);

  memset(&a, 0, sizeof a);
  a.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
  a.exit_signal = SIGCHLD;
  call("CLONE_THREAD with an exit_signal", &a, sizeof a);

  memset(&a, 0, sizeof a);
  a.exit_signal = SIGCHLD;
  a.stack_size = 4096;
  call("stack 0 with a stack_size", &a, sizeof a);
  return 0;
}
