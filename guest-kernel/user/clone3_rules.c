/* clone3_rules: every clone3 rule of Linux (kernel/fork.c: copy_clone_args_from_user,
 * clone3_args_valid, kernel_clone, copy_process) and every effect the child and the parent
 * see, as TAP. Built for riscv64 (run on starlet) and for the host (run on its Linux kernel,
 * the oracle); the two outputs are compared case by case. Cases whose answer depends on the
 * host (privileges, namespaces) end in "# note" and are listed in the comparing test. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clone3_tramp.h"
#include "tap.h"

#define STACK_SIZE (256 * 1024)
static char* stack_base;

static int child_exit0(void* arg) {
  (void)arg;
  return 0;
}

/* Calls clone3 and reaps whatever child it made; returns the raw result. */
static long try_clone3(struct clone_args88* a, size_t size) {
  long r = clone3_run(a, size, child_exit0, NULL);
  if (r > 0) waitpid((pid_t)r, NULL, __WALL);
  return r;
}

static void expect(const char* name, long r, int want) { tap_errno(name, r < 0 ? -1 : r, r < 0 ? (int)-r : 0, want); }
static void note(const char* name, long r) { tap_note(name, r < 0 ? -1 : r, r < 0 ? (int)-r : 0); }

static struct clone_args88 fresh(uint64_t flags, int exit_signal) {
  struct clone_args88 a = {0};
  a.flags = flags;
  a.exit_signal = (uint64_t)exit_signal;
  return a;
}

/* Child functions: raw syscalls only, they may run with another tp or shared memory. */
struct range {
  char *lo, *hi;
};
static int child_checks_stack(void* arg) {
  struct range* r = arg;
  char here;
  return (&here >= r->lo && &here < r->hi) ? 0 : 1;
}
static int child_returns_42(void* arg) {
  (void)arg;
  return 42;
}
static int child_checks_tp(void* arg) { return read_thread_pointer() == (uint64_t)(uintptr_t)arg ? 0 : 1; }
static int child_checks_settid(void* arg) {
  int* p = arg;
  return *p == (int)raw_syscall4(NR_gettid, 0, 0, 0, 0) ? 0 : 1;
}
static int child_checks_handlers(void* arg) {
  (void)arg;
  uint64_t act1[4] = {7}, act2[4] = {7};
  raw_syscall4(NR_rt_sigaction, SIGUSR1, 0, (long)act1, 8);
  raw_syscall4(NR_rt_sigaction, SIGUSR2, 0, (long)act2, 8);
  return (act1[0] == (uint64_t)(uintptr_t)SIG_DFL && act2[0] == (uint64_t)(uintptr_t)SIG_IGN) ? 0 : 1;
}
static int child_checks_pid(void* arg) { return raw_syscall4(NR_getpid, 0, 0, 0, 0) == *(int*)arg ? 0 : 1; }

/* The lowest pid from `from` on that no process holds. */
static pid_t free_pid(pid_t from) {
  while (kill(from, 0) == 0 || errno != ESRCH) from++;
  return from;
}

/* In a child: capset clears CAP_SYS_ADMIN (21) and CAP_CHECKPOINT_RESTORE (40) from every
 * set, then clone3 with set_tid must answer EPERM. */
