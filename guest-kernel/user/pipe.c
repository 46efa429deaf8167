/* pipe: a pipe between two processes, large transfers, EOF, EPIPE, dup2 of stdout. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

int main(void) {
  int p[2];
  tap_ok(pipe2(p, O_CLOEXEC) == 0, "pipe2");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    static unsigned char buf[200000];
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * 7);
    size_t off = 0, chunk = 1;
    while (off < sizeof buf) {
      size_t n = chunk < sizeof buf - off ? chunk : sizeof buf - off;
      ssize_t w = write(p[1], buf + off, n);
      if (w <= 0) _exit(1);
      off += w;
      chunk = chunk * 3 + 1;
    }
    _exit(0);
  }
  close(p[1]);
  unsigned long sum = 0, total = 0;
  unsigned char buf[3000];
  ssize_t n;
  while ((n = read(p[0], buf, sizeof buf)) > 0) {
    for (ssize_t i = 0; i < n; i++) sum += buf[i] ^ (unsigned char)((total + i) * 7);
    total += n;
  }
  tap_ok(n == 0, "read returns 0 at EOF");
  tap_ok(total == 200000 && sum == 0, "200000 bytes arrive intact and in order");
  int st;
  tap_ok(waitpid(pid, &st, 0) == pid && st == 0, "writer exited 0");
  close(p[0]);

  pipe(p);
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    printf("through stdout\n");
    fflush(stdout);
    _exit(0);
  }
  close(p[1]);
  char line[64] = {0};
  n = read(p[0], line, sizeof line - 1);
  waitpid(pid, &st, 0);
  tap_ok(n == 15 && !strcmp(line, "through stdout\n"), "child's stdout redirected into the pipe");
  close(p[0]);

  signal(SIGPIPE, SIG_IGN);
  pipe(p);
  close(p[0]);
  tap_ok(write(p[1], "x", 1) < 0 && errno == EPIPE, "write with no reader: EPIPE");
  close(p[1]);
  signal(SIGPIPE, SIG_DFL);
  pipe(p);
  close(p[0]); /* no reader anywhere once the child runs */
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    write(p[1], "x", 1);
    _exit(0);
  }
  close(p[1]);
  waitpid(pid, &st, 0);
  tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "and SIGPIPE kills by default");
  pipe2(p, O_NONBLOCK);
  tap_ok(read(p[0], buf, 1) < 0 && errno == EAGAIN, "O_NONBLOCK empty read: EAGAIN");
  fd_set rs, ws;
  struct timeval tv = {0, 0};
  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  tap_ok(select(p[0] + 1, &rs, NULL, NULL, &tv) == 0 && !FD_ISSET(p[0], &rs), "select: empty pipe not readable");
  write(p[1], "y", 1);
  FD_SET(p[0], &rs);
  tv.tv_usec = 0;
  tap_ok(select(p[0] + 1, &rs, NULL, NULL, &tv) == 1 && FD_ISSET(p[0], &rs), "select: readable after a write");
  read(p[0], buf, 1);
  FD_ZERO(&ws);
  FD_SET(p[1], &ws);
  tap_ok(select(p[1] + 1, NULL, &ws, NULL, &tv) == 1 && FD_ISSET(p[1], &ws), "select: write end writable");
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  FD_SET(p[0], &rs);
  tv.tv_usec = 50000;
  int sr = select(p[0] + 1, &rs, NULL, NULL, &tv);
  clock_gettime(CLOCK_MONOTONIC, &b);
  long long el = (b.tv_sec - a.tv_sec) * 1000000000LL + b.tv_nsec - a.tv_nsec;
  tap_ok(sr == 0 && el >= 50000000, "select times out after 50 ms");
  close(p[1]);
  FD_SET(p[0], &rs);
  tv.tv_usec = 0;
  tap_ok(select(p[0] + 1, &rs, NULL, NULL, &tv) == 1, "select: EOF counts as readable");
  close(p[0]);
  FD_SET(p[0], &rs);
  tap_ok(select(p[0] + 1, &rs, NULL, NULL, &tv) < 0 && errno == EBADF, "select on a closed descriptor: EBADF");
  return tap_done();
}
