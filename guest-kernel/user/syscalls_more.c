/* syscalls_more: pidfd_open, pidfd_send_signal, waitid, getpriority/setpriority, eventfd2,
 * flock, statfs/fstatfs, mremap, symlinkat/linkat with path walking through links, and
 * capget/capset, sendfile, epoll, mknodat with FIFOs and unshare (its flags other than the
 * namespaces), a close under another thread's blocking read, chroot and syslog (only the actions
 * that leave the host's log and console as they are), as Linux 6.1 answers them, as TAP. Built for the
 * host too; the comparing test expects the same lines from starlet and the host kernel. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
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
  TAP_CHECK("pidfd_open of pid 0", syscall(SYS_pidfd_open, 0, 0), EINVAL);
  TAP_CHECK("pidfd_open with unknown flags", syscall(SYS_pidfd_open, getpid(), 1), EINVAL);
  TAP_CHECK("pidfd_open of a free pid", syscall(SYS_pidfd_open, 4194000, 0), ESRCH);
  int self = syscall(SYS_pidfd_open, getpid(), 0);
  tap_ok(self >= 0 && (fcntl(self, F_GETFD) & FD_CLOEXEC), "pidfd_open: a close-on-exec fd");
  TAP_CHECK("pidfd_send_signal 0 to ourselves", syscall(SYS_pidfd_send_signal, self, 0, NULL, 0), 0);
  TAP_CHECK("pidfd_send_signal with flag 8 (unknown)", syscall(SYS_pidfd_send_signal, self, 0, NULL, 8), EINVAL);
  TAP_CHECK("pidfd_send_signal on a non-pidfd", syscall(SYS_pidfd_send_signal, 0, 0, NULL, 0), EBADF);
  TAP_CHECK("pidfd_send_signal signal 65", syscall(SYS_pidfd_send_signal, self, 65, NULL, 0), EINVAL);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_signo = SIGUSR2;
  TAP_CHECK("pidfd_send_signal siginfo of another signal", syscall(SYS_pidfd_send_signal, self, SIGUSR1, &si, 0), EINVAL);
  close(self);

  int p[2];
  pipe(p);
  pid_t child = child_waiting(p[0]);
  int fd = syscall(SYS_pidfd_open, child, O_NONBLOCK);
  struct pollfd pf = {fd, POLLIN, 0};
  tap_ok(poll(&pf, 1, 0) == 0, "poll: a running child's pidfd is not readable");
  TAP_CHECK("waitid P_PIDFD nonblocking, child running", waitid(P_PIDFD, fd, &si, WEXITED), EAGAIN);
  TAP_CHECK("pidfd_send_signal SIGTERM to the child", syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0), 0);
  pf.revents = 0;
  tap_ok(poll(&pf, 1, 5000) == 1 && (pf.revents & POLLIN), "poll: readable once the child died");
  memset(&si, 0, sizeof si);
  TAP_CHECK("waitid P_PIDFD WEXITED|WNOWAIT", waitid(P_PIDFD, fd, &si, WEXITED | WNOWAIT), 0);
  tap_ok(si.si_signo == SIGCHLD && si.si_code == CLD_KILLED && si.si_status == SIGTERM && si.si_pid == child,
         "waitid: SIGCHLD, CLD_KILLED, status SIGTERM, the child's pid");
  TAP_CHECK("pidfd_send_signal to the zombie", syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0), 0);
  memset(&si, 0, sizeof si);
  TAP_CHECK("waitid P_PID reaps it", waitid(P_PID, child, &si, WEXITED), 0);
  tap_ok(si.si_pid == child, "waitid P_PID: the same child again (WNOWAIT kept it)");
  TAP_CHECK("pidfd_send_signal after the reap", syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0), ESRCH);
  close(fd);

  child = child_waiting(p[0]);
  memset(&si, 0x55, sizeof si);
  TAP_CHECK("waitid WNOHANG, child running", waitid(P_ALL, 0, &si, WEXITED | WNOHANG), 0);
  tap_ok(si.si_pid == 0 && si.si_signo == 0, "waitid WNOHANG: si_pid and si_signo zeroed");
  write(p[1], "x", 1);
  memset(&si, 0, sizeof si);
  TAP_CHECK("waitid P_ALL WEXITED", waitid(P_ALL, 0, &si, WEXITED), 0);
  tap_ok(si.si_code == CLD_EXITED && si.si_status == 7 && si.si_pid == child, "waitid: CLD_EXITED, status 7");
  TAP_CHECK("waitid with no children", waitid(P_ALL, 0, &si, WEXITED), ECHILD);
  TAP_CHECK("waitid without WEXITED/WSTOPPED/WCONTINUED", waitid(P_ALL, 0, &si, WNOHANG), EINVAL);
  TAP_CHECK("waitid idtype 9", waitid((idtype_t)9, 0, &si, WEXITED), EINVAL);
  TAP_CHECK("waitid P_PID 0", waitid(P_PID, 0, &si, WEXITED), EINVAL);
  TAP_CHECK("waitid P_PIDFD on a pipe", waitid(P_PIDFD, p[0], &si, WEXITED), EBADF);
  close(p[0]);
  close(p[1]);
}

static void priority_cases(void) {
  errno = 0;
  tap_ok(getpriority(PRIO_PROCESS, 0) == 0 && errno == 0, "getpriority: nice 0 at start");
  TAP_CHECK("setpriority nice 5", setpriority(PRIO_PROCESS, 0, 5), 0);
  tap_ok(getpriority(PRIO_PROCESS, 0) == 5, "getpriority: 5 after setpriority");
  tap_ok(syscall(SYS_getpriority, PRIO_PROCESS, 0) == 15, "raw getpriority answers 20 - nice");
  TAP_CHECK("setpriority nice 100 is clamped", setpriority(PRIO_PROCESS, 0, 100), 0);
  tap_ok(getpriority(PRIO_PROCESS, 0) == 19, "getpriority: 19 after clamping");
  TAP_CHECK("setpriority back to -3 (root may lower)", setpriority(PRIO_PROCESS, 0, -3), 0);
  pid_t child = fork();
  if (child == 0) _exit(getpriority(PRIO_PROCESS, 0) == -3 ? 0 : 1);
  int st;
  waitpid(child, &st, 0);
  tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "fork inherits the nice value");
  TAP_CHECK("setpriority PRIO_PGRP 0", setpriority(PRIO_PGRP, 0, 0), 0);
  TAP_CHECK("getpriority which 3", getpriority(3, 0), EINVAL);
  TAP_CHECK("getpriority of a free pid", getpriority(PRIO_PROCESS, 4194000), ESRCH);
  TAP_CHECK("setpriority of a free pid", setpriority(PRIO_PROCESS, 4194000, 0), ESRCH);
}

static void eventfd_cases(void) {
  TAP_CHECK("eventfd2 unknown flag", syscall(SYS_eventfd2, 0, 0x10), EINVAL);
  int fd = eventfd(3, EFD_NONBLOCK | EFD_CLOEXEC);
  uint64_t v = 0;
  tap_ok(read(fd, &v, 8) == 8 && v == 3, "eventfd read: the initial count");
  TAP_CHECK("eventfd read at zero, nonblocking", read(fd, &v, 8), EAGAIN);
  TAP_CHECK("eventfd read of 4 bytes", read(fd, &v, 4), EINVAL);
  v = 10;
  tap_ok(write(fd, &v, 8) == 8 && write(fd, &v, 8) == 8, "eventfd write adds");
  tap_ok(read(fd, &v, 8) == 8 && v == 20, "eventfd read: the sum, then zero");
  v = UINT64_MAX;
  TAP_CHECK("eventfd write of UINT64_MAX", write(fd, &v, 8), EINVAL);
  v = UINT64_MAX - 1;
  tap_ok(write(fd, &v, 8) == 8, "eventfd write up to the maximum");
  v = 1;
  TAP_CHECK("eventfd write past the maximum, nonblocking", write(fd, &v, 8), EAGAIN);
  struct pollfd pf = {fd, POLLIN | POLLOUT, 0};
  tap_ok(poll(&pf, 1, 0) == 1 && pf.revents == POLLIN, "poll: full counter readable, not writable");
  close(fd);
  fd = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
  tap_ok(read(fd, &v, 8) == 8 && v == 1 && read(fd, &v, 8) == 8 && v == 1, "EFD_SEMAPHORE reads 1 at a time");
  TAP_CHECK("EFD_SEMAPHORE empty", read(fd, &v, 8), EAGAIN);
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
  TAP_CHECK("flock LOCK_EX", flock(a, LOCK_EX), 0);
  TAP_CHECK("flock LOCK_EX again on the same file", flock(a, LOCK_EX), 0);
  TAP_CHECK("second open file: LOCK_SH|LOCK_NB conflicts", flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
  TAP_CHECK("downgrade to LOCK_SH", flock(a, LOCK_SH), 0);
  TAP_CHECK("second open file: LOCK_SH shares", flock(b, LOCK_SH | LOCK_NB), 0);
  TAP_CHECK("LOCK_EX|LOCK_NB against a shared lock", flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK);
  int dup_b = dup(b);
  close(b);
  TAP_CHECK("a dup keeps the lock after close", flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK);
  close(dup_b);
  TAP_CHECK("the last close releases it", flock(a, LOCK_EX | LOCK_NB), 0);
  TAP_CHECK("flock unknown operation", flock(a, 3), EINVAL);
  TAP_CHECK("flock bad fd", flock(99, LOCK_SH), EBADF);
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
  TAP_CHECK("LOCK_UN", flock(a, LOCK_UN), 0);
  read(p[0], &c2, 1);
  tap_ok(c1 == 'r' && early == 0 && c2 == 'l', "a blocked LOCK_EX gets the lock after LOCK_UN");
  waitpid(child, NULL, 0);
  close(a);
  unlink(flock_path);
}

static void statfs_cases(void) {
  struct statfs s;
  TAP_CHECK("statfs /proc", statfs("/proc", &s), 0);
  tap_ok(s.f_type == 0x9fa0, "statfs /proc: PROC_SUPER_MAGIC");
  TAP_CHECK("statfs /nonexistent", statfs("/nonexistent", &s), ENOENT);
  TAP_CHECK("fstatfs bad fd", fstatfs(99, &s), EBADF);
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
  TAP_CHECK("symlinkat a relative target", symlinkat("file", AT_FDCWD, L("d/rel")), 0);
  ssize_t n = readlink(L("d/rel"), buf, sizeof buf);
  tap_ok(n == 4 && !memcmp(buf, "file", 4), "readlink gives the target as written");
  tap_ok(lstat(L("d/rel"), &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 4, "lstat: a link, size = target length");
  tap_ok(stat(L("d/rel"), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 7, "stat follows to the file");
  tap_ok(file_is(L("d/rel"), "content"), "open through a relative link (from the link's directory)");
  TAP_CHECK("symlinkat a directory, absolute", symlinkat(L("d"), AT_FDCWD, L("dl")), 0);
  tap_ok(file_is(L("dl/file"), "content"), "a link in the middle of a path");
  tap_ok(file_is(L("dl/rel"), "content"), "two links on one path");
  tap_ok(dirent_type(L("d"), "rel") == DT_LNK, "getdents: DT_LNK");
  TAP_CHECK("symlinkat dangling", symlinkat(L("none"), AT_FDCWD, L("dang")), 0);
  TAP_CHECK("stat of a dangling link", stat(L("dang"), &st), ENOENT);
  TAP_CHECK("lstat of a dangling link", lstat(L("dang"), &st), 0);
  symlinkat("loop2", AT_FDCWD, L("loop1"));
  symlinkat("loop1", AT_FDCWD, L("loop2"));
  TAP_CHECK("open of a link loop", open(L("loop1"), O_RDONLY), ELOOP);
  TAP_CHECK("O_NOFOLLOW on a link", open(L("d/rel"), O_RDONLY | O_NOFOLLOW), ELOOP);
  TAP_CHECK("symlinkat over an existing name", symlinkat("x", AT_FDCWD, L("d/file")), EEXIST);
  TAP_CHECK("symlinkat with an empty target", symlinkat("", AT_FDCWD, L("e")), ENOENT);
  TAP_CHECK("readlink of a regular file", readlink(L("d/file"), buf, sizeof buf), EINVAL);
  TAP_CHECK("chdir through a link", chdir(L("dl")), 0);
  tap_ok(file_is("rel", "content"), "relative open after chdir through a link");
  chdir("/");

  TAP_CHECK("linkat a file", linkat(AT_FDCWD, L("d/file"), AT_FDCWD, L("hard"), 0), 0);
  tap_ok(stat(L("hard"), &st) == 0 && st.st_nlink == 2, "both names: nlink 2");
  fd = open(L("hard"), O_WRONLY | O_APPEND);
  write(fd, "+", 1);
  close(fd);
  tap_ok(file_is(L("d/file"), "content+"), "a write through one name shows through the other");
  unlink(L("d/file"));
  tap_ok(file_is(L("hard"), "content+") && stat(L("hard"), &st) == 0 && st.st_nlink == 1,
         "unlinking one name keeps the file, nlink 1");
  TAP_CHECK("the relative link now dangles", stat(L("d/rel"), &st), ENOENT);
  TAP_CHECK("linkat a directory", linkat(AT_FDCWD, L("d"), AT_FDCWD, L("d2"), 0), EPERM);
  TAP_CHECK("linkat onto an existing name", linkat(AT_FDCWD, L("hard"), AT_FDCWD, L("dl"), 0), EEXIST);
  TAP_CHECK("linkat with unknown flags", linkat(AT_FDCWD, L("hard"), AT_FDCWD, L("h3"), 1), EINVAL);
  TAP_CHECK("linkat of a missing file", linkat(AT_FDCWD, L("none"), AT_FDCWD, L("h4"), 0), ENOENT);
  TAP_CHECK("linkat of a link, not followed", linkat(AT_FDCWD, L("dl"), AT_FDCWD, L("dl2"), 0), 0);
  tap_ok(lstat(L("dl2"), &st) == 0 && S_ISLNK(st.st_mode), "the new name is the link itself");
  symlinkat("hard", AT_FDCWD, L("tohard"));
  TAP_CHECK("linkat AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, L("tohard"), AT_FDCWD, L("h5"), AT_SYMLINK_FOLLOW), 0);
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
  TAP_CHECK("mremap grow blocked, no MREMAP_MAYMOVE", mremap(a, 4 * pg, 6 * pg, 0), ENOMEM);
  char* m = mremap(a, 4 * pg, 6 * pg, MREMAP_MAYMOVE);
  tap_ok(m != MAP_FAILED && m != a && m[0] == 'a' && m[3 * pg] == 'x' && (m[5 * pg] = 'y') == 'y' &&
             unmapped(a, 4 * pg),
         "MREMAP_MAYMOVE moves the pages, the old range is gone");
  munmap(blocker, pg);
  char* target = mmap(NULL, 2 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char* f = mremap(m, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, target);
  tap_ok(f == target && f[0] == 'a' && (f[pg] = 'z') == 'z', "MREMAP_FIXED replaces what was at the target");
  TAP_CHECK("MREMAP_FIXED overlapping the old range", mremap(f, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, f + pg), EINVAL);
  TAP_CHECK("MREMAP_FIXED without MREMAP_MAYMOVE", mremap(f, pg, pg, MREMAP_FIXED, m), EINVAL);
  TAP_CHECK("mremap of an unaligned address", mremap(f + 1, pg, pg, 0), EINVAL);
  TAP_CHECK("mremap to length 0", mremap(f, pg, 0, 0), EINVAL);
  TAP_CHECK("mremap with flag 8", mremap(f, pg, pg, 8), EINVAL);
  munmap(f, 2 * pg);
  TAP_CHECK("mremap of an unmapped range", mremap(f, pg, 2 * pg, MREMAP_MAYMOVE), EFAULT);
  munmap(m, 6 * pg);
}

static void cap_cases(void) {
  struct {
    uint32_t version;
    int pid;
  } hdr = {0x12345678, 0};
  uint32_t data[6];
  TAP_CHECK("capget with an unknown version", syscall(SYS_capget, &hdr, data), EINVAL);
  tap_ok(hdr.version == 0x20080522, "capget writes back _LINUX_CAPABILITY_VERSION_3");
  hdr.version = 0x12345678;
  TAP_CHECK("capget probe: unknown version, NULL data", syscall(SYS_capget, &hdr, NULL), 0);
  hdr.pid = -1;
  TAP_CHECK("capget pid -1", syscall(SYS_capget, &hdr, data), EINVAL);
  hdr.pid = 4194000;
  TAP_CHECK("capget of a free pid", syscall(SYS_capget, &hdr, data), ESRCH);
  hdr.pid = 0;
  TAP_CHECK("capget of ourselves", syscall(SYS_capget, &hdr, data), 0);
  TAP_CHECK("capset of another pid", (hdr.pid = 1, syscall(SYS_capset, &hdr, data)), EPERM);
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
  TAP_CHECK("sendfile at the end", sendfile(out, in, &off, 5), 0);
  TAP_CHECK("sendfile of 0 bytes", sendfile(out, in, NULL, 0), 0);
  close(out);
  slurp(out_path, got, sizeof got);
  tap_ok(strcmp(got, "0123456789uvwxyz") == 0, "sendfile: the output file holds what was sent");

  out = open(out_path, O_WRONLY);
  off = -1;
  TAP_CHECK("sendfile at a negative offset", sendfile(out, in, &off, 5), EINVAL);
  TAP_CHECK("sendfile from a bad fd", sendfile(out, 999, NULL, 5), EBADF);
  TAP_CHECK("sendfile to a bad fd", sendfile(999, in, NULL, 5), EBADF);
  TAP_CHECK("sendfile to a read-only fd", sendfile(in, in, NULL, 5), EBADF);
  TAP_CHECK("sendfile from a write-only fd", sendfile(out, out, NULL, 5), EBADF);
  TAP_CHECK("sendfile with a bad offset pointer", sendfile(out, in, (off_t*)8, 5), EFAULT);
  close(out);
  out = open(out_path, O_WRONLY | O_APPEND);
  TAP_CHECK("sendfile to an O_APPEND file", sendfile(out, in, NULL, 5), EINVAL);
  close(out);

  int p[2];
  pipe(p);
  off = 0;
  r = sendfile(p[1], in, &off, 4);
  char four[5] = {0};
  tap_ok(r == 4 && read(p[0], four, 4) == 4 && strcmp(four, "0123") == 0,
         "sendfile into a pipe: the reader gets the bytes");
  TAP_CHECK("sendfile from a pipe at an offset", sendfile(p[1], p[0], &off, 4), ESPIPE);
  int ev = eventfd(0, 0);
  TAP_CHECK("sendfile to an eventfd", sendfile(ev, in, NULL, 8), EINVAL);
  close(ev);
  int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
  out = open(out_path, O_WRONLY);
  TAP_CHECK("sendfile from a directory", sendfile(out, dir, NULL, 4), EINVAL);
  close(dir);
  close(out);
  close(p[0]);
  close(p[1]);
  close(in);
  unlink(out_path);
  unlink(sendfile_path);
}

/* One epoll_wait, reported with what it returned: the count and each event's bits and data. */
static void epoll_expect(const char* name, int ep, int timeout_ms, const char* want) {
  struct epoll_event ev[4];
  memset(ev, 0, sizeof ev);
  int n = epoll_wait(ep, ev, 4, timeout_ms);
  char got[128];
  int len = snprintf(got, sizeof got, "%d", n < 0 ? -errno : n);
  for (int i = 0; i < n && i < 4; i++) {
    len += snprintf(got + len, sizeof got - len, " [%#x %llu]", ev[i].events,
                    (unsigned long long)ev[i].data.u64);
  }
  char line[256];
  snprintf(line, sizeof line, "%s: %s", name, got);
  tap_ok(strcmp(got, want) == 0, line);
}

