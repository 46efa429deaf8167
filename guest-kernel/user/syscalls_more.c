/* syscalls_more: pidfd_open, pidfd_send_signal, waitid, getpriority/setpriority, eventfd2,
 * flock, statfs/fstatfs, mremap, symlinkat/linkat with path walking through links, and
 * capget/capset, sendfile as Linux 6.1 answers them, as TAP. Built for the
 * host too; the comparing test expects the same lines from starlet and the host kernel. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

/* Runs the call, then reports it: errno is read after the call, never before. */
#define CHECK(name, call, want)             \
  do {                                      \
    errno = 0;                              \
    long r_ = (long)(call);                 \
    tap_errno(name, r_, errno, want);       \
  } while (0)

static pid_t child_waiting(int fd) {
  pid_t pid = fork();
  if (pid == 0) {
    char c;
    read(fd, &c, 1);
    _exit(7);
  }
  return pid;
}

static void pidfd_cases(void) {
  CHECK("pidfd_open of pid 0", syscall(SYS_pidfd_open, 0, 0), EINVAL);
  CHECK("pidfd_open with unknown flags", syscall(SYS_pidfd_open, getpid(), 1), EINVAL);
  CHECK("pidfd_open of a free pid", syscall(SYS_pidfd_open, 4194000, 0), ESRCH);
  int self = syscall(SYS_pidfd_open, getpid(), 0);
  tap_ok(self >= 0 && (fcntl(self, F_GETFD) & FD_CLOEXEC), "pidfd_open: a close-on-exec fd");
  CHECK("pidfd_send_signal 0 to ourselves", syscall(SYS_pidfd_send_signal, self, 0, NULL, 0), 0);
  CHECK("pidfd_send_signal with flag 8 (unknown)", syscall(SYS_pidfd_send_signal, self, 0, NULL, 8), EINVAL);
  CHECK("pidfd_send_signal on a non-pidfd", syscall(SYS_pidfd_send_signal, 0, 0, NULL, 0), EBADF);
  CHECK("pidfd_send_signal signal 65", syscall(SYS_pidfd_send_signal, self, 65, NULL, 0), EINVAL);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_signo = SIGUSR2;
  CHECK("pidfd_send_signal siginfo of another signal", syscall(SYS_pidfd_send_signal, self, SIGUSR1, &si, 0), EINVAL);
  close(self);

  int p[2];
  pipe(p);
  pid_t child = child_waiting(p[0]);
  int fd = syscall(SYS_pidfd_open, child, O_NONBLOCK);
  struct pollfd pf = {fd, POLLIN, 0};
  tap_ok(poll(&pf, 1, 0) == 0, "poll: a running child's pidfd is not readable");
  CHECK("waitid P_PIDFD nonblocking, child running", waitid(P_PIDFD, fd, &si, WEXITED), EAGAIN);
  CHECK("pidfd_send_signal SIGTERM to the child", syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0), 0);
  pf.revents = 0;
  tap_ok(poll(&pf, 1, 5000) == 1 && (pf.revents & POLLIN), "poll: readable once the child died");
  memset(&si, 0, sizeof si);
  CHECK("waitid P_PIDFD WEXITED|WNOWAIT", waitid(P_PIDFD, fd, &si, WEXITED | WNOWAIT), 0);
  tap_ok(si.si_signo == SIGCHLD && si.si_code == CLD_KILLED && si.si_status == SIGTERM && si.si_pid == child,
         "waitid: SIGCHLD, CLD_KILLED, status SIGTERM, the child's pid");
  CHECK("pidfd_send_signal to the zombie", syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0), 0);
  memset(&si, 0, sizeof si);
  CHECK("waitid P_PID reaps it", waitid(P_PID, child, &si, WEXITED), 0);
  tap_ok(si.si_pid == child, "waitid P_PID: the same child again (WNOWAIT kept it)");
  CHECK("pidfd_send_signal after the reap", syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0), ESRCH);
  close(fd);

  child = child_waiting(p[0]);
  memset(&si, 0x55, sizeof si);
  CHECK("waitid WNOHANG, child running", waitid(P_ALL, 0, &si, WEXITED | WNOHANG), 0);
  tap_ok(si.si_pid == 0 && si.si_signo == 0, "waitid WNOHANG: si_pid and si_signo zeroed");
  write(p[1], "x", 1);
  memset(&si, 0, sizeof si);
  CHECK("waitid P_ALL WEXITED", waitid(P_ALL, 0, &si, WEXITED), 0);
  tap_ok(si.si_code == CLD_EXITED && si.si_status == 7 && si.si_pid == child, "waitid: CLD_EXITED, status 7");
  CHECK("waitid with no children", waitid(P_ALL, 0, &si, WEXITED), ECHILD);
  CHECK("waitid without WEXITED/WSTOPPED/WCONTINUED", waitid(P_ALL, 0, &si, WNOHANG), EINVAL);
  CHECK("waitid idtype 9", waitid((idtype_t)9, 0, &si, WEXITED), EINVAL);
  CHECK("waitid P_PID 0", waitid(P_PID, 0, &si, WEXITED), EINVAL);
  CHECK("waitid P_PIDFD on a pipe", waitid(P_PIDFD, p[0], &si, WEXITED), EBADF);
  close(p[0]);
  close(p[1]);
}

