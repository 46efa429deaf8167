/* memory: brk, anonymous private and shared mmap, MAP_FIXED, MAP_FIXED_NOREPLACE, PROT_NONE
 * guard pages, MAP_STACK, mprotect, munmap, MADV_DONTNEED, the faults they cause, and fork's
 * private copies (written by either side, by the kernel, or by a thread still running). */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

/* Runs fn in a child and returns the signal that killed it (0 if it exited). */
static int faults(void (*fn)(void* p), void* p) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    fn(p);
    _exit(0);
  }
  int st;
  waitpid(pid, &st, 0);
  return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}
static void write_byte(void* p) { *(volatile char*)p = 1; }
static void read_byte(void* p) { (void)*(volatile char*)p; }

/* A thread that keeps writing a private page while another thread forks: the child must see
 * the page as it was at the fork, however long the writer goes on (on another hart too). */
static volatile long ticker;
static volatile int ticker_stop, ticker_running;
static void* tick(void* arg) {
  (void)arg;
  ticker_running = 1;
  while (!ticker_stop) ticker++;
  return NULL;
}

static void fork_copies(void) {
  enum { kPages = 256 };
  char* buf = mmap(NULL, kPages * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  for (int i = 0; i < kPages; i++) buf[i * 4096] = (char)i;
  int to_child[2], status;
  pipe(to_child);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int ok = 1;
    for (int i = 0; i < kPages; i += 2) buf[i * 4096] = (char)~i; /* the child writes half */
    sleep(0);
    char byte;
    read(to_child[0], &byte, 1); /* the parent has written every page by now */
    for (int i = 0; i < kPages; i++) ok &= buf[i * 4096] == (char)(i % 2 ? i : ~i);
    /* The kernel writes into a page the parent shares: read() into it. */
    buf[4096 + 1] = 0;
    write(to_child[1], "k", 1);
    read(to_child[0], buf + 4096 + 1, 1);
    ok &= buf[4096 + 1] == 'k';
    _exit(ok ? 0 : 1);
  }
  int parent_ok = 1;
  for (int i = 0; i < kPages; i++) buf[i * 4096] = (char)(i + 1); /* the parent writes all */
  write(to_child[1], "x", 1);
  waitpid(pid, &status, 0);
  for (int i = 0; i < kPages; i++) parent_ok &= buf[i * 4096] == (char)(i + 1);
  tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
         "fork: the child's pages are its own, whatever the parent writes after the fork");
  tap_ok(parent_ok && buf[4096 + 1] == 0, "fork: the parent's pages stay its own (the child's and the kernel's writes)");
  close(to_child[0]);
  close(to_child[1]);
  munmap(buf, kPages * 4096);

  /* The fork and the wait are two ecalls with nothing written to memory between them (no
   * stack, no status word): otherwise the parent's first write after the fork, copying a page,
   * would flush the writer's TLB too and hide a fork that forgot to. The child reports
   * through a shared page. */
  int* verdict = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  *verdict = -1;
  pthread_t th;
  pthread_create(&th, NULL, tick, NULL);
  while (!ticker_running) sched_yield();
  fflush(stdout);
  register long a0 asm("a0") = SIGCHLD;
  register long a1 asm("a1") = 0;
  register long a2 asm("a2") = 0;
  register long a3 asm("a3") = 0;
  register long a4 asm("a4") = 0;
  asm volatile(
      "li a7, %[clone]\n"
      "ecall\n"
      "beqz a0, 1f\n"
      "li a1, 0\n"
      "li a2, 0\n"
      "li a3, 0\n"
      "li a7, %[wait4]\n"
      "ecall\n" /* wait4(pid, NULL, 0, NULL): a0 is still the pid */
      "1:\n"
      : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4)
      : [clone] "i"(SYS_clone), [wait4] "i"(SYS_wait4)
      : "a5", "a6", "a7", "memory");
  if (a0 == 0) {
    long first = ticker;
    for (volatile int spin = 0; spin < 200000; spin++) {
    }
    sched_yield();
    *verdict = ticker == first;
    _exit(0);
  }
  long before = ticker;
  while (ticker == before) sched_yield();
  ticker_stop = 1;
  pthread_join(th, NULL);
  tap_ok(*verdict == 1, "fork beside a writing thread: the child's copy stays still while the thread goes on");
}

