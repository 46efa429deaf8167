/* procfs: /proc and /dev as Linux 6.1 shows them, as TAP. Each case checks what programs
 * such as ps, top, free, df and mount rely on (fields, their order and format, values the
 * caller knows), so the output is the same on starlet and on the host kernel (the oracle).
 * Run as: procfs ARG1 "ARG 2" (cmdline is compared with them). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

static char text[65536];

/* The whole file into text[]; its length, or -errno. */
static long slurp(const char* path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -errno;
  long n = 0, got;
  while (n < (long)sizeof text - 1 && (got = read(fd, text + n, sizeof text - 1 - n)) > 0) n += got;
  close(fd);
  text[n] = 0;
  return n;
}

/* The value after "key:" on a line of text[] (status, meminfo), or NULL. */
static const char* field(const char* key) {
  size_t k = strlen(key);
  for (const char* p = text; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
    if (!strncmp(p, key, k) && p[k] == ':') return p + k + 1;
  }
  return NULL;
}

/* How many lines of text[] start with prefix. */
static int count_lines(const char* prefix) {
  int n = 0;
  size_t k = strlen(prefix);
  for (const char* p = text; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p))
    n += !strncmp(p, prefix, k);
  return n;
}

/* Do the keys appear in this order (other keys may come between)? */
static int keys_in_order(const char* const* keys) {
  const char* p = text;
  for (; *keys; keys++) {
    char pat[64];
    snprintf(pat, sizeof pat, "\n%s:", *keys);
    const char* hit = (p == text && !strncmp(text, pat + 1, strlen(pat + 1))) ? text : strstr(p, pat);
    if (!hit) {
      printf("# missing or out of order: %s\n", *keys);
      return 0;
    }
    p = hit + 1;
  }
  return 1;
}

/* Splits text[] at spaces into fields; returns how many. */
static int split(char** out, int max) {
  int n = 0;
  for (char* s = strtok(text, " \n"); s && n < max; s = strtok(NULL, " \n")) out[n++] = s;
  return n;
}

static int link_is(const char* path, const char* want) {
  char buf[PATH_MAX];
  ssize_t n = readlink(path, buf, sizeof buf - 1);
  if (n < 0) return 0;
  buf[n] = 0;
  if (strcmp(buf, want)) printf("# %s -> %s, want %s\n", path, buf, want);
  return !strcmp(buf, want);
}

static int dir_has(const char* dir, const char* name) {
  DIR* d = opendir(dir);
  if (!d) return 0;
  int found = 0;
  for (struct dirent* e; (e = readdir(d));) found |= !strcmp(e->d_name, name);
  closedir(d);
  return found;
}

static int block_fd[2];
static void* thread_blocks(void* arg) {
  (void)arg;
  char c;
  read(block_fd[0], &c, 1);
  return NULL;
}

/* /proc/PID/stat field 3 (state) of another process. */
static char state_of(pid_t pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  if (slurp(path) < 0) return '?';
  const char* close_paren = strrchr(text, ')');
  return close_paren ? close_paren[2] : '?';
}

/* Waits (up to 5 s, a loaded machine is slow) for another process to reach a state. */
static char await_state(pid_t pid, char want) {
  char got = '?';
  for (int i = 0; i < 500 && (got = state_of(pid)) != want; i++) usleep(10000);
  return got;
}

/* Waits for our own status to show `threads`. */
static int await_threads(const char* want) {
  for (int i = 0; i < 500; i++) {
    if (slurp("/proc/self/status") > 0 && field("Threads") && !strncmp(field("Threads"), want, strlen(want))) return 1;
    usleep(10000);
  }
  return 0;
}