static int epoll_add(int ep, int fd, unsigned events, unsigned long long data) {
  struct epoll_event e = {.events = events, .data.u64 = data};
  return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
}

static int epoll_mod(int ep, int fd, unsigned events, unsigned long long data) {
  struct epoll_event e = {.events = events, .data.u64 = data};
  return epoll_ctl(ep, EPOLL_CTL_MOD, fd, &e);
}

static void epoll_cases(void) {
  struct epoll_event e = {.events = EPOLLIN};
  TAP_CHECK("epoll_create1 with unknown flags", epoll_create1(1), EINVAL);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  tap_ok(ep >= 0 && (fcntl(ep, F_GETFD) & FD_CLOEXEC), "epoll_create1(EPOLL_CLOEXEC): a close-on-exec fd");
  int p[2];
  pipe(p);
  TAP_CHECK("epoll_ctl ADD a pipe", epoll_add(ep, p[0], EPOLLIN, 42), 0);
  TAP_CHECK("epoll_ctl ADD it again", epoll_add(ep, p[0], EPOLLIN, 42), EEXIST);
  epoll_expect("epoll_wait on an empty pipe", ep, 0, "0");
  write(p[1], "ab", 2);
  epoll_expect("epoll_wait on a readable pipe", ep, 0, "1 [0x1 42]");
  epoll_expect("level-triggered: again", ep, 0, "1 [0x1 42]");
  TAP_CHECK("epoll_ctl MOD to edge-triggered", epoll_mod(ep, p[0], EPOLLIN | EPOLLET, 43), 0);
  epoll_expect("edge-triggered: the level after MOD", ep, 0, "1 [0x1 43]");
  epoll_expect("edge-triggered: no new write", ep, 0, "0");
  write(p[1], "c", 1);
  epoll_expect("edge-triggered: after a write", ep, 0, "1 [0x1 43]");
  TAP_CHECK("epoll_ctl MOD to one-shot", epoll_mod(ep, p[0], EPOLLIN | EPOLLONESHOT, 44), 0);
  epoll_expect("one-shot: fires", ep, 0, "1 [0x1 44]");
  write(p[1], "d", 1);
  epoll_expect("one-shot: disarmed", ep, 0, "0");
  TAP_CHECK("epoll_ctl MOD re-arms", epoll_mod(ep, p[0], EPOLLIN | EPOLLONESHOT, 45), 0);
  epoll_expect("one-shot: fires again", ep, 0, "1 [0x1 45]");
  TAP_CHECK("epoll_ctl MOD to EPOLLOUT on the read end", epoll_mod(ep, p[0], EPOLLOUT, 46), 0);
  epoll_expect("EPOLLOUT on a read end", ep, 0, "0");
  TAP_CHECK("epoll_ctl DEL", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), 0);
  TAP_CHECK("epoll_ctl DEL again", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), ENOENT);
  TAP_CHECK("epoll_ctl MOD of a missing item", epoll_mod(ep, p[0], EPOLLIN, 0), ENOENT);

  TAP_CHECK("epoll_ctl ADD the write end for EPOLLOUT", epoll_add(ep, p[1], EPOLLOUT, 7), 0);
  epoll_expect("a pipe's write end is writable", ep, 0, "1 [0x4 7]");
  TAP_CHECK("epoll_ctl DEL the write end", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL), 0);
  TAP_CHECK("epoll_ctl ADD the read end with RDNORM", epoll_add(ep, p[0], EPOLLIN | EPOLLRDNORM, 8), 0);
  epoll_expect("a pipe says RDNORM too", ep, 0, "1 [0x41 8]");
  close(p[1]);
  epoll_expect("the writer closed: data and hang-up", ep, 0, "1 [0x51 8]");
  char buf[8];
  read(p[0], buf, sizeof buf);
  epoll_expect("drained: hang-up only", ep, 0, "1 [0x10 8]");
  close(p[0]);
  epoll_expect("the file's last close leaves the list", ep, 0, "0");
  pipe(p);
  TAP_CHECK("epoll_ctl ADD a new file at the same fd", epoll_add(ep, p[0], EPOLLIN, 9), 0);
  int dup_fd = dup(p[0]);
  close(p[0]);
  write(p[1], "x", 1);
  epoll_expect("a closed fd whose file lives on (dup) still reports", ep, 0, "1 [0x1 9]");
  TAP_CHECK("epoll_ctl DEL by the closed fd", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), EBADF);
  close(dup_fd);
  epoll_expect("the dup's close removes it", ep, 0, "0");

  char path[80];
  snprintf(path, sizeof path, "%s.epoll", sendfile_path);
  int file = open(path, O_CREAT | O_RDWR, 0644);
  TAP_CHECK("epoll_ctl ADD a regular file", epoll_add(ep, file, EPOLLIN, 0), EPERM);
  int null = open("/dev/null", O_RDWR);
  TAP_CHECK("epoll_ctl ADD /dev/null", epoll_add(ep, null, EPOLLIN, 0), EPERM);
  TAP_CHECK("epoll_ctl ADD the epoll to itself", epoll_add(ep, ep, EPOLLIN, 0), EINVAL);
  TAP_CHECK("epoll_ctl on an fd that is not an epoll", epoll_add(p[1], ep, EPOLLIN, 0), EINVAL);
  TAP_CHECK("epoll_ctl on a bad epoll fd", epoll_add(999, p[1], EPOLLIN, 0), EBADF);
  TAP_CHECK("epoll_ctl of a bad fd", epoll_add(ep, 999, EPOLLIN, 0), EBADF);
  TAP_CHECK("epoll_ctl with an unknown op", epoll_ctl(ep, 7, p[1], &e), EINVAL);
  TAP_CHECK("epoll_ctl ADD without an event", epoll_ctl(ep, EPOLL_CTL_ADD, p[1], NULL), EFAULT);
  TAP_CHECK("epoll_ctl ADD exclusive and one-shot", epoll_add(ep, p[1], EPOLLOUT | EPOLLEXCLUSIVE | EPOLLONESHOT, 0), EINVAL);
  TAP_CHECK("epoll_ctl MOD exclusive", epoll_mod(ep, p[1], EPOLLOUT | EPOLLEXCLUSIVE, 0), EINVAL);
  TAP_CHECK("epoll_ctl ADD exclusive", epoll_add(ep, p[1], EPOLLOUT | EPOLLEXCLUSIVE, 10), 0);
  TAP_CHECK("epoll_ctl MOD of an exclusive item", epoll_mod(ep, p[1], EPOLLOUT, 0), EINVAL);
  /* The read end is closed: a pipe's write end then says EPOLLERR. */
  epoll_expect("an exclusive item reports", ep, 0, "1 [0xc 10]");
  TAP_CHECK("epoll_wait into NULL with an event ready", syscall(SYS_epoll_pwait, ep, NULL, 1, 0, NULL, 8), EFAULT);
  epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL);
  close(file);
  close(null);
  unlink(path);

  struct epoll_event ev[1];
  TAP_CHECK("epoll_wait for 0 events", epoll_wait(ep, ev, 0, 0), EINVAL);
  /* NULL passes access_ok: with nothing to report nothing is written. */
  TAP_CHECK("epoll_wait into NULL, nothing ready", syscall(SYS_epoll_pwait, ep, NULL, 1, 0, NULL, 8), 0);
  TAP_CHECK("epoll_wait into the kernel's half", syscall(SYS_epoll_pwait, ep, (void*)-4096L, 1, 0, NULL, 8), EFAULT);
  TAP_CHECK("epoll_wait on a pipe", epoll_wait(p[1], ev, 1, 0), EINVAL);
  TAP_CHECK("epoll_wait on a bad fd", epoll_wait(999, ev, 1, 0), EBADF);
  TAP_CHECK("epoll_pwait with a bad sigset size", syscall(SYS_epoll_pwait, ep, ev, 1, 0, &e, 4), EINVAL);

  int inner = epoll_create1(0);
  int ev_fd = eventfd(0, 0);
  TAP_CHECK("epoll_ctl ADD an eventfd", epoll_add(inner, ev_fd, EPOLLIN | EPOLLOUT, 11), 0);
  TAP_CHECK("epoll_ctl ADD an epoll into another", epoll_add(ep, inner, EPOLLIN, 12), 0);
  TAP_CHECK("epoll_ctl ADD the outer into the inner", epoll_add(inner, ep, EPOLLIN, 0), ELOOP);
  epoll_expect("nested: the inner has an event", ep, 0, "1 [0x1 12]");
  epoll_expect("the inner's eventfd is writable", inner, 0, "1 [0x4 11]");
  epoll_mod(inner, ev_fd, EPOLLIN, 11);
  epoll_expect("nested: nothing readable inside", ep, 0, "0");
  uint64_t one = 1;
  write(ev_fd, &one, 8);
  epoll_expect("nested: the eventfd was written", ep, 0, "1 [0x1 12]");
  epoll_expect("the inner reports the eventfd", inner, 0, "1 [0x1 11]");
  close(ev_fd);
  close(inner);
  epoll_expect("the inner's close leaves the outer", ep, 0, "0");

  /* Two items ready at once report in the order they were added. */
  int ord[2];
  pipe(ord);
  int ev_a = eventfd(0, 0), ev_b = eventfd(0, 0);
  epoll_add(ep, ev_b, EPOLLOUT, 21);
  epoll_add(ep, ev_a, EPOLLOUT, 22);
  epoll_expect("two ready items: in the order added", ep, 0, "2 [0x4 21] [0x4 22]");
  close(ev_a);
  close(ev_b);
  close(ord[0]);
  close(ord[1]);

  /* Blocking: a child writes while we sleep in epoll_wait; a timeout with nothing to say. */
  epoll_add(ep, p[1], EPOLLOUT | EPOLLET, 13);
  epoll_expect("edge-triggered EPOLLOUT at ADD", ep, 0, "1 [0xc 13]");
  epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL);
  int q[2];
  pipe(q);
  epoll_add(ep, q[0], EPOLLIN, 14);
  pid_t child = fork();
  if (child == 0) {
    usleep(20000);
    write(q[1], "w", 1);
    _exit(0);
  }
  epoll_expect("epoll_wait blocks until a child writes", ep, -1, "1 [0x1 14]");
  waitpid(child, NULL, 0);
  read(q[0], buf, 1);
  epoll_expect("epoll_wait times out", ep, 30, "0");
  close(q[0]);
  close(q[1]);
  close(p[1]);
  close(ep);
}