int main(void) {
  char* b0 = sbrk(0);
  tap_ok(brk(b0 + 100000) == 0, "brk grows");
  memset(b0, 0x5a, 100000);
  tap_ok(b0[99999] == 0x5a, "new brk memory is usable");
  tap_ok(brk(b0 + 10) == 0 && sbrk(0) == b0 + 10, "brk shrinks");
  tap_ok(faults(write_byte, b0 + 50000) == SIGSEGV, "memory above a shrunk brk faults");

  size_t len = 16 * 4096;
  char* p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  tap_ok(p != MAP_FAILED && ((uintptr_t)p & 4095) == 0, "anonymous private mmap, page aligned");
  int zero = 1;
  for (size_t i = 0; i < len; i++) zero &= p[i] == 0;
  tap_ok(zero, "fresh pages read as zero");
  memset(p, 7, len);
  tap_ok(mprotect(p + 4096, 4096, PROT_READ) == 0, "mprotect one page read-only");
  tap_ok(faults(write_byte, p + 4096) == SIGSEGV, "writing it faults");
  tap_ok(faults(read_byte, p + 4096) == 0 && p[4096] == 7, "reading it does not");
  tap_ok(mprotect(p + 2 * 4096, 4096, PROT_NONE) == 0, "PROT_NONE guard page");
  tap_ok(faults(read_byte, p + 2 * 4096) == SIGSEGV, "touching the guard page faults");
  tap_ok(mprotect(p + 2 * 4096, 4096, PROT_READ | PROT_WRITE) == 0 && p[2 * 4096] == 7,
         "contents survive PROT_NONE and back");
  tap_ok(madvise(p + 3 * 4096, 2 * 4096, MADV_DONTNEED) == 0 && p[3 * 4096] == 0 && p[5 * 4096 - 1] == 0 &&
             p[5 * 4096] == 7,
         "MADV_DONTNEED: private pages read back as zero");
  char* fixed = mmap(p + 8 * 4096, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  tap_ok(fixed == p + 8 * 4096 && fixed[0] == 0 && p[7 * 4096] == 7, "MAP_FIXED replaces one page");
  errno = 0;
  void* r = mmap(p, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  tap_ok(r == MAP_FAILED && errno == EEXIST, "MAP_FIXED_NOREPLACE over a mapping: EEXIST");
  tap_ok(munmap(p + 10 * 4096, 4096) == 0, "munmap a page in the middle");
  tap_ok(faults(read_byte, p + 10 * 4096) == SIGSEGV, "the hole faults");
  tap_ok(p[11 * 4096] == 7 && p[9 * 4096] == 7, "its neighbours stay");
  tap_ok(munmap(p, len) == 0, "munmap the rest (holes included)");

  char* st = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  tap_ok(st != MAP_FAILED, "MAP_STACK");
  st[(1 << 20) - 1] = 1;

  int* shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int* priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  *shared = 1;
  *priv = 1;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    *shared = 42;
    *priv = 42;
    _exit(0);
  }
  int s;
  waitpid(pid, &s, 0);
  tap_ok(*shared == 42, "MAP_SHARED: the child's write is seen by the parent");
  tap_ok(*priv == 1, "MAP_PRIVATE: it is not");

  int* ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  *ro = 5;
  mprotect(ro, 4096, PROT_READ);
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    mprotect(ro, 4096, PROT_READ | PROT_WRITE);
    *ro = 9;
    _exit(*ro == 9 ? 0 : 1);
  }
  waitpid(pid, &s, 0);
  tap_ok(s == 0 && *ro == 5, "read-only private page after fork: the child's mprotect+write stays its own");

  fork_copies();

  char* big = mmap(NULL, 1ull << 30, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  tap_ok(big != MAP_FAILED, "1 GiB PROT_NONE reservation (what glibc does for thread arenas)");
  tap_ok(mprotect(big, 1 << 20, PROT_READ | PROT_WRITE) == 0, "commit 1 MiB of it");
  big[12345] = 3;
  tap_ok(big[12345] == 3 && munmap(big, 1ull << 30) == 0, "use it and release it");
  return tap_done();
}
