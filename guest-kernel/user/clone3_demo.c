/* clone3_demo: the corrected call. `stack` is the BASE of the buffer (the kernel adds
 * stack_size), no CLONE_DETACHED, SIGCHLD as exit_signal, and an assembly trampoline
 * (clone3_tramp.h) so that the child runs its function on its own stack and exits. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clone3_tramp.h"

#define STACK_SIZE (1 << 20)

static int child_main(void* arg) {
  char* base = arg;
  char here;
  int on_own_stack = &here >= base && &here < base + STACK_SIZE;
  printf("child: running on its own stack: %s\n", on_own_stack ? "yes" : "no");
  fflush(stdout);
  return on_own_stack ? 0 : 1;
}

int main(void) {
  char* stack = malloc(STACK_SIZE);
  struct clone_args88 args = {0};
  args.exit_signal = SIGCHLD;
  args.stack = (uint64_t)(uintptr_t)stack; /* the lowest address: Linux adds stack_size */
  args.stack_size = STACK_SIZE;
  fflush(stdout);
  long pid = clone3_run(&args, sizeof args, child_main, stack);
  if (pid < 0) {
    errno = (int)-pid;
    perror("clone3");
    return 1;
  }
  int status;
  if (waitpid((pid_t)pid, &status, 0) != pid) {
    perror("waitpid");
    return 1;
  }
  printf("parent: child exited, status 0x%x (exit code %d)\n", status, WEXITSTATUS(status));
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
