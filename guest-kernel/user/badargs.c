/* badargs: bad pointers, descriptors, sizes, flags and numbers for every implemented syscall;
 * each must fail with the errno Linux gives, and the kernel must keep running. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define BAD ((void*)8)                            /* unmapped, low */
#define KERNELISH ((void*)0xffffffff80001000ull)  /* never a user address */
#define CHECK(name, want, ...)                 \
  do {                                         \
    errno = 0;                                 \
    long r_ = syscall(__VA_ARGS__);            \
    tap_errno(name, r_, errno, want);          \
  } while (0)

int main(void) {
  int p[2];
  pipe(p);
  char buf[64];
  void* guard = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  CHECK("write bad buffer", EFAULT, SYS_write, p[1], BAD, 10);
  CHECK("write kernel address", EFAULT, SYS_write, p[1], KERNELISH, 10);
  CHECK("write PROT_NONE page", EFAULT, SYS_write, p[1], guard, 10);
  CHECK("write huge size", EFAULT, SYS_write, p[1], buf, (size_t)-1);
  CHECK("write fd -1", EBADF, SYS_write, -1, buf, 1);
  CHECK("write fd 1000", EBADF, SYS_write, 1000, buf, 1);
  CHECK("write to read end", EBADF, SYS_write, p[0], buf, 1);
  write(p[1], "abc", 3);
  CHECK("read into bad buffer", EFAULT, SYS_read, p[0], BAD, 3);
  CHECK("read fd 77", EBADF, SYS_read, 77, buf, 1);
  CHECK("read from write end", EBADF, SYS_read, p[1], buf, 1);
  CHECK("readv too many iovecs", EINVAL, SYS_readv, p[0], buf, 5000);
  CHECK("writev bad iovec array", EFAULT, SYS_writev, p[1], BAD, 2);
  CHECK("close -1", EBADF, SYS_close, -1);
  CHECK("close 12345", EBADF, SYS_close, 12345);
  CHECK("openat bad path", EFAULT, SYS_openat, AT_FDCWD, BAD, O_RDONLY);
  CHECK("openat missing", ENOENT, SYS_openat, AT_FDCWD, "/no/such/file", O_RDONLY);
  CHECK("openat through a file", ENOTDIR, SYS_openat, AT_FDCWD, "/proc/self/exe/x", O_RDONLY);
  static char longpath[5000];
  memset(longpath, 'a', sizeof longpath - 1);
  longpath[0] = '/';
  CHECK("openat path too long", ENAMETOOLONG, SYS_openat, AT_FDCWD, longpath, O_RDONLY);
  CHECK("openat bad dirfd", EBADF, SYS_openat, 999, "x", O_RDONLY);
  CHECK("openat dir for write", EISDIR, SYS_openat, AT_FDCWD, "/tmp", O_WRONLY);
  CHECK("openat O_DIRECTORY on pipe path", ENOENT, SYS_openat, AT_FDCWD, "/nonexistent", O_DIRECTORY);
  CHECK("mmap length 0", EINVAL, SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK("mmap huge length", ENOMEM, SYS_mmap, 0, 1ull << 62, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK("mmap no map type", EINVAL, SYS_mmap, 0, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0);
  CHECK("mmap bad fd", EBADF, SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, 999, 0);
  CHECK("mmap unaligned offset", EINVAL, SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100);
  CHECK("mmap MAP_FIXED unaligned", EINVAL, SYS_mmap, 0x10001, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  CHECK("mmap pipe fd", ENODEV, SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, p[0], 0);
  CHECK("munmap unaligned", EINVAL, SYS_munmap, 0x10001, 4096);
  CHECK("munmap length 0", EINVAL, SYS_munmap, 0x10000, 0);
  CHECK("mprotect unaligned", EINVAL, SYS_mprotect, 0x10001, 4096, PROT_READ);
  CHECK("mprotect unknown prot bit", EINVAL, SYS_mprotect, guard, 4096, 0x40);
  CHECK("mprotect unmapped", ENOMEM, SYS_mprotect, 0x200000000ull, 4096, PROT_READ);
  CHECK("madvise bad advice", EINVAL, SYS_madvise, guard, 4096, 12345);
  CHECK("madvise unmapped", ENOMEM, SYS_madvise, 0x200000000ull, 4096, MADV_DONTNEED);
  CHECK("unknown syscall 999", ENOSYS, 999);
  CHECK("unknown syscall 5000", ENOSYS, 5000);
  CHECK("unknown syscall -1", ENOSYS, -1L);
  struct sigaction sa = {0};
  CHECK("rt_sigaction signal 0", EINVAL, SYS_rt_sigaction, 0, &sa, NULL, 8);
  CHECK("rt_sigaction signal 65", EINVAL, SYS_rt_sigaction, 65, &sa, NULL, 8);
  CHECK("rt_sigaction SIGKILL", EINVAL, SYS_rt_sigaction, SIGKILL, &sa, NULL, 8);
  CHECK("rt_sigaction sigsetsize 7", EINVAL, SYS_rt_sigaction, SIGUSR1, &sa, NULL, 7);
  CHECK("rt_sigaction bad act", EFAULT, SYS_rt_sigaction, SIGUSR1, BAD, NULL, 8);
  CHECK("rt_sigaction bad oldact", EFAULT, SYS_rt_sigaction, SIGUSR1, NULL, BAD, 8);
  sigset_t set;
  sigemptyset(&set);
  CHECK("rt_sigprocmask bad how", EINVAL, SYS_rt_sigprocmask, 7, &set, NULL, 8);
  CHECK("rt_sigprocmask bad set", EFAULT, SYS_rt_sigprocmask, SIG_BLOCK, BAD, NULL, 8);
  CHECK("rt_sigprocmask sigsetsize 4", EINVAL, SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4);
  struct timespec ts = {0, 2000000000};
  CHECK("clock_gettime bad clock", EINVAL, SYS_clock_gettime, 100, &ts);
  CHECK("clock_gettime bad pointer", EFAULT, SYS_clock_gettime, CLOCK_MONOTONIC, BAD);
  CHECK("nanosleep nsec too big", EINVAL, SYS_nanosleep, &ts, NULL);
  CHECK("nanosleep bad pointer", EFAULT, SYS_nanosleep, BAD, NULL);
  ts.tv_sec = -1, ts.tv_nsec = 0;
  CHECK("nanosleep negative", EINVAL, SYS_nanosleep, &ts, NULL);
  CHECK("pipe2 bad pointer", EFAULT, SYS_pipe2, BAD, 0);
  CHECK("pipe2 bad flags", EINVAL, SYS_pipe2, p, 0x1);
  CHECK("dup bad fd", EBADF, SYS_dup, 555);
  CHECK("dup3 same fd", EINVAL, SYS_dup3, p[0], p[0], 0);
  CHECK("dup3 bad flags", EINVAL, SYS_dup3, p[0], 30, 0x1);
  CHECK("dup3 newfd too big", EBADF, SYS_dup3, p[0], 1 << 20, 0);
  CHECK("fcntl bad cmd", EINVAL, SYS_fcntl, p[0], 12345, 0);
  CHECK("fcntl bad fd", EBADF, SYS_fcntl, 555, F_GETFD, 0);
  CHECK("lseek on a pipe", ESPIPE, SYS_lseek, p[0], 0, SEEK_SET);
  int fd = open("/proc/self/exe", O_RDONLY);
  CHECK("lseek bad whence", EINVAL, SYS_lseek, fd, 0, 7);
  CHECK("lseek negative", EINVAL, SYS_lseek, fd, -10, SEEK_SET);
  CHECK("ioctl TCGETS on a pipe", ENOTTY, SYS_ioctl, p[0], 0x5401, buf);
  CHECK("ioctl bad fd", EBADF, SYS_ioctl, 555, 0x5401, buf);
  CHECK("getcwd size 1", ERANGE, SYS_getcwd, buf, 1);
  CHECK("getcwd bad buffer", EFAULT, SYS_getcwd, BAD, 64);
  CHECK("wait4 no children", ECHILD, SYS_wait4, -1, NULL, 0, NULL);
  CHECK("wait4 bad options", EINVAL, SYS_wait4, -1, NULL, 0x1000, NULL);
  CHECK("kill bad signal", EINVAL, SYS_kill, getpid(), 100);
  CHECK("kill no such process", ESRCH, SYS_kill, 0x3ffffff0, 0);
  CHECK("tgkill tid 0", EINVAL, SYS_tgkill, getpid(), 0, SIGUSR1);
  CHECK("tgkill no such thread", ESRCH, SYS_tgkill, getpid(), 0x3ffffff0, 0);
  CHECK("getrandom bad flags", EINVAL, SYS_getrandom, buf, 8, 0x100);
  CHECK("getrandom bad buffer", EFAULT, SYS_getrandom, BAD, 8, 0);
  CHECK("uname bad pointer", EFAULT, SYS_uname, BAD);
  CHECK("execve bad path", EFAULT, SYS_execve, BAD, NULL, NULL);
  CHECK("execve missing", ENOENT, SYS_execve, "/no/such", NULL, NULL);
  /* Bad executables: each must be ENOEXEC, never a crash. */
  static const unsigned char elf_head[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                             2, 0, 0x34, 0x12 /* e_machine 0x1234 */};
  const struct {
    const char* name;
    const void* data;
    size_t len;
  } bad_exes[] = {
      {"execve garbage file", "this is not a program\n", 22},
      {"execve truncated ELF header", elf_head, 10},
      {"execve ELF for another machine", elf_head, sizeof elf_head},
  };
  for (size_t i = 0; i < sizeof bad_exes / sizeof bad_exes[0]; i++) {
    char path[64];
    snprintf(path, sizeof path, "/tmp/badexe-%d-%zu", getpid(), i);
    int efd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0755);
    write(efd, bad_exes[i].data, bad_exes[i].len);
    close(efd);
    char* av[] = {path, NULL};
    CHECK(bad_exes[i].name, ENOEXEC, SYS_execve, path, av, NULL);
    unlink(path);
  }
  CHECK("readlinkat bufsize 0", EINVAL, SYS_readlinkat, AT_FDCWD, "/proc/self/exe", buf, 0);
  CHECK("readlinkat not a link", EINVAL, SYS_readlinkat, AT_FDCWD, "/tmp", buf, 64);
  CHECK("newfstatat bad flags", EINVAL, SYS_newfstatat, AT_FDCWD, "/tmp", buf, 0x4);
  CHECK("newfstatat bad buffer", EFAULT, SYS_newfstatat, AT_FDCWD, "/tmp", BAD, 0);
  CHECK("fstat bad fd", EBADF, SYS_fstat, 555, buf);
  CHECK("getdents64 on a file", ENOTDIR, SYS_getdents64, fd, buf, sizeof buf);
  CHECK("getdents64 bad fd", EBADF, SYS_getdents64, 555, buf, sizeof buf);
  CHECK("mkdirat existing", EEXIST, SYS_mkdirat, AT_FDCWD, "/tmp", 0755);
  CHECK("mkdirat bad path", EFAULT, SYS_mkdirat, AT_FDCWD, BAD, 0755);
  CHECK("unlinkat bad flags", EINVAL, SYS_unlinkat, AT_FDCWD, "/tmp/x", 0x1);
  CHECK("unlinkat missing", ENOENT, SYS_unlinkat, AT_FDCWD, "/tmp/definitely-missing", 0);
  CHECK("chdir missing", ENOENT, SYS_chdir, "/no/such/dir");
  CHECK("chdir to a file", ENOTDIR, SYS_chdir, "/proc/self/exe");
  int fut = 1;
  CHECK("futex unaligned", EINVAL, SYS_futex, (char*)&fut + 1, FUTEX_WAKE, 1, NULL, NULL, 0);
  CHECK("futex unknown op", ENOSYS, SYS_futex, &fut, 99, 1, NULL, NULL, 0);
  CHECK("futex wait value mismatch", EAGAIN, SYS_futex, &fut, FUTEX_WAIT, 2, NULL, NULL, 0);
  CHECK("futex wait bad address", EFAULT, SYS_futex, BAD, FUTEX_WAIT, 0, NULL, NULL, 0);
  CHECK("futex wait_bitset mask 0", EINVAL, SYS_futex, &fut, FUTEX_WAIT_BITSET, 1, NULL, NULL, 0);
  CHECK("prlimit64 bad resource", EINVAL, SYS_prlimit64, 0, 100, NULL, buf);
  CHECK("prlimit64 bad pointer", EFAULT, SYS_prlimit64, 0, RLIMIT_STACK, NULL, BAD);
  CHECK("set_tid_address works", 0, SYS_set_tid_address, &fut);
  CHECK("clone3 bad pointer", EFAULT, SYS_clone3, BAD, 88);
  CHECK("sched_yield", 0, SYS_sched_yield);
  CHECK("brk(0) answers", 0, SYS_brk, 0);
  /* The kernel survived all of it; a child doing the same also dies only by its own fault. */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    ((void (*)(void))KERNELISH)();
    _exit(0);
  }
  int st;
  waitpid(pid, &st, 0);
  tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "jumping into kernel space: SIGSEGV");
  return tap_done();
}
