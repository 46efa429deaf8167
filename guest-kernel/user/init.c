/* starlet's init: runs a program list, reports each exit status, exits with the verdict.
 *
 * The list comes from the kernel command line (bootargs): commands separated by a lone ";",
 * e.g. "/bin/hello ; /bin/files a b". A command starts with an absolute path; words before
 * it (kernel parameters such as console=ttyS0 or starlet.stats) are ignored. With no command on the command line, /etc/programs is read (one command per
 * line, '#' starts a comment). init's exit status, which starlet turns into the machine's
 * exit code, is 0 when every program exited 0; otherwise the status of the first program
 * that did not: its exit code, or 128 + signal number if a signal killed it.
 *
 * The word "init.argv=PATH" runs one command whose arguments are the NUL-terminated strings
 * of the file PATH, taken verbatim (spaces, options, a lone ";"): `rvscope run --guest`
 * passes its program this way, since the command line is split at spaces. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CMDS 64
#define MAX_ARGS 256

static char* cmds[MAX_CMDS][MAX_ARGS + 1];
static int ncmds;

/* One command from an argv file: the whole file, read once, split at its NUL bytes. */
static void read_argv_file(const char* path) {
  static char buf[128 * 1024];
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("[init] cannot open %s: %s\n", path, strerror(errno));
    return;
  }
  ssize_t n = 0, got;
  while (n < (ssize_t)sizeof buf - 1 && (got = read(fd, buf + n, sizeof buf - 1 - n)) > 0) n += got;
  close(fd);
  int nargs = 0;
  for (ssize_t i = 0; i < n; i += strlen(buf + i) + 1) {
    if (nargs == MAX_ARGS) {
      printf("[init] %s: more than %d arguments, the rest are dropped\n", path, MAX_ARGS);
      break;
    }
    cmds[ncmds][nargs++] = buf + i;
  }
  if (nargs) ncmds++;
}

static void add_token(char* tok, int* nargs) {
  if (!strncmp(tok, "init.argv=", 10)) {
    if (*nargs) ncmds++, *nargs = 0;
    if (ncmds < MAX_CMDS) read_argv_file(tok + 10);
    return;
  }
  if (!strcmp(tok, ";")) {
    if (*nargs) ncmds++, *nargs = 0;
    return;
  }
  if (ncmds >= MAX_CMDS || *nargs >= MAX_ARGS) return;
  if (*nargs == 0 && tok[0] != '/') return; /* a kernel parameter: console=..., starlet.stats */
  cmds[ncmds][(*nargs)++] = tok;
}

static void read_list(void) {
  static char buf[8192];
  int fd = open("/etc/programs", O_RDONLY);
  if (fd < 0) return;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return;
  buf[n] = 0;
  int nargs = 0;
  char* lsave = NULL;
  for (char* line = strtok_r(buf, "\n", &lsave); line; line = strtok_r(NULL, "\n", &lsave)) {
    char* hash = strchr(line, '#');
    if (hash) *hash = 0;
    char* save = NULL;
    for (char* tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
      add_token(tok, &nargs);
    }
    if (nargs) ncmds++, nargs = 0;
  }
}

int main(int argc, char** argv, char** envp) {
  int nargs = 0;
  for (int i = 1; i < argc; i++) add_token(argv[i], &nargs);
  if (nargs) ncmds++;
  if (ncmds == 0) read_list();
  int verdict = 0, failed = 0;
  for (int c = 0; c < ncmds; c++) {
    char** av = cmds[c];
    printf("[init] run");
    for (char** a = av; *a; a++) printf(" %s", *a);
    printf("\n");
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
      printf("[init] fork failed: %s\n", strerror(errno));
      return 1;
    }
    if (pid == 0) {
      execve(av[0], av, envp);
      printf("[init] cannot execute %s: %s\n", av[0], strerror(errno));
      fflush(stdout);
      _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    int code;
    if (WIFEXITED(status)) {
      code = WEXITSTATUS(status);
      printf("[init] %s: exit %d\n", av[0], code);
    } else {
      code = 128 + WTERMSIG(status);
      printf("[init] %s: killed by signal %d\n", av[0], WTERMSIG(status));
    }
    if (code && !verdict) verdict = code;
    failed += code != 0;
    /* Reap orphans that were handed to init while this program ran. */
    while (waitpid(-1, &status, WNOHANG | __WALL) > 0) {
    }
  }
  printf("[init] %d programs, %d failed\n", ncmds, failed);
  fflush(stdout);
  return verdict;
}