static void fifo_cases(void) {
  char fifo[80], node[80], link[128], got[16];
  snprintf(fifo, sizeof fifo, "%s.fifo", sendfile_path);
  snprintf(node, sizeof node, "%s.node", sendfile_path);
  mode_t old_mask = umask(022);
  TAP_CHECK("mknodat a FIFO", mknod(fifo, S_IFIFO | 0666, 0), 0);
  struct stat st;
  stat(fifo, &st);
  tap_ok(S_ISFIFO(st.st_mode) && (st.st_mode & 07777) == 0644 && st.st_size == 0,
         "the FIFO's node: S_IFIFO, 0666 less the umask, empty");
  TAP_CHECK("mknodat over an existing name", mknod(fifo, S_IFIFO | 0600, 0), EEXIST);
  TAP_CHECK("mknodat a directory", mknod(node, S_IFDIR | 0755, 0), EPERM);
  TAP_CHECK("mknodat an unknown type", mknod(node, 0150000 | 0644, 0), EINVAL);
  TAP_CHECK("mknodat an unknown type where the directory is missing", mknod("/nonexistent/x", 0150000, 0), EINVAL);
  TAP_CHECK("mknodat where the directory is missing", mknod("/nonexistent/x", S_IFIFO | 0600, 0), ENOENT);
  TAP_CHECK("mknodat with a bad dirfd", syscall(SYS_mknodat, 999, "x", S_IFIFO | 0600, 0), EBADF);
  TAP_CHECK("mknodat type 0: a regular file", mknod(node, 0640, 0), 0);
  stat(node, &st);
  tap_ok(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0640, "type 0 makes a regular file");
  unlink(node);
  TAP_CHECK("mknodat a socket's node", mknod(node, S_IFSOCK | 0600, 0), 0);
  stat(node, &st);
  tap_ok(S_ISSOCK(st.st_mode), "the socket's node is S_IFSOCK");
  TAP_CHECK("open a socket's node", open(node, O_RDONLY), ENXIO);
  unlink(node);
  umask(old_mask);

  TAP_CHECK("open a FIFO for writing, non-blocking, no reader", open(fifo, O_WRONLY | O_NONBLOCK), ENXIO);
  int r = open(fifo, O_RDONLY | O_NONBLOCK);
  tap_ok(r >= 0, "open a FIFO for reading, non-blocking, no writer: at once");
  TAP_CHECK("read before any writer: end of file", read(r, got, sizeof got), 0);
  struct pollfd pfd = {.fd = r, .events = POLLIN};
  int n = poll(&pfd, 1, 0);
  tap_ok(n == 0 && pfd.revents == 0, "poll before any writer: no hang-up yet");
  int w = open(fifo, O_WRONLY | O_NONBLOCK);
  tap_ok(w >= 0, "open for writing once a reader is there");
  TAP_CHECK("read with a writer and no data", read(r, got, sizeof got), EAGAIN);
  write(w, "hi", 2);
  memset(got, 0, sizeof got);
  tap_ok(read(r, got, sizeof got) == 2 && strcmp(got, "hi") == 0, "the reader gets what the writer wrote");
  TAP_CHECK("lseek on a FIFO", lseek(r, 0, SEEK_SET), ESPIPE);
  struct stat fst;
  fstat(r, &fst);
  stat(fifo, &st);
  tap_ok(S_ISFIFO(fst.st_mode) && fst.st_ino == st.st_ino, "fstat of an end is the FIFO's node");
  char fdpath[64];
  snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", r);
  memset(link, 0, sizeof link);
  readlink(fdpath, link, sizeof link - 1);
  tap_ok(strcmp(link, fifo) == 0, "/proc/self/fd/N names the FIFO's path");
  close(w);
  pfd.revents = 0;
  n = poll(&pfd, 1, 0);
  tap_ok(n == 1 && pfd.revents == POLLHUP, "poll after the writer closed: hang-up");
  close(r);

  int rw = open(fifo, O_RDWR);
  tap_ok(rw >= 0, "open a FIFO O_RDWR: at once, both ends");
  tap_ok(write(rw, "abc", 3) == 3 && read(rw, got, 3) == 3 && memcmp(got, "abc", 3) == 0,
         "O_RDWR: reads back its own writes");
  write(rw, "left", 4);
  close(rw);
  rw = open(fifo, O_RDWR | O_NONBLOCK);
  TAP_CHECK("the last close empties the pipe", read(rw, got, sizeof got), EAGAIN);
  close(rw);

  pid_t child = fork();
  if (child == 0) {
    int cw = open(fifo, O_WRONLY); /* waits for the parent's open */
    write(cw, "x", 1);
    close(cw);
    _exit(0);
  }
  r = open(fifo, O_RDONLY); /* waits for the child's */
  memset(got, 0, sizeof got);
  tap_ok(r >= 0 && read(r, got, sizeof got) == 1 && got[0] == 'x' && read(r, got, sizeof got) == 0,
         "blocking opens meet: the data, then end of file");
  waitpid(child, NULL, 0);
  close(r);
  TAP_CHECK("unlink a FIFO", unlink(fifo), 0);
}