static void priority_cases(void) {
  errno = 0;
  tap_ok(getpriority(PRIO_PROCESS, 0) == 0 && errno == 0, "getpriority: nice 0 at start");
  CHECK("setpriority nice 5", setpriority(PRIO_PROCESS, 0, 5), 0);
  tap_ok(getpriority(PRIO_PROCESS, 0) == 5, "getpriority: 5 after setpriority");
  tap_ok(syscall(SYS_getpriority, PRIO_PROCESS, 0) == 15, "raw getpriority answers 20 - nice");
  CHECK("setpriority nice 100 is clamped", setpriority(PRIO_PROCESS, 0, 100), 0);
  tap_ok(getpriority(PRIO_PROCESS, 0) == 19, "getpriority: 19 after clamping");
  CHECK("setpriority back to -3 (root may lower)", setpriority(PRIO_PROCESS, 0, -3), 0);
  pid_t child = fork();
  if (child == 0) _exit(getpriority(PRIO_PROCESS, 0) == -3 ? 0 : 1);
  int st;
  waitpid(child, &st, 0);
  tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "fork inherits the nice value");
  CHECK("setpriority PRIO_PGRP 0", setpriority(PRIO_PGRP, 0, 0), 0);
  CHECK("getpriority which 3", getpriority(3, 0), EINVAL);
  CHECK("getpriority of a free pid", getpriority(PRIO_PROCESS, 4194000), ESRCH);
  CHECK("setpriority of a free pid", setpriority(PRIO_PROCESS, 4194000, 0), ESRCH);
}

static void eventfd_cases(void) {
  CHECK("eventfd2 unknown flag", syscall(SYS_eventfd2, 0, 0x10), EINVAL);
  int fd = eventfd(3, EFD_NONBLOCK | EFD_CLOEXEC);
  uint64_t v = 0;
  tap_ok(read(fd, &v, 8) == 8 && v == 3, "eventfd read: the initial count");
  CHECK("eventfd read at zero, nonblocking", read(fd, &v, 8), EAGAIN);
  CHECK("eventfd read of 4 bytes", read(fd, &v, 4), EINVAL);
  v = 10;
  tap_ok(write(fd, &v, 8) == 8 && write(fd, &v, 8) == 8, "eventfd write adds");
  tap_ok(read(fd, &v, 8) == 8 && v == 20, "eventfd read: the sum, then zero");
  v = UINT64_MAX;
  CHECK("eventfd write of UINT64_MAX", write(fd, &v, 8), EINVAL);
  v = UINT64_MAX - 1;
  tap_ok(write(fd, &v, 8) == 8, "eventfd write up to the maximum");
  v = 1;
  CHECK("eventfd write past the maximum, nonblocking", write(fd, &v, 8), EAGAIN);
  struct pollfd pf = {fd, POLLIN | POLLOUT, 0};
  tap_ok(poll(&pf, 1, 0) == 1 && pf.revents == POLLIN, "poll: full counter readable, not writable");
  close(fd);
  fd = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
  tap_ok(read(fd, &v, 8) == 8 && v == 1 && read(fd, &v, 8) == 8 && v == 1, "EFD_SEMAPHORE reads 1 at a time");
  CHECK("EFD_SEMAPHORE empty", read(fd, &v, 8), EAGAIN);
  close(fd);
  /* A blocking read woken by a child's write. */
  fd = eventfd(0, 0);
  pid_t child = fork();
  if (child == 0) {
    usleep(10000);
    uint64_t one = 5;
    write(fd, &one, 8);
    _exit(0);
  }
  tap_ok(read(fd, &v, 8) == 8 && v == 5, "a blocking eventfd read waits for the write");
  waitpid(child, NULL, 0);
  close(fd);
}

