/* signals: user handlers with siginfo, masks and pending sets, FP state across a handler,
 * SIGSEGV recovery with siglongjmp, SA_RESETHAND, default actions seen by a parent. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

static volatile int got_usr1, got_usr2, usr1_code, usr1_signo;
static volatile double handler_result;
static sigjmp_buf jb;

static void on_usr1(int sig, siginfo_t* si, void* uc) {
  (void)uc;
  got_usr1++;
  usr1_signo = sig;
  usr1_code = si->si_code;
  volatile double x = 1.5;
  for (int i = 0; i < 10; i++) x = x * 1.25 + 0.5;  /* clobbers FP registers */
  handler_result = x;
}
static volatile int got_chld;
static void on_chld(int sig) {
  (void)sig;
  got_chld++;
}
static void on_usr2(int sig) {
  (void)sig;
  got_usr2++;
  raise(SIGUSR1); /* nested delivery */
}
static char* alt_lo;
static volatile int on_alt_ok;
static void on_alt(int sig) {
  (void)sig;
  char here;
  on_alt_ok = &here >= alt_lo && &here < alt_lo + 65536;
}
static void on_segv(int sig) {
  (void)sig;
  siglongjmp(jb, 1);
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = on_usr1;
  sa.sa_flags = SA_SIGINFO;
  tap_ok(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction SIGUSR1 with SA_SIGINFO");
  double a = 2.0, b = 3.0;
  raise(SIGUSR1);
  double c = a * b + 0.25;
  tap_ok(got_usr1 == 1 && usr1_signo == SIGUSR1 && usr1_code == SI_TKILL, "raise runs the handler, si_code SI_TKILL");
  tap_ok(c == 6.25 && handler_result > 1.0, "FP registers survive the handler");
  signal(SIGUSR2, on_usr2);
  kill(getpid(), SIGUSR2);
  tap_ok(got_usr2 == 1 && got_usr1 == 2, "kill to self, nested raise in a handler");
  sigset_t set, old, pend;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, &old);
  raise(SIGUSR1);
  sigpending(&pend);
  tap_ok(got_usr1 == 2 && sigismember(&pend, SIGUSR1), "blocked signal stays pending");
  sigprocmask(SIG_SETMASK, &old, NULL);
  tap_ok(got_usr1 == 3, "unblocking delivers it");
  sigprocmask(SIG_BLOCK, NULL, &old);
  tap_ok(!sigismember(&old, SIGUSR1), "mask restored after the handler returned");
  signal(SIGSEGV, on_segv);
  volatile int recovered = 0;
  if (sigsetjmp(jb, 1) == 0) {
    volatile int* volatile bad = (int*)8;
    *bad = 1;
  } else {
    recovered = 1;
  }
  tap_ok(recovered, "SIGSEGV handler recovers with siglongjmp");
  sa.sa_handler = on_usr2;
  sa.sa_flags = SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR2, &sa, NULL);
  raise(SIGUSR2);
  struct sigaction now;
  sigaction(SIGUSR2, NULL, &now);
  tap_ok(got_usr2 == 2 && now.sa_handler == SIG_DFL, "SA_RESETHAND");
  signal(SIGUSR1, SIG_IGN);
  raise(SIGUSR1);
  tap_ok(got_usr1 == 4, "SIG_IGN ignores");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    raise(SIGUSR2); /* default action: terminate */
    _exit(0);
  }
  int st;
  waitpid(pid, &st, 0);
  tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR2, "default action of SIGUSR2 terminates");
  pid = fork();
  if (pid == 0) {
    signal(SIGCHLD, SIG_DFL);
    raise(SIGCHLD); /* default action: ignore */
    _exit(5);
  }
  waitpid(pid, &st, 0);
  tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 5, "default action of SIGCHLD ignores");
  pid = fork();
  if (pid == 0) {
    abort();
  }
  waitpid(pid, &st, 0);
  tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT, "abort() ends with SIGABRT");
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, NULL);
  sa.sa_sigaction = on_usr1;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, NULL);
  pid = fork();
  if (pid == 0) {
    kill(getppid(), SIGUSR1);
    _exit(0);
  }
  sigset_t wait_mask;
  sigemptyset(&wait_mask);
  int r = sigsuspend(&wait_mask);
  waitpid(pid, &st, 0);
  tap_ok(r < 0 && errno == EINTR && got_usr1 == 5 && usr1_code == SI_USER, "sigsuspend wakes for a kill from a child");
  static char alt[65536];
  alt_lo = alt;
  stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0}, old_ss;
  tap_ok(sigaltstack(&ss, NULL) == 0, "sigaltstack");
  sa.sa_handler = on_alt;
  sa.sa_flags = SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR2, &sa, NULL);
  raise(SIGUSR2);
  tap_ok(on_alt_ok, "SA_ONSTACK handler runs on the alternate stack");
  ss.ss_flags = SS_DISABLE;
  tap_ok(sigaltstack(&ss, &old_ss) == 0 && old_ss.ss_sp == alt && old_ss.ss_size == sizeof alt,
         "sigaltstack reports the old stack and disables it");
  /* A read blocked on a pipe: restarted after a SA_RESTART handler, EINTR without it. */
  for (int restart = 1; restart >= 0; restart--) {
    int p[2];
    pipe(p);
    sa.sa_handler = on_usr2;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR2, &sa, NULL);
    sigprocmask(SIG_SETMASK, &wait_mask, NULL);
    fflush(stdout);
    pid_t me = getpid();
    pid = fork();
    if (pid == 0) {
      struct timespec d = {0, 50 * 1000000};
      nanosleep(&d, NULL);
      kill(me, SIGUSR2);
      nanosleep(&d, NULL);
      write(p[1], "x", 1);
      _exit(0);
    }
    char c;
    errno = 0;
    ssize_t n = read(p[0], &c, 1);
    waitpid(pid, &st, 0);
    if (restart) {
      tap_ok(n == 1 && c == 'x', "SA_RESTART: the interrupted read restarts and gets the byte");
    } else {
      tap_ok(n < 0 && errno == EINTR, "without SA_RESTART: the read fails with EINTR");
    }
    close(p[0]);
    close(p[1]);
  }
  {
    /* A child's exit wakes the parent's wait4 and sends SIGCHLD at once: Linux looks at the
     * children again before it checks for signals, so wait4 returns the child, not EINTR. */
    struct sigaction sa_chld = {0};
    sa_chld.sa_handler = on_chld;
    sigaction(SIGCHLD, &sa_chld, NULL);
    got_chld = 0;
    int st = 0;
    pid_t pid = fork();
    if (pid == 0) {
      struct timespec d = {0, 50 * 1000000};
      nanosleep(&d, NULL);
      _exit(7);
    }
    errno = 0;
    pid_t r = waitpid(pid, &st, 0);
    tap_ok(r == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7 && got_chld == 1,
           "wait4 with a SIGCHLD handler returns the child, then the handler runs");
    sa_chld.sa_handler = SIG_DFL;
    sigaction(SIGCHLD, &sa_chld, NULL);
  }
  return tap_done();
}