static int unshare_pipe[2];
static long unshare_thread_result;

/* A thread that takes a private fd table and closes one end of the pipe in it only. */
static void* unshare_files_thread(void* arg) {
  (void)arg;
  unshare_thread_result = unshare(CLONE_FILES);
  close(unshare_pipe[0]);
  return NULL;
}

static int hold_pipe[2];
static void* waiting_thread(void* arg) {
  (void)arg;
  char c;
  read(hold_pipe[0], &c, 1);
  return NULL;
}

static void unshare_cases(void) {
  TAP_CHECK("unshare(0)", unshare(0), 0);
  TAP_CHECK("unshare of a CSIGNAL bit", unshare(0x11), EINVAL);
  TAP_CHECK("unshare(CLONE_FILES | CLONE_FS)", unshare(CLONE_FILES | CLONE_FS), 0);
  TAP_CHECK("unshare(CLONE_THREAD), one thread", unshare(CLONE_THREAD), 0);
  TAP_CHECK("unshare(CLONE_SIGHAND | CLONE_VM), one thread", unshare(CLONE_SIGHAND | CLONE_VM), 0);
  pipe(unshare_pipe);
  pthread_t t;
  pthread_create(&t, NULL, unshare_files_thread, NULL);
  pthread_join(t, NULL);
  tap_ok(unshare_thread_result == 0 && fcntl(unshare_pipe[0], F_GETFD) >= 0,
         "a thread's unshare(CLONE_FILES) then close leaves our fd open");
  close(unshare_pipe[0]);
  close(unshare_pipe[1]);
  pipe(hold_pipe);
  pthread_create(&t, NULL, waiting_thread, NULL);
  TAP_CHECK("unshare(CLONE_VM) with a second thread", unshare(CLONE_VM), EINVAL);
  TAP_CHECK("unshare(CLONE_THREAD) with a second thread", unshare(CLONE_THREAD), EINVAL);
  TAP_CHECK("unshare(CLONE_FILES) with a second thread", unshare(CLONE_FILES), 0);
  write(hold_pipe[1], "x", 1);
  pthread_join(t, NULL);
  close(hold_pipe[0]);
  close(hold_pipe[1]);
}

