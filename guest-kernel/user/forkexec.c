/* forkexec: fork, execve, exit, wait4 with WNOHANG and Linux's status encoding, kill. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

static void* idle_thread(void* arg) {
  (void)arg;
  for (;;) pause();
  return NULL;
}

int main(int argc, char** argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) {
    printf("exec'd child: argv[2]=%s\n", argc > 2 ? argv[2] : "(none)");
    return 7;
  }
  pid_t me = getpid();
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) _exit(getppid() == me ? 3 : 4);
  int st;
  tap_ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3, "fork child sees getppid");
  tap_ok(waitpid(-1, &st, WNOHANG) < 0 && errno == ECHILD, "no more children: ECHILD");
  int pfd[2];
  pipe(pfd);
  pid = fork();
  if (pid == 0) {
    char c;
    read(pfd[0], &c, 1); /* wait until the parent has polled */
    _exit(0);
  }
  tap_ok(waitpid(pid, &st, WNOHANG) == 0, "WNOHANG on a running child returns 0");
  write(pfd[1], "x", 1);
  tap_ok(waitpid(pid, &st, 0) == pid && st == 0, "then it is reaped with status 0");
  pid = fork();
  if (pid == 0) {
    for (;;) pause();
  }
  kill(pid, SIGTERM);
  tap_ok(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM && st == 15,
         "SIGTERM default action: status 15");
  pid = fork();
  if (pid == 0) {
    volatile int* volatile bad = (int*)16;
    *bad = 1;
    _exit(0);
  }
  tap_ok(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
         "a bad store kills the child with SIGSEGV");
  pid = fork();
  if (pid == 0) exit(300 & 0xff);
  tap_ok(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 44 && st == (44 << 8), "exit(300) is status 44<<8");
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    char* av[] = {"forkexec", "child", "hello", NULL};
    execv("/proc/self/exe", av);
    _exit(99);
  }
  tap_ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7, "execve runs a program: exit 7");
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    pthread_t t;
    pthread_create(&t, NULL, idle_thread, NULL);
    char* av[] = {"forkexec", "child", "from-threads", NULL};
    execv("/proc/self/exe", av);
    _exit(99);
  }
  tap_ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7,
         "execve from a multithreaded process runs a program: exit 7");
  char* spawn_av[] = {"forkexec", "child", "spawned", NULL};
  extern char** environ;
  fflush(stdout);
  int sr = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, spawn_av, environ);
  tap_ok(sr == 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7,
         "posix_spawn (CLONE_VM|CLONE_VFORK, then execve) runs a program: exit 7");
  char* av2[] = {"nope", NULL};
  tap_ok(execv("/no/such/program", av2) < 0 && errno == ENOENT, "execve of a missing file: ENOENT");
  tap_ok(execv("/tmp", av2) < 0 && errno == EACCES, "execve of a directory: EACCES");
  return tap_done();
}
