/* fuzz: 4 x 30,000 syscalls with random numbers and arguments (fixed seeds, so every run is
 * the same) from child processes whose stdin/stdout/stderr are /dev/null. The child may fail or
 * die; the kernel must keep running. Calls that would end or freeze the fuzzer itself (exit,
 * execve, clone, signals and masks, unmapping its own memory) are left out; a 10 ms SIGALRM ends
 * any blocking call. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

static uint64_t rng = 0x123456789abcdefULL;
static uint64_t next(void) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return rng;
}

static char buffer[8192];
static const char* paths[] = {"/tmp/fz",        "/tmp/fz/a", "/tmp",           "/",
                              "/proc/self/exe", "",          "/tmp/fz/../fz/b"};

static long pick_arg(void) {
  switch (next() % 12) {
    case 0:
      return 0;
    case 1:
      return -1;
    case 2:
      return (long)(next() % 64);
    case 3:
      return (long)next();
    case 4:
      return (long)buffer + (long)(next() % 4096);
    case 5:
      return (long)paths[next() % (sizeof paths / sizeof paths[0])];
    case 6:
      return 8; /* unmapped */
    case 7:
      return (long)0xffffffff80000000ULL; /* kernel space */
    case 8:
      return (long)0x80001000ULL; /* the kernel's RAM window */
    case 9:
      return (long)(1ULL << (next() % 64));
    case 10:
      return 4096;
    default:
      return (long)(next() & 0xffff);
  }
}

static int excluded(long nr) {
  switch (nr) {
    case SYS_exit:
    case SYS_exit_group:
    case SYS_execve:
    case SYS_clone:
    case SYS_clone3:
    case SYS_kill:
    case SYS_tkill:
    case SYS_tgkill:
    case SYS_rt_sigaction:
    case SYS_rt_sigprocmask:
    case SYS_rt_sigreturn:
    case SYS_rt_sigsuspend:
    case SYS_setitimer:
    case SYS_munmap:
    case SYS_mprotect:
    case SYS_madvise:
    case SYS_brk:
    case SYS_mmap:
    case SYS_mremap:
    case SYS_set_tid_address:
    case SYS_prlimit64:
    case SYS_setrlimit:
    case SYS_dup3:
    case SYS_close:
    case SYS_reboot:
    case SYS_setpgid:
    case SYS_setsid:
      return 1;
    default:
      return 0;
  }
}

static void on_alarm(int sig) { (void)sig; }

int main(void) {
  int ended = 0;
  for (int round = 0; round < 4; round++) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      rng += 0x9e3779b97f4a7c15ULL * (uint64_t)(round + 1);
      int null = open("/dev/null", O_RDWR);
      dup2(null, 0);
      dup2(null, 1);
      dup2(null, 2);
      struct sigaction sa = {0};
      sa.sa_handler = on_alarm; /* no SA_RESTART: blocking calls return EINTR */
      sigaction(SIGALRM, &sa, NULL);
      struct itimerval it = {{0, 10000}, {0, 10000}};
      setitimer(ITIMER_REAL, &it, NULL);
      syscall(SYS_mkdirat, -100, "/tmp/fz", 0755);
      int done = 0;
      for (int i = 0; i < 30000; i++) {
        long nr = (long)(next() % 300);
        if (next() % 50 == 0) nr = (long)(next() % 2000);
        if (excluded(nr)) continue;
        syscall(nr, pick_arg(), pick_arg(), pick_arg(), pick_arg(), pick_arg(), pick_arg());
        done++;
      }
      _exit(done > 10000 ? 0 : 1);
    }
    int st;
    waitpid(pid, &st, 0);
    ended += WIFEXITED(st) || WIFSIGNALED(st);
  }
  tap_ok(ended == 4, "four fuzzing children ended (exit or signal) and the kernel runs on");
  tap_ok(kill(1, SIGKILL) == 0, "kill(1, SIGKILL) is accepted and ignored: init has no handler");
  return tap_done();
}
