/* clone3_repro: the failing call that started the project, unchanged. clone3 with
 * CLONE_DETACHED, exit_signal 0 and `stack` set to the TOP of a malloc'd 1 MiB buffer.
 * Linux rejects CLONE_DETACHED for clone3, so this prints "clone3: Invalid argument" and
 * exits 1 (qemu-riscv64 7.2, which lacks clone3, says "Function not implemented"). */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "clone3_tramp.h"

int main(void) {
  struct clone_args88 args = {0};
  size_t stack_size = 1 << 20;
  char* stack = malloc(stack_size);
  args.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_DETACHED;
  args.exit_signal = 0;
  args.stack = (uint64_t)(uintptr_t)(stack + stack_size); /* the mistake: the top, not the base */
  args.stack_size = stack_size;
  long pid = syscall(SYS_clone3, &args, sizeof(args));
  if (pid < 0) {
    perror("clone3");
    return 1;
  }
  if (pid == 0) _exit(0);
  printf("parent: created child %ld\n", pid);
  sleep(1);
  return 0;
}