/* Another thread's close of the fd a read blocks on: the read keeps its file (Linux's fdget)
 * and returns the data written afterwards. */
static int blocked_pipe[2];
static volatile int reader_started;
static long blocked_read_result;
static char blocked_read_byte;
static void* blocked_reader(void* arg) {
  (void)arg;
  reader_started = 1;
  blocked_read_result = read(blocked_pipe[0], &blocked_read_byte, 1);
  return NULL;
}

static void close_while_blocked_cases(void) {
  pipe(blocked_pipe);
  pthread_t t;
  pthread_create(&t, NULL, blocked_reader, NULL);
  while (!reader_started) sched_yield();
  usleep(50000); /* into the read */
  TAP_CHECK("close of the fd another thread's read waits on", close(blocked_pipe[0]), 0);
  write(blocked_pipe[1], "y", 1);
  pthread_join(t, NULL);
  tap_ok(blocked_read_result == 1 && blocked_read_byte == 'y',
         "that read still returns the byte written after the close");
  close(blocked_pipe[1]);
}

/* In a child, so the test's own root stays: its cases continue our numbering and it hands
 * the counts back through a pipe. */
static void chroot_cases(void) {
  char dir[64], file[80], plain[64];
  snprintf(dir, sizeof dir, "/tmp/sm_chroot.%d", getpid());
  snprintf(file, sizeof file, "%s/inside", dir);
  snprintf(plain, sizeof plain, "/tmp/sm_chroot_file.%d", getpid());
  mkdir(dir, 0755);
  close(open(file, O_CREAT | O_WRONLY, 0644));
  close(open(plain, O_CREAT | O_WRONLY, 0644));
  int counts[2];
  pipe(counts);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    TAP_CHECK("chroot to a missing directory", syscall(SYS_chroot, "/tmp/sm_chroot_missing"), ENOENT);
    TAP_CHECK("chroot to a file", syscall(SYS_chroot, plain), ENOTDIR);
    TAP_CHECK("chroot with a bad pointer", syscall(SYS_chroot, (char*)8), EFAULT);
    TAP_CHECK("chroot to a directory", syscall(SYS_chroot, dir), 0);
    char cwd[256] = "";
    long n = syscall(SYS_getcwd, cwd, sizeof cwd);
    tap_ok(n > 0 && strncmp(cwd, "(unreachable)/", 14) == 0,
           "getcwd of a cwd outside the new root: (unreachable)/...");
    TAP_CHECK("open of a file at the new root", close(open("/inside", O_RDONLY)), 0);
    TAP_CHECK("the old /tmp is not there", open("/tmp", O_RDONLY), ENOENT);
    struct stat root, up;
    tap_ok(stat("/", &root) == 0 && stat("/../..", &up) == 0 && root.st_ino == up.st_ino,
           "/.. of the new root is the root");
    TAP_CHECK("chdir into the new root", chdir("/"), 0);
    n = syscall(SYS_getcwd, cwd, sizeof cwd);
    tap_ok(n == 2 && strcmp(cwd, "/") == 0, "getcwd there: /");
    int c[2] = {tap_n, tap_failed};
    write(counts[1], c, sizeof c);
    fflush(stdout);
    _exit(0);
  }
  int c[2] = {tap_n, tap_failed + 1};
  waitpid(pid, NULL, 0);
  read(counts[0], c, sizeof c);
  tap_n = c[0];
  tap_failed = c[1];
  close(counts[0]);
  close(counts[1]);
  unlink(file);
  rmdir(dir);
  unlink(plain);
}