/* Scratch names of our own: the host runs of parallel tests must not share them. */
static char flock_path[64], links_dir[64];

static void flock_cases(void) {
  int a = open(flock_path, O_RDWR | O_CREAT, 0644);
  int b = open(flock_path, O_RDWR);
  CHECK("flock LOCK_EX", flock(a, LOCK_EX), 0);
  CHECK("flock LOCK_EX again on the same file", flock(a, LOCK_EX), 0);
  CHECK("second open file: LOCK_SH|LOCK_NB conflicts", flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
  CHECK("downgrade to LOCK_SH", flock(a, LOCK_SH), 0);
  CHECK("second open file: LOCK_SH shares", flock(b, LOCK_SH | LOCK_NB), 0);
  CHECK("LOCK_EX|LOCK_NB against a shared lock", flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK);
  int dup_b = dup(b);
  close(b);
  CHECK("a dup keeps the lock after close", flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK);
  close(dup_b);
  CHECK("the last close releases it", flock(a, LOCK_EX | LOCK_NB), 0);
  CHECK("flock unknown operation", flock(a, 3), EINVAL);
  CHECK("flock bad fd", flock(99, LOCK_SH), EBADF);
  /* A blocking LOCK_EX in a child waits for our unlock. */
  int p[2];
  pipe(p);
  pid_t child = fork();
  if (child == 0) {
    int c = open(flock_path, O_RDWR);
    write(p[1], "r", 1);
    int r = flock(c, LOCK_EX);
    write(p[1], r == 0 ? "l" : "e", 1);
    _exit(0);
  }
  char c1 = 0, c2 = 0;
  read(p[0], &c1, 1);
  usleep(20000);
  struct pollfd pf = {p[0], POLLIN, 0};
  int early = poll(&pf, 1, 0);
  CHECK("LOCK_UN", flock(a, LOCK_UN), 0);
  read(p[0], &c2, 1);
  tap_ok(c1 == 'r' && early == 0 && c2 == 'l', "a blocked LOCK_EX gets the lock after LOCK_UN");
  waitpid(child, NULL, 0);
  close(a);
  unlink(flock_path);
}

static void statfs_cases(void) {
  struct statfs s;
  CHECK("statfs /proc", statfs("/proc", &s), 0);
  tap_ok(s.f_type == 0x9fa0, "statfs /proc: PROC_SUPER_MAGIC");
  CHECK("statfs /nonexistent", statfs("/nonexistent", &s), ENOENT);
  CHECK("fstatfs bad fd", fstatfs(99, &s), EBADF);
  int fd = open("/proc/self/status", O_RDONLY);
  tap_ok(fstatfs(fd, &s) == 0 && s.f_type == 0x9fa0 && s.f_bsize == 4096, "fstatfs of a /proc file");
  close(fd);
}

static int file_is(const char* path, const char* want) {
  char buf[64] = {0};
  int fd = open(path, O_RDONLY);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  return n >= 0 && !strcmp(buf, want);
}

static unsigned char dirent_type(const char* dir, const char* name) {
  DIR* d = opendir(dir);
  unsigned char type = 255;
  for (struct dirent* e; d && (e = readdir(d));) {
    if (!strcmp(e->d_name, name)) type = e->d_type;
  }
  if (d) closedir(d);
  return type;
}

/* links_dir + "/" + name, in one of a few rotating buffers. */
static const char* L(const char* name) {
  static char bufs[4][128];
  static int next;
  char* b = bufs[next++ % 4];
  snprintf(b, sizeof bufs[0], "%s%s%s", links_dir, *name ? "/" : "", name);
  return b;
}

static void link_cases(void) {
  struct stat st;
  char buf[64];
  mkdir(L(""), 0755);
  mkdir(L("d"), 0755);
  int fd = open(L("d/file"), O_RDWR | O_CREAT | O_TRUNC, 0644);
  write(fd, "content", 7);
  close(fd);
  CHECK("symlinkat a relative target", symlinkat("file", AT_FDCWD, L("d/rel")), 0);
  ssize_t n = readlink(L("d/rel"), buf, sizeof buf);
  tap_ok(n == 4 && !memcmp(buf, "file", 4), "readlink gives the target as written");
  tap_ok(lstat(L("d/rel"), &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 4, "lstat: a link, size = target length");
  tap_ok(stat(L("d/rel"), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 7, "stat follows to the file");
  tap_ok(file_is(L("d/rel"), "content"), "open through a relative link (from the link's directory)");
  CHECK("symlinkat a directory, absolute", symlinkat(L("d"), AT_FDCWD, L("dl")), 0);
  tap_ok(file_is(L("dl/file"), "content"), "a link in the middle of a path");
  tap_ok(file_is(L("dl/rel"), "content"), "two links on one path");
  tap_ok(dirent_type(L("d"), "rel") == DT_LNK, "getdents: DT_LNK");
  CHECK("symlinkat dangling", symlinkat(L("none"), AT_FDCWD, L("dang")), 0);
  CHECK("stat of a dangling link", stat(L("dang"), &st), ENOENT);
  CHECK("lstat of a dangling link", lstat(L("dang"), &st), 0);
  symlinkat("loop2", AT_FDCWD, L("loop1"));
  symlinkat("loop1", AT_FDCWD, L("loop2"));
  CHECK("open of a link loop", open(L("loop1"), O_RDONLY), ELOOP);
  CHECK("O_NOFOLLOW on a link", open(L("d/rel"), O_RDONLY | O_NOFOLLOW), ELOOP);
  CHECK("symlinkat over an existing name", symlinkat("x", AT_FDCWD, L("d/file")), EEXIST);
  CHECK("symlinkat with an empty target", symlinkat("", AT_FDCWD, L("e")), ENOENT);
  CHECK("readlink of a regular file", readlink(L("d/file"), buf, sizeof buf), EINVAL);
  CHECK("chdir through a link", chdir(L("dl")), 0);
  tap_ok(file_is("rel", "content"), "relative open after chdir through a link");
  chdir("/");

  CHECK("linkat a file", linkat(AT_FDCWD, L("d/file"), AT_FDCWD, L("hard"), 0), 0);
  tap_ok(stat(L("hard"), &st) == 0 && st.st_nlink == 2, "both names: nlink 2");
  fd = open(L("hard"), O_WRONLY | O_APPEND);
  write(fd, "+", 1);
  close(fd);
  tap_ok(file_is(L("d/file"), "content+"), "a write through one name shows through the other");
  unlink(L("d/file"));
  tap_ok(file_is(L("hard"), "content+") && stat(L("hard"), &st) == 0 && st.st_nlink == 1,
         "unlinking one name keeps the file, nlink 1");
  CHECK("the relative link now dangles", stat(L("d/rel"), &st), ENOENT);
  CHECK("linkat a directory", linkat(AT_FDCWD, L("d"), AT_FDCWD, L("d2"), 0), EPERM);
  CHECK("linkat onto an existing name", linkat(AT_FDCWD, L("hard"), AT_FDCWD, L("dl"), 0), EEXIST);
  CHECK("linkat with unknown flags", linkat(AT_FDCWD, L("hard"), AT_FDCWD, L("h3"), 1), EINVAL);
  CHECK("linkat of a missing file", linkat(AT_FDCWD, L("none"), AT_FDCWD, L("h4"), 0), ENOENT);
  CHECK("linkat of a link, not followed", linkat(AT_FDCWD, L("dl"), AT_FDCWD, L("dl2"), 0), 0);
  tap_ok(lstat(L("dl2"), &st) == 0 && S_ISLNK(st.st_mode), "the new name is the link itself");
  symlinkat("hard", AT_FDCWD, L("tohard"));
  CHECK("linkat AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, L("tohard"), AT_FDCWD, L("h5"), AT_SYMLINK_FOLLOW), 0);
  tap_ok(lstat(L("h5"), &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 2, "AT_SYMLINK_FOLLOW links the target");
  static const char* const names[] = {"d/rel", "dl", "dang", "loop1", "loop2", "hard", "dl2", "tohard", "h5", NULL};
  int cleaned = 1;
  for (const char* const* p = names; *p; p++) {
    char path[64];
    snprintf(path, sizeof path, L("%s"), *p);
    cleaned &= unlink(path) == 0;
  }
  cleaned &= rmdir(L("d")) == 0 && rmdir(L("")) == 0;
  tap_ok(cleaned, "unlink removes links, not their targets; the directories empty out");
}

static int unmapped(void* at, size_t len) {
  void* p = mmap(at, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (p == MAP_FAILED) return 0;
  munmap(p, len);
  return p == at;
}

static void mremap_cases(void) {
  const size_t pg = 4096;
  char* a = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(a + 3 * pg, 5 * pg);
  for (int i = 0; i < 3; i++) a[i * pg] = (char)('a' + i);
  tap_ok(mremap(a, 3 * pg, pg, 0) == a && unmapped(a + pg, 2 * pg) && a[0] == 'a', "mremap shrinks in place");
  char* g = mremap(a, pg, 4 * pg, 0);
  tap_ok(g == a && a[0] == 'a' && (a[3 * pg] = 'x') == 'x', "mremap grows in place into free pages");
  char* blocker = mmap(a + 4 * pg, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  CHECK("mremap grow blocked, no MREMAP_MAYMOVE", mremap(a, 4 * pg, 6 * pg, 0), ENOMEM);
  char* m = mremap(a, 4 * pg, 6 * pg, MREMAP_MAYMOVE);
  tap_ok(m != MAP_FAILED && m != a && m[0] == 'a' && m[3 * pg] == 'x' && (m[5 * pg] = 'y') == 'y' &&
             unmapped(a, 4 * pg),
         "MREMAP_MAYMOVE moves the pages, the old range is gone");
  munmap(blocker, pg);
  char* target = mmap(NULL, 2 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char* f = mremap(m, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, target);
  tap_ok(f == target && f[0] == 'a' && (f[pg] = 'z') == 'z', "MREMAP_FIXED replaces what was at the target");
  CHECK("MREMAP_FIXED overlapping the old range", mremap(f, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, f + pg), EINVAL);
  CHECK("MREMAP_FIXED without MREMAP_MAYMOVE", mremap(f, pg, pg, MREMAP_FIXED, m), EINVAL);
  CHECK("mremap of an unaligned address", mremap(f + 1, pg, pg, 0), EINVAL);
  CHECK("mremap to length 0", mremap(f, pg, 0, 0), EINVAL);
  CHECK("mremap with flag 8", mremap(f, pg, pg, 8), EINVAL);
  munmap(f, 2 * pg);
  CHECK("mremap of an unmapped range", mremap(f, pg, 2 * pg, MREMAP_MAYMOVE), EFAULT);
  munmap(m, 6 * pg);
}

static void cap_cases(void) {
  struct {
    uint32_t version;
    int pid;
  } hdr = {0x12345678, 0};
  uint32_t data[6];
  CHECK("capget with an unknown version", syscall(SYS_capget, &hdr, data), EINVAL);
  tap_ok(hdr.version == 0x20080522, "capget writes back _LINUX_CAPABILITY_VERSION_3");
  hdr.version = 0x12345678;
  CHECK("capget probe: unknown version, NULL data", syscall(SYS_capget, &hdr, NULL), 0);
  hdr.pid = -1;
  CHECK("capget pid -1", syscall(SYS_capget, &hdr, data), EINVAL);
  hdr.pid = 4194000;
  CHECK("capget of a free pid", syscall(SYS_capget, &hdr, data), ESRCH);
  hdr.pid = 0;
  CHECK("capget of ourselves", syscall(SYS_capget, &hdr, data), 0);
  CHECK("capset of another pid", (hdr.pid = 1, syscall(SYS_capset, &hdr, data)), EPERM);
  hdr.pid = 0;
  pid_t child = fork();
  if (child == 0) {
    /* Drop CAP_SYS_NICE (23) from effective and permitted, then try to get it back. */
    syscall(SYS_capget, &hdr, data);
    data[0] &= ~(1u << 23), data[1] &= ~(1u << 23);
    if (syscall(SYS_capset, &hdr, data)) _exit(1);
    data[0] |= 1u << 23;
    if (syscall(SYS_capset, &hdr, data) != -1 || errno != EPERM) _exit(2);
    uint32_t now[6];
    syscall(SYS_capget, &hdr, now);
    _exit(now[0] & (1u << 23) ? 3 : 0);
  }
  int st;
  waitpid(child, &st, 0);
  tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "capset drops a capability; raising it again is EPERM");
}

static char sendfile_path[64];

/* Reads the whole of `path` into buf (at most cap - 1 bytes, NUL-ended); returns the length. */
static long slurp(const char* path, char* buf, size_t cap) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  long n = read(fd, buf, cap - 1);
  close(fd);
  buf[n < 0 ? 0 : n] = 0;
  return n;
}

static void sendfile_cases(void) {
  char out_path[80], got[256];
  snprintf(out_path, sizeof out_path, "%s.out", sendfile_path);
  const char text[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  int fd = open(sendfile_path, O_CREAT | O_TRUNC | O_RDWR, 0644);
  write(fd, text, sizeof text - 1);
  close(fd);
  int in = open(sendfile_path, O_RDONLY);
  int out = open(out_path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
  long r = sendfile(out, in, NULL, 10);
  tap_ok(r == 10 && lseek(in, 0, SEEK_CUR) == 10, "sendfile without an offset: 10 bytes, the input's position moves");
  off_t off = 30;
  r = sendfile(out, in, &off, 100);
  tap_ok(r == 6 && off == 36 && lseek(in, 0, SEEK_CUR) == 10,
         "sendfile at an offset: to the end, the offset moves, the position does not");
  off = 36;
  CHECK("sendfile at the end", sendfile(out, in, &off, 5), 0);
  CHECK("sendfile of 0 bytes", sendfile(out, in, NULL, 0), 0);
  close(out);
  slurp(out_path, got, sizeof got);
  tap_ok(strcmp(got, "0123456789uvwxyz") == 0, "sendfile: the output file holds what was sent");

  out = open(out_path, O_WRONLY);
  off = -1;
  CHECK("sendfile at a negative offset", sendfile(out, in, &off, 5), EINVAL);
  CHECK("sendfile from a bad fd", sendfile(out, 999, NULL, 5), EBADF);
  CHECK("sendfile to a bad fd", sendfile(999, in, NULL, 5), EBADF);
  CHECK("sendfile to a read-only fd", sendfile(in, in, NULL, 5), EBADF);
  CHECK("sendfile from a write-only fd", sendfile(out, out, NULL, 5), EBADF);
  CHECK("sendfile with a bad offset pointer", sendfile(out, in, (off_t*)8, 5), EFAULT);
  close(out);
  out = open(out_path, O_WRONLY | O_APPEND);
  CHECK("sendfile to an O_APPEND file", sendfile(out, in, NULL, 5), EINVAL);
  close(out);

  int p[2];
  pipe(p);
  off = 0;
  r = sendfile(p[1], in, &off, 4);
  char four[5] = {0};
  tap_ok(r == 4 && read(p[0], four, 4) == 4 && strcmp(four, "0123") == 0,
         "sendfile into a pipe: the reader gets the bytes");
  CHECK("sendfile from a pipe at an offset", sendfile(p[1], p[0], &off, 4), ESPIPE);
  int ev = eventfd(0, 0);
  CHECK("sendfile to an eventfd", sendfile(ev, in, NULL, 8), EINVAL);
  close(ev);
  int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
  out = open(out_path, O_WRONLY);
  CHECK("sendfile from a directory", sendfile(out, dir, NULL, 4), EINVAL);
  close(dir);
  close(out);
  close(p[0]);
  close(p[1]);
  close(in);
  unlink(out_path);
  unlink(sendfile_path);
}

int main(void) {
  signal(SIGUSR1, SIG_IGN);
  setpgid(0, 0); /* PRIO_PGRP below must reach only us */
  snprintf(flock_path, sizeof flock_path, "/tmp/flock_test.%d", getpid());
  snprintf(links_dir, sizeof links_dir, "/tmp/sm_links.%d", getpid());
  snprintf(sendfile_path, sizeof sendfile_path, "/tmp/sendfile_test.%d", getpid());
  pidfd_cases();
  priority_cases();
  eventfd_cases();
  flock_cases();
  statfs_cases();
  link_cases();
  mremap_cases();
  cap_cases();
  sendfile_cases();
  return tap_done();
}