static int dropped_caps_deny_set_tid(struct clone_args88* a) {
  pid_t pid = fork();
  if (pid == 0) {
    struct { uint32_t version; int pid; } hdr = {0x20080522, 0};
    struct { uint32_t effective, permitted, inheritable; } data[2];
    if (syscall(SYS_capget, &hdr, data)) _exit(2);
    for (int i = 0; i < 2; i++) data[i].inheritable = 0;
    data[0].effective &= ~(1u << 21), data[0].permitted &= ~(1u << 21);
    data[1].effective &= ~(1u << 8), data[1].permitted &= ~(1u << 8);
    if (syscall(SYS_capset, &hdr, data)) _exit(3);
    long r = clone3_run(a, 88, child_exit0, NULL);
    if (r > 0) waitpid((pid_t)r, NULL, __WALL);
    _exit(r == -EPERM ? 0 : 4);
  }
  int status = -1;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static volatile int vfork_flag;
static int child_sets_flag_late(void* arg) {
  (void)arg;
  for (volatile long i = 0; i < 2000000; i++) {
  }
  vfork_flag = 1;
  return 0;
}
static volatile int thread_ran;
static int child_thread(void* arg) {
  (void)arg;
  thread_ran = 1;
  return 0;
}

static volatile int sigchld_count, sigusr1_count;
static void on_sigchld(int s) {
  (void)s;
  sigchld_count++;
}
static void on_sigusr1(int s) {
  (void)s;
  sigusr1_count++;
}
static void on_sigusr1_other(int s) { (void)s; }

static void wait_cleared(volatile int* ctid) {
  while (*ctid != 0) syscall(SYS_futex, ctid, FUTEX_WAIT, *ctid, NULL, NULL, 0);
}

int main(void) {
  stack_base = mmap(NULL, 4 * STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char* stack2 = stack_base + STACK_SIZE;
  signal(SIGCHLD, on_sigchld);
  signal(SIGUSR1, on_sigusr1);
  struct clone_args88 a;

  /* copy_clone_args_from_user: sizes and readability. */
  a = fresh(0, SIGCHLD);
  expect("size 0 is below CLONE_ARGS_SIZE_VER0", try_clone3(&a, 0), EINVAL);
  expect("size 63 is below CLONE_ARGS_SIZE_VER0", try_clone3(&a, 63), EINVAL);
  expect("size 4097 is above PAGE_SIZE", try_clone3(&a, 4097), E2BIG);
  expect("size 64 (VER0) accepted", try_clone3(&a, 64), 0);
  expect("size 65 (odd, between versions) accepted", try_clone3(&a, 65), 0);
  expect("size 80 (VER1) accepted", try_clone3(&a, 80), 0);
  expect("size 88 (VER2) accepted", try_clone3(&a, 88), 0);
  char* page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(page, 0, 8192);
  memcpy(page, &a, sizeof a);
  expect("size 96 with a zero tail accepted", try_clone3((struct clone_args88*)page, 96), 0);
  expect("size 4096, all zero past the struct, accepted", try_clone3((struct clone_args88*)page, 4096), 0);
  page[90] = 1;
  expect("size 96 with a non-zero byte past the struct", try_clone3((struct clone_args88*)page, 96), E2BIG);
  page[90] = 0;
  page[4095] = 1;
  expect("size 4096 with a non-zero last byte", try_clone3((struct clone_args88*)page, 4096), E2BIG);
  page[4095] = 0;
  expect("unreadable struct (address 8)", try_clone3((struct clone_args88*)8, 88), EFAULT);
  mprotect(page + 4096, 4096, PROT_NONE);
  memcpy(page + 4096 - 64, &a, 64);
  expect("struct running into a PROT_NONE page", try_clone3((struct clone_args88*)(page + 4096 - 64), 88), EFAULT);
  expect("extension bytes in a PROT_NONE page", try_clone3((struct clone_args88*)(page + 4096 - 88), 100), EFAULT);

  /* set_tid rules. */
  pid_t tids[40] = {0};
  a = fresh(0, SIGCHLD);
  a.set_tid = (uint64_t)(uintptr_t)tids;
  a.set_tid_size = 33;
  expect("set_tid_size above MAX_PID_NS_LEVEL", try_clone3(&a, 88), EINVAL);
  a.set_tid = 0;
  a.set_tid_size = 1;
  expect("set_tid_size without set_tid", try_clone3(&a, 88), EINVAL);
  a.set_tid = (uint64_t)(uintptr_t)tids;
  a.set_tid_size = 0;
  expect("set_tid without set_tid_size", try_clone3(&a, 88), EINVAL);
  a.set_tid = 8;
  a.set_tid_size = 1;
  expect("set_tid unreadable", try_clone3(&a, 88), EFAULT);
  a.set_tid = (uint64_t)(uintptr_t)tids;
  tids[0] = 0;
  expect("set_tid of 0", try_clone3(&a, 88), EINVAL);
  tids[0] = 4194304;
  expect("set_tid of PID_MAX_LIMIT (4194304)", try_clone3(&a, 88), EINVAL);
  /* Choosing a pid needs CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN, which root holds. */
  tids[0] = getpid();
  expect("set_tid of a pid in use, as root", try_clone3(&a, 88), EEXIST);
  tids[0] = free_pid(30000);
  long got = clone3_run(&a, 88, child_checks_pid, &tids[0]);
  int status = -1;
  if (got > 0) waitpid((pid_t)got, &status, __WALL);
  expect("set_tid of a free pid, as root", got, 0);
  tap_ok(got == tids[0] && status == 0, "set_tid: the child runs with the chosen pid");
  tap_ok(dropped_caps_deny_set_tid(&a), "set_tid after capset dropped both capabilities: EPERM");
  tids[0] = tids[1] = 30000;
  a.set_tid_size = 2;
  note("set_tid_size 2 (more levels than pid namespaces?)", try_clone3(&a, 88));

  /* exit_signal. */
  a = fresh(0, 0x100);
  expect("exit_signal 0x100 (beyond CSIGNAL)", try_clone3(&a, 88), EINVAL);
  a.exit_signal = 65;
  expect("exit_signal 65 is not a valid signal", try_clone3(&a, 88), EINVAL);
  a.exit_signal = (1ULL << 32) | SIGCHLD;
  expect("exit_signal with upper bits set", try_clone3(&a, 88), EINVAL);
  signal(64, SIG_IGN);
  a.exit_signal = 64;
  expect("exit_signal 64 (SIGRTMAX) is valid", try_clone3(&a, 88), 0);

  /* clone3_args_valid. */
  a = fresh(1ULL << 40, SIGCHLD);
  expect("unknown flag bit 40", try_clone3(&a, 88), EINVAL);
  a = fresh(1ULL << 34, SIGCHLD);
  expect("unknown flag bit 34", try_clone3(&a, 88), EINVAL);
  a = fresh(CLONE_DETACHED, SIGCHLD);
  expect("CLONE_DETACHED", try_clone3(&a, 88), EINVAL);
  a = fresh(SIGCHLD, 0);
  expect("CSIGNAL bits in flags", try_clone3(&a, 88), EINVAL);
  a = fresh(0x1, SIGCHLD);
  expect("CSIGNAL bit 0 in flags", try_clone3(&a, 88), EINVAL);
  a = fresh(CLONE_VM | CLONE_SIGHAND | CLONE_CLEAR_SIGHAND, SIGCHLD);
  a.stack = (uint64_t)(uintptr_t)stack2, a.stack_size = STACK_SIZE;
  expect("CLONE_SIGHAND with CLONE_CLEAR_SIGHAND", try_clone3(&a, 88), EINVAL);
  a = fresh(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD, SIGCHLD);
  a.stack = (uint64_t)(uintptr_t)stack2, a.stack_size = STACK_SIZE;
  expect("CLONE_THREAD with an exit_signal", try_clone3(&a, 88), EINVAL);
  a = fresh(CLONE_PARENT, SIGCHLD);
  expect("CLONE_PARENT with an exit_signal", try_clone3(&a, 88), EINVAL);
  a = fresh(0, SIGCHLD);
  a.stack_size = STACK_SIZE;
  expect("stack 0 with a stack_size", try_clone3(&a, 88), EINVAL);
  a.stack = (uint64_t)(uintptr_t)stack2, a.stack_size = 0;
  expect("stack without a stack_size", try_clone3(&a, 88), EINVAL);
  a.stack = 0xffffffff00000000ULL, a.stack_size = STACK_SIZE;
  expect("stack outside user space", try_clone3(&a, 88), EINVAL);
  a.stack = ~0ULL - 100, a.stack_size = 4096;
  expect("stack + stack_size overflows", try_clone3(&a, 88), EINVAL);

  /* kernel_clone and copy_process. */
  int pidfd = -1, ptid = 0;
  a = fresh(CLONE_PIDFD | CLONE_PARENT_SETTID, SIGCHLD);
  a.pidfd = a.parent_tid = (uint64_t)(uintptr_t)&pidfd;
  expect("CLONE_PIDFD and CLONE_PARENT_SETTID at the same address", try_clone3(&a, 88), EINVAL);
  a = fresh(CLONE_THREAD, 0);
  expect("CLONE_THREAD without CLONE_SIGHAND", try_clone3(&a, 88), EINVAL);
  a = fresh(CLONE_SIGHAND, 0);
  expect("CLONE_SIGHAND without CLONE_VM", try_clone3(&a, 88), EINVAL);
  a = fresh(CLONE_NEWNS | CLONE_FS, SIGCHLD);
  expect("CLONE_NEWNS with CLONE_FS", try_clone3(&a, 88), EINVAL);
  a = fresh(CLONE_NEWUSER | CLONE_FS, SIGCHLD);
  expect("CLONE_NEWUSER with CLONE_FS", try_clone3(&a, 88), EINVAL);
  a = fresh(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD | CLONE_NEWPID, 0);
  a.stack = (uint64_t)(uintptr_t)stack2, a.stack_size = STACK_SIZE;
  expect("CLONE_THREAD with CLONE_NEWPID", try_clone3(&a, 88), EINVAL);
  a = fresh(CLONE_INTO_CGROUP, SIGCHLD);
  a.cgroup = 9999;
  expect("CLONE_INTO_CGROUP with a size below VER2", try_clone3(&a, 80), EINVAL);
  a.cgroup = 1ULL << 31;
  expect("CLONE_INTO_CGROUP with cgroup above INT_MAX", try_clone3(&a, 88), EINVAL);
  a.cgroup = 9999;
  expect("CLONE_INTO_CGROUP with a closed descriptor", try_clone3(&a, 88), EBADF);
  a = fresh(CLONE_NEWUTS, SIGCHLD);
  note("CLONE_NEWUTS (privileges / CONFIG_UTS_NS)", try_clone3(&a, 88));
  a = fresh(CLONE_NEWPID, SIGCHLD);
  note("CLONE_NEWPID (privileges / CONFIG_PID_NS)", try_clone3(&a, 88));
  a = fresh(CLONE_NEWUSER, SIGCHLD);
  note("CLONE_NEWUSER (CONFIG_USER_NS)", try_clone3(&a, 88));
  a = fresh(CLONE_NEWTIME, SIGCHLD);
  note("CLONE_NEWTIME (privileges / CONFIG_TIME_NS)", try_clone3(&a, 88));

  /* What the child and the parent see. */
  int st = 0;
  a = fresh(0, SIGCHLD);
  long pid = clone3_run(&a, 88, child_returns_42, NULL);
  tap_ok(pid > 0 && waitpid((pid_t)pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 42,
         "child gets 0 and resumes after the ecall; parent gets its pid");
  struct range r = {stack2, stack2 + STACK_SIZE};
  a = fresh(0, SIGCHLD);
  a.stack = (uint64_t)(uintptr_t)stack2, a.stack_size = STACK_SIZE;
  pid = clone3_run(&a, 88, child_checks_stack, &r);
  tap_ok(pid > 0 && waitpid((pid_t)pid, &st, 0) == pid && st == 0, "child sp is within [stack, stack + stack_size)");
  char here;
  uintptr_t sp_now = (uintptr_t)&here;
  struct range pr = {(char*)(sp_now - 65536), (char*)sp_now};
  a = fresh(0, SIGCHLD);
  pid = clone3_run(&a, 88, child_checks_stack, &pr);
  tap_ok(pid > 0 && waitpid((pid_t)pid, &st, 0) == pid && st == 0, "stack 0: the child continues on the parent's sp");
  static uint64_t fake_tls[64] __attribute__((aligned(64)));
  a = fresh(CLONE_SETTLS, SIGCHLD);
  a.tls = (uint64_t)(uintptr_t)&fake_tls[32];
  pid = clone3_run(&a, 88, child_checks_tp, &fake_tls[32]);
  tap_ok(pid > 0 && waitpid((pid_t)pid, &st, 0) == pid && st == 0, "CLONE_SETTLS: the thread pointer is tls");
  ptid = 0;
  a = fresh(CLONE_PARENT_SETTID, SIGCHLD);
  a.parent_tid = (uint64_t)(uintptr_t)&ptid;
  pid = try_clone3(&a, 88);
  tap_ok(pid > 0 && ptid == pid, "CLONE_PARENT_SETTID written in the parent");
  static int ctid;
  ctid = 0;
  a = fresh(CLONE_CHILD_SETTID, SIGCHLD);
  a.child_tid = (uint64_t)(uintptr_t)&ctid;
  pid = clone3_run(&a, 88, child_checks_settid, &ctid);
  tap_ok(pid > 0 && waitpid((pid_t)pid, &st, 0) == pid && st == 0 && ctid == 0,
         "CLONE_CHILD_SETTID written in the child's memory only");
  ctid = 0;
  a = fresh(CLONE_VM | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, SIGCHLD);
  a.child_tid = (uint64_t)(uintptr_t)&ctid;
  a.stack = (uint64_t)(uintptr_t)stack2, a.stack_size = STACK_SIZE;
  pid = clone3_run(&a, 88, child_exit0, NULL);
  wait_cleared(&ctid);
  tap_ok(pid > 0 && ctid == 0, "CLONE_CHILD_CLEARTID: zeroed and futex-woken at exit");
  waitpid((pid_t)pid, &st, 0);
  sigchld_count = 0;
  a = fresh(0, SIGCHLD);
  pid = try_clone3(&a, 88);
  tap_ok(pid > 0 && sigchld_count == 1, "exit_signal SIGCHLD is delivered to the parent");
  sigusr1_count = 0;
  sigchld_count = 0;
  a = fresh(0, SIGUSR1);
  pid = clone3_run(&a, 88, child_exit0, NULL);
  errno = 0;
  long w = waitpid((pid_t)pid, &st, 0);
  tap_errno("exit_signal SIGUSR1: invisible to wait4 without __WCLONE", w, errno, ECHILD);
  w = waitpid((pid_t)pid, &st, __WCLONE);
  if (!(w == pid && st == 0 && sigusr1_count == 1 && sigchld_count == 0))
    printf("# w==pid %d st %d usr1 %d chld %d\n", w == pid, st, sigusr1_count, sigchld_count);
  tap_ok(w == pid && st == 0 && sigusr1_count == 1 && sigchld_count == 0,
         "... reaped with __WCLONE, and SIGUSR1 (not SIGCHLD) arrived");
  a = fresh(0, 0);
  pid = clone3_run(&a, 88, child_exit0, NULL);
  errno = 0;
  w = waitpid((pid_t)pid, &st, 0);
  tap_errno("exit_signal 0: invisible to plain wait4", w, errno, ECHILD);
  w = waitpid((pid_t)pid, &st, __WALL);
  tap_ok(w == pid && sigchld_count == 0 && sigusr1_count == 1, "... reaped with __WALL, and no signal was sent");
  ctid = 1;
  thread_ran = 0;
  a = fresh(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
                CLONE_CHILD_CLEARTID | CLONE_PARENT_SETTID,
            0);
  a.child_tid = (uint64_t)(uintptr_t)&ctid;
  a.parent_tid = (uint64_t)(uintptr_t)&ctid;
  a.stack = (uint64_t)(uintptr_t)stack2, a.stack_size = STACK_SIZE;
  pid = clone3_run(&a, 88, child_thread, NULL);
  wait_cleared(&ctid);
  errno = 0;
  w = waitpid((pid_t)pid, &st, __WALL | WNOHANG);
  tap_ok(pid > 0 && thread_ran && w < 0 && errno == ECHILD && sigchld_count == 0,
         "CLONE_THREAD: runs, signals nobody, is never a waitable child");
  vfork_flag = 0;
  a = fresh(CLONE_VM | CLONE_VFORK, SIGCHLD);
  a.stack = (uint64_t)(uintptr_t)stack2, a.stack_size = STACK_SIZE;
  pid = clone3_run(&a, 88, child_sets_flag_late, NULL);
  tap_ok(pid > 0 && vfork_flag == 1, "CLONE_VFORK: the parent resumes only after the child exited");
  waitpid((pid_t)pid, &st, 0);
  pidfd = -1;
  ptid = 0;
  a = fresh(CLONE_PIDFD | CLONE_PARENT_SETTID, SIGCHLD);
  a.pidfd = (uint64_t)(uintptr_t)&pidfd;
  a.parent_tid = (uint64_t)(uintptr_t)&ptid;
  pid = try_clone3(&a, 88);
  tap_ok(pid > 0 && pidfd >= 0 && ptid == pid && fcntl(pidfd, F_GETFD) == FD_CLOEXEC,
         "CLONE_PIDFD: a close-on-exec descriptor, PARENT_SETTID written too");
  if (pidfd >= 0) close(pidfd);
  a = fresh(CLONE_PIDFD, SIGCHLD);
  a.pidfd = 8;
  expect("CLONE_PIDFD with an unwritable pidfd pointer", try_clone3(&a, 88), EFAULT);
  signal(SIGUSR1, on_sigusr1_other);
  signal(SIGUSR2, SIG_IGN);
  a = fresh(CLONE_CLEAR_SIGHAND, SIGCHLD);
  pid = clone3_run(&a, 88, child_checks_handlers, NULL);
  tap_ok(pid > 0 && waitpid((pid_t)pid, &st, 0) == pid && st == 0,
         "CLONE_CLEAR_SIGHAND: handlers reset to SIG_DFL, SIG_IGN kept");
  a = fresh(0, SIGCHLD);
  pid = clone3_run(&a, 88, child_checks_handlers, NULL);
  tap_ok(pid > 0 && waitpid((pid_t)pid, &st, 0) == pid && WEXITSTATUS(st) == 1,
         "without it the child inherits the handler");
  return tap_done();
}
