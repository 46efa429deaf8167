/* hog: a child that takes all memory and a fork bomb must not take the kernel down; the
 * memory comes back once they are gone. (Not compared with qemu-riscv64: on a host the
 * answer depends on the host's memory, not on the guest's 128 MiB.) */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

int main(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < 4096; i++) { /* 4 GiB at most: far beyond the guest's RAM */
      char* p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED) _exit(2);
      for (int j = 0; j < (1 << 20); j += 4096) p[j] = 1;
    }
    _exit(0);
  }
  int st;
  waitpid(pid, &st, 0);
  tap_ok(WIFSIGNALED(st) || (WIFEXITED(st) && WEXITSTATUS(st) == 2), "memory hog stopped (killed or refused)");
  pid = fork();
  if (pid == 0) {
    int made = 0;
    for (int i = 0; i < 2000; i++) {
      pid_t c = fork();
      if (c == 0) {
        pause();
        _exit(0);
      }
      if (c < 0) break;
      made++;
    }
    kill(0, SIGKILL); /* the whole process group, including this one */
    _exit(made > 0 ? 0 : 1);
  }
  setpgid(pid, pid);
  waitpid(pid, &st, 0);
  tap_ok(WIFSIGNALED(st) || WIFEXITED(st), "fork bomb ended");
  char* p = malloc(32 << 20);
  int ok = p != NULL;
  for (int j = 0; ok && j < (32 << 20); j += 4096) p[j] = 1;
  tap_ok(ok, "32 MiB usable again afterwards");
  return tap_done();
}