static void dev_case(const char* path, unsigned major_want, unsigned minor_want) {
  struct stat st;
  char name[80];
  snprintf(name, sizeof name, "%s is character device %u:%u", path, major_want, minor_want);
  tap_ok(stat(path, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == major_want &&
             minor(st.st_rdev) == minor_want,
         name);
}

int main(int argc, char** argv) {
  pid_t pid = getpid();
  char self_exe[PATH_MAX], buf[256];
  if (!realpath(argv[0], self_exe)) return 2;
  char* volatile block = malloc(100); /* a [heap] mapping */
  (void)block;

  /* /proc/self/status */
  static const char* const status_keys[] = {
      "Name", "Umask", "State", "Tgid", "Ngid", "Pid", "PPid", "TracerPid", "Uid", "Gid",
      "FDSize", "Groups", "NStgid", "NSpid", "NSpgid", "NSsid", "VmPeak", "VmSize", "VmLck",
      "VmPin", "VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem", "VmData", "VmStk", "VmExe",
      "VmLib", "VmPTE", "VmSwap", "HugetlbPages", "CoreDumping", "THP_enabled", "Threads",
      "SigQ", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt", "CapInh", "CapPrm", "CapEff",
      "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp", "Seccomp_filters",
      "Speculation_Store_Bypass", "SpeculationIndirectBranch", "Cpus_allowed",
      "Cpus_allowed_list", "Mems_allowed", "Mems_allowed_list", "voluntary_ctxt_switches",
      "nonvoluntary_ctxt_switches", NULL};
  tap_ok(slurp("/proc/self/status") > 0 && keys_in_order(status_keys), "status: Linux 6.1's keys in order");
  snprintf(buf, sizeof buf, "\t%d\n", pid);
  tap_ok(!strncmp(text, "Name:\tprocfs\n", 13), "status: Name is the command");
  tap_ok(field("State") && !strncmp(field("State"), "\tR (running)\n", 13), "status: State R (running)");
  tap_ok(field("Pid") && !strncmp(field("Pid"), buf, strlen(buf)), "status: Pid is getpid()");
  snprintf(buf, sizeof buf, "\t%d\n", getppid());
  tap_ok(field("PPid") && !strncmp(field("PPid"), buf, strlen(buf)), "status: PPid is getppid()");
  tap_ok(field("Uid") && !strncmp(field("Uid"), "\t0\t0\t0\t0\n", 9), "status: Uid root four times");
  struct rlimit sigpending;
  unsigned long queued, limit;
  tap_ok(getrlimit(RLIMIT_SIGPENDING, &sigpending) == 0 && field("SigQ") &&
             sscanf(field("SigQ"), "\t%lu/%lu", &queued, &limit) == 2 && limit == sigpending.rlim_cur,
         "status: SigQ's limit is getrlimit(RLIMIT_SIGPENDING)");
  tap_ok(field("Groups") && !strncmp(field("Groups"), "\t \n", 3), "status: Groups empty, one space");
  unsigned long rss = 0;
  char kb[4] = "";
  tap_ok(field("VmRSS") && sscanf(field("VmRSS"), "\t%8lu %2s", &rss, kb) == 2 && rss > 0 &&
             !strcmp(kb, "kB") && field("VmRSS")[9] == ' ',
         "status: VmRSS as %8lu kB");
  tap_ok(field("Threads") && !strncmp(field("Threads"), "\t1\n", 3), "status: Threads 1");
  unsigned long long cap = 0;
  tap_ok(field("CapEff") && sscanf(field("CapEff"), "\t%16llx", &cap) == 1 &&
             field("CapEff")[17] == '\n' && ((cap >> 21) & 1) && ((cap >> 40) & 1),
         "status: CapEff 16 hex digits with CAP_SYS_ADMIN and CAP_CHECKPOINT_RESTORE");

  /* /proc/self/stat */
  char* f[64];
  long len = slurp("/proc/self/stat");
  int nf = len > 0 ? split(f, 64) : 0;
  tap_ok(nf == 52, "stat: 52 fields");
  tap_ok(nf == 52 && atoi(f[0]) == pid && !strcmp(f[1], "(procfs)") && !strcmp(f[2], "R") &&
             atoi(f[3]) == getppid(),
         "stat: pid (comm) R ppid");
  tap_ok(nf == 52 && atoi(f[19]) == 1 && strtoull(f[22], 0, 10) > 0 && strtoull(f[23], 0, 10) > 0,
         "stat: num_threads 1, vsize and rss non-zero");
  tap_ok(nf == 52 && !strcmp(f[17], "20") && !strcmp(f[18], "0") && !strcmp(f[24], "18446744073709551615"),
         "stat: priority 20, nice 0, rsslim unlimited");
  tap_ok(nf == 52 && !strcmp(f[37], "17"), "stat: exit_signal SIGCHLD");

  /* /proc/self/statm */
  len = slurp("/proc/self/statm");
  nf = len > 0 ? split(f, 64) : 0;
  tap_ok(nf == 7 && strtoul(f[0], 0, 10) >= strtoul(f[1], 0, 10) && strtoul(f[1], 0, 10) > 0,
         "statm: 7 fields, size >= resident > 0");

  /* cmdline, comm */
  len = slurp("/proc/self/cmdline");
  int same = 1;
  long off = 0;
  for (int i = 0; i < argc; i++) {
    same &= off < len && !strcmp(text + off, argv[i]);
    off += strlen(argv[i]) + 1;
  }
  tap_ok(same && off == len, "cmdline: the argv strings, each NUL-terminated");
  long parent_len = len;
  fflush(stdout);
  pid_t forked = fork();
  if (forked == 0) _exit(slurp("/proc/self/cmdline") == parent_len ? 0 : 1);
  int child_status = -1;
  waitpid(forked, &child_status, 0);
  tap_ok(WIFEXITED(child_status) && WEXITSTATUS(child_status) == 0,
         "cmdline of a forked child that has not exec'd: the parent's argv");
  tap_ok(slurp("/proc/self/comm") == 7 && !strcmp(text, "procfs\n"), "comm: name and newline");

  /* maps */
  int local = 0;
  uintptr_t stack_at = (uintptr_t)&local, code_at = (uintptr_t)&main;
  int stack_ok = 0, code_ok = 0, heap = 0, format_ok = 1;
  slurp("/proc/self/maps");
  for (char* line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    unsigned long lo, hi, offset, inode;
    char perm[5];
    unsigned dmaj, dmin;
    int n = -1;
    if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &lo, &hi, perm, &offset, &dmaj, &dmin, &inode, &n) < 7) {
      format_ok = 0;
      continue;
    }
    if (strlen(line) > 73 && line[72] != ' ') format_ok = 0; /* names start at column 74 */
    if (strstr(line, "[stack]") && stack_at >= lo && stack_at < hi && !strcmp(perm, "rw-p")) stack_ok = 1;
    if (code_at >= lo && code_at < hi && perm[2] == 'x' && strstr(line, self_exe)) code_ok = 1;
    heap |= strstr(line, "[heap]") != NULL;
  }
  tap_ok(format_ok, "maps: start-end perms offset dev inode, names from column 74");
  tap_ok(stack_ok, "maps: our stack variable lies in the rw-p [stack]");
  tap_ok(code_ok, "maps: main lies in an executable mapping of our file");
  tap_ok(heap, "maps: a [heap] after malloc");

  /* exe, self, fd/ */
  snprintf(buf, sizeof buf, "%d", pid);
  tap_ok(link_is("/proc/self", buf), "self: a link to our pid");
  tap_ok(link_is("/proc/self/exe", self_exe), "exe: our program's path");
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/exe", pid);
  tap_ok(link_is(path, self_exe), "PID/exe equals self/exe");
  int fd = open(self_exe, O_RDONLY);
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  tap_ok(link_is(path, self_exe), "fd/N: a link to the open file's path");
  snprintf(buf, sizeof buf, "%d", fd);
  tap_ok(dir_has("/proc/self/fd", "0") && dir_has("/proc/self/fd", buf), "fd/: lists 0 and our new fd");
  struct stat st;
  tap_ok(stat(path, &st) == 0 && S_ISREG(st.st_mode), "fd/N followed: the file itself");
  close(fd);
  snprintf(buf, sizeof buf, "%d", pid);
  tap_ok(dir_has("/proc", buf) && dir_has("/proc", "self"), "/proc lists our pid and self");
  tap_ok(stat("/proc/self/status", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0,
         "stat of a /proc file: regular, size 0");
  tap_ok(lstat("/proc/self/exe", &st) == 0 && S_ISLNK(st.st_mode), "lstat of exe: a symlink");
  fd = open("/proc/self/status", O_WRONLY);
  errno = 0;
  long w = fd >= 0 ? write(fd, "x", 1) : -2;
  int err = errno;
  tap_errno("write to /proc/self/status", w, err, EINVAL);
  if (fd >= 0) close(fd);
  w = open("/proc/new", O_CREAT | O_WRONLY, 0644);
  err = errno;
  tap_errno("creating /proc/new", w, err, ENOENT);
  tap_errno("/proc/0/status", slurp("/proc/0/status") < 0 ? -1 : 0, ENOENT, ENOENT);
  snprintf(path, sizeof path, "/proc/%d/../%d/comm", pid, pid);
  tap_ok(slurp(path) == 7 && !strcmp(text, "procfs\n"), "PID/../PID/comm: .. inside /proc");

  /* Other processes: a sleeping child, then a zombie; a second thread. */
  pipe(block_fd);
  pid_t child = fork();
  if (child == 0) {
    char c;
    read(block_fd[0], &c, 1);
    _exit(0);
  }
  tap_ok(await_state(child, 'S') == 'S', "a child blocked in read is S");
  snprintf(path, sizeof path, "/proc/%d/status", child);
  snprintf(buf, sizeof buf, "\t%d\n", pid);
  tap_ok(slurp(path) > 0 && field("PPid") && !strncmp(field("PPid"), buf, strlen(buf)), "the child's PPid is us");
  write(block_fd[1], "x", 1);
  tap_ok(await_state(child, 'Z') == 'Z', "an exited, unreaped child is Z");
  waitpid(child, NULL, 0);
  snprintf(path, sizeof path, "/proc/%d", child);
  tap_ok(access(path, F_OK) < 0 && errno == ENOENT, "a reaped child's directory is gone");
  pthread_t th;
  pthread_create(&th, NULL, thread_blocks, NULL);
  tap_ok(await_threads("\t2\n"), "status: Threads 2 with a second thread");
  write(block_fd[1], "x", 1);
  pthread_join(th, NULL);

  /* System-wide files. */
  tap_ok(slurp("/proc/cpuinfo") > 0 && !strncmp(text, "processor\t: 0\n", 14), "cpuinfo: processor\\t: 0 first");
  tap_ok(slurp("/proc/cpuinfo") > 0 && count_lines("processor\t: ") > 0 &&
#if defined(__riscv)
             count_lines("mvendorid\t: 0x") == count_lines("processor\t: ") &&
             count_lines("marchid\t\t: 0x") == count_lines("processor\t: ") &&
             count_lines("mimpid\t\t: 0x") == count_lines("processor\t: "),
#else
             count_lines("vendor_id\t: ") == count_lines("processor\t: "),
#endif
         "cpuinfo: every processor's stanza names its vendor (riscv: mvendorid, marchid, mimpid)");
  static const char* const meminfo_keys[] = {"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached",
                                             "SwapCached", "Active", "Inactive", "SwapTotal", "SwapFree",
                                             "Dirty", "AnonPages", "Shmem", "Slab", "SReclaimable",
                                             "CommitLimit", "Committed_AS", NULL};
  unsigned long total = 0, free_kb = 0;
  tap_ok(slurp("/proc/meminfo") > 0 && keys_in_order(meminfo_keys), "meminfo: the keys free reads, in order");
  tap_ok(sscanf(text, "MemTotal: %lu kB\nMemFree: %lu kB", &total, &free_kb) == 2 && free_kb <= total &&
             !strncmp(text, "MemTotal:       ", 16) && text[24] == ' ',
         "meminfo: 'MemTotal:' padded to 16, %8lu kB, MemFree <= MemTotal");
  tap_ok(slurp("/proc/version") > 0 && !strncmp(text, "Linux version ", 14), "version: 'Linux version '");
  unsigned long a, b, c2, d;
  char tail;
  tap_ok(slurp("/proc/uptime") > 0 && sscanf(text, "%lu.%2lu %lu.%2lu%c", &a, &b, &c2, &d, &tail) == 5 &&
             tail == '\n',
         "uptime: two numbers with two decimals");
  int running, threads, last;
  tap_ok(slurp("/proc/loadavg") > 0 && sscanf(text, "%lu.%2lu %*u.%*u %*u.%*u %d/%d %d", &a, &b, &running, &threads, &last) == 5 &&
             running >= 1 && threads >= running && last >= 1,
         "loadavg: three loads, running/threads, last pid");
  tap_ok(slurp("/proc/mounts") > 0 && strstr(text, " / ") && strstr(text, "proc /proc proc "), "mounts: / and proc /proc proc");
  tap_ok(slurp("/proc/sys/kernel/pid_max") > 0 && atol(text) > pid && atol(text) >= 32768, "pid_max: at least 32768, above our pid");

  /* /dev */
  dev_case("/dev/null", 1, 3);
  dev_case("/dev/zero", 1, 5);
  dev_case("/dev/full", 1, 7);
  dev_case("/dev/random", 1, 8);
  dev_case("/dev/urandom", 1, 9);
  unsigned char bytes[4096];
  memset(bytes, 0xff, sizeof bytes);
  fd = open("/dev/zero", O_RDWR);
  int zero = read(fd, bytes, sizeof bytes) == (ssize_t)sizeof bytes;
  for (size_t i = 0; i < sizeof bytes; i++) zero &= bytes[i] == 0;
  tap_ok(zero && write(fd, bytes, 100) == 100, "/dev/zero reads zeroes, takes writes");
  close(fd);
  fd = open("/dev/full", O_RDWR);
  memset(bytes, 0xff, 16);
  tap_ok(read(fd, bytes, 16) == 16 && bytes[15] == 0, "/dev/full reads zeroes");
  w = write(fd, bytes, 1);
  err = errno;
  tap_errno("write to /dev/full", w, err, ENOSPC);
  close(fd);
  for (int r = 0; r < 2; r++) {
    const char* dev = r ? "/dev/random" : "/dev/urandom";
    fd = open(dev, O_RDONLY);
    memset(bytes, 0, 64);
    int nonzero = 0;
    int got = read(fd, bytes, 64) == 64;
    for (int i = 0; i < 64; i++) nonzero |= bytes[i];
    snprintf(buf, sizeof buf, "%s gives 64 bytes, not all zero", dev);
    tap_ok(got && nonzero, buf);
    close(fd);
  }
  return tap_done();
}
