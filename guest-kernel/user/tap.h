/* Minimal TAP output shared by the test programs: "ok N - name" / "not ok N - name". */
#pragma once
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static const char* tap_errname(int e) {
  switch (e) {
    case 0: return "success";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case ENXIO: return "ENXIO";
    case EINTR: return "EINTR";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case EMFILE: return "EMFILE";
    case ENOTTY: return "ENOTTY";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case ENODEV: return "ENODEV";
    case EPIPE: return "EPIPE";
    case ERANGE: return "ERANGE";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ELOOP: return "ELOOP";
    case EXDEV: return "EXDEV";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ENOTSOCK: return "ENOTSOCK";
    case EDESTADDRREQ: return "EDESTADDRREQ";
    case EMSGSIZE: return "EMSGSIZE";
    case EPROTOTYPE: return "EPROTOTYPE";
    case ENOPROTOOPT: return "ENOPROTOOPT";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EADDRINUSE: return "EADDRINUSE";
    case ECONNRESET: return "ECONNRESET";
    case EISCONN: return "EISCONN";
    case ENOTCONN: return "ENOTCONN";
    case ECONNREFUSED: return "ECONNREFUSED";
    default: return "E?";
  }
}

/* Checks a raw syscall() result: want_errno 0 means success (any non-negative value). */
__attribute__((unused)) static void tap_errno(const char* name, long ret, int err, int want_errno) {
  int got = ret < 0 ? err : 0;
  tap_n++;
  if (got == want_errno) {
    printf("ok %d - %s -> %s\n", tap_n, name, tap_errname(got));
  } else {
    tap_failed++;
    printf("not ok %d - %s -> %s (want %s)\n", tap_n, name, tap_errname(got), tap_errname(want_errno));
  }
  fflush(stdout);
}

/* Runs a raw call and reports it against want_errno (0: success); errno is read after the call,
 * never before. */
#define TAP_CHECK(name, call, want)   \
  do {                                \
    errno = 0;                        \
    long r_ = (long)(call);           \
    tap_errno(name, r_, errno, want); \
  } while (0)

__attribute__((unused)) static void tap_ok(int cond, const char* name) {
  tap_n++;
  if (!cond) tap_failed++;
  printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
  fflush(stdout);
}

/* Informational: always "ok", prints the result; comparisons may ignore these by name. */
__attribute__((unused)) static void tap_note(const char* name, long ret, int err) {
  tap_n++;
  printf("ok %d - %s -> %s # note\n", tap_n, name, tap_errname(ret < 0 ? err : 0));
  fflush(stdout);
}

static int tap_done(void) {
  printf("1..%d\n", tap_n);
  printf("# %d failed\n", tap_failed);
  fflush(stdout);
  return tap_failed ? 1 : 0;
}