static void syslog_cases(void) {
  static char log[1 << 16];
  int size = klogctl(10, NULL, 0);
  tap_ok(size > 0, "syslog SIZE_BUFFER: the log's size");
  long n = klogctl(3, log, sizeof log);
  tap_ok(n > 0 && log[0] == '<' && log[n - 1] == '\n', "syslog READ_ALL: whole lines, each <level> first");
  TAP_CHECK("syslog READ_ALL with 0 bytes", klogctl(3, log, 0), 0);
  TAP_CHECK("syslog READ_ALL into NULL", klogctl(3, NULL, 10), EINVAL);
  TAP_CHECK("syslog READ_ALL with a negative length", klogctl(3, log, -1), EINVAL);
  /* Room for every line (Linux copies whole lines and none when the newest does not fit). */
  TAP_CHECK("syslog READ_ALL into a bad pointer", klogctl(3, (char*)8, sizeof log), EFAULT);
  TAP_CHECK("syslog READ into NULL", klogctl(2, NULL, 10), EINVAL);
  TAP_CHECK("syslog CONSOLE_LEVEL 0", klogctl(8, NULL, 0), EINVAL);
  TAP_CHECK("syslog CONSOLE_LEVEL 9", klogctl(8, NULL, 9), EINVAL);
  TAP_CHECK("syslog SIZE_UNREAD", klogctl(9, NULL, 0), 0);
  TAP_CHECK("syslog action 11", klogctl(11, NULL, 0), EINVAL);
  TAP_CHECK("syslog action -1", klogctl(-1, NULL, 0), EINVAL);
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
  epoll_cases();
  fifo_cases();
  unshare_cases();
  close_while_blocked_cases();
  chroot_cases();
  syslog_cases();
  return tap_done();
}
