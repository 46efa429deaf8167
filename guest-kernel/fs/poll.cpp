// Readiness of every kind of file (for ppoll, pselect6 and epoll); ppoll and pselect6 (and
// glibc's pause()).
#include "arch/riscv/csr.hpp"
#include "drivers/uart.hpp"
#include "fs/vfs.hpp"
#include "kernel/time.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
constexpr i16 kPollIn = 1, kPollOut = 4, kPollErr = 8, kPollHup = 16, kPollNval = 32;
constexpr i16 kPollRdnorm = 0x40, kPollWrnorm = 0x100;  // pipes, ttys and files say these too
}  // namespace

u32 file_poll_mask(File* f) {
  u32 r = 0;
  switch (f->kind) {
    case FileKind::kPipeRead:
      if (f->pipe->head != f->pipe->tail) r |= kPollIn | kPollRdnorm;
      // A FIFO reader opened with O_NONBLOCK before any writer sees no hang-up (Linux's
      // f_version against w_counter).
      if (!f->pipe->writers && f->write_opens_seen != f->pipe->write_opens) r |= kPollHup;
      if (f->fifo_rdwr && f->pipe->head - f->pipe->tail < kPipeSize) r |= kPollOut | kPollWrnorm;
      break;
    case FileKind::kPipeWrite:
      if (f->pipe->head - f->pipe->tail < kPipeSize) r |= kPollOut | kPollWrnorm;
      if (!f->pipe->readers) r |= kPollErr;
      break;
    case FileKind::kConsole:
      r = kPollOut | kPollWrnorm | (uart_has_input() ? kPollIn | kPollRdnorm : 0);
      break;
    case FileKind::kPidfd:
      r = pidfd_exited(f) ? kPollIn : 0;
      break;
    case FileKind::kEventfd:
      r = (eventfd_readable(f) ? kPollIn : 0) | (eventfd_writable(f) ? kPollOut : 0);
      break;
    case FileKind::kSocket:
      r = socket_poll_mask(f);
      break;
    case FileKind::kEpoll:
      r = epoll_has_events(f) ? kPollIn | kPollRdnorm : 0;
      break;
    default:
      r = kPollIn | kPollOut | kPollRdnorm | kPollWrnorm;  // Linux's DEFAULT_POLLMASK
      break;
  }
  return r;
}

namespace {
struct PollFd {
  i32 fd;
  i16 events, revents;
};

i16 poll_one(const PollFd& p) {
  if (p.fd < 0) return 0;
  File* f = fd_get(p.fd);
  if (!f) return kPollNval;
  return static_cast<i16>(file_poll_mask(f) & (p.events | kPollErr | kPollHup | kPollNval));
}
}  // namespace

// ppoll: readiness of pipes and the console, re-checked every tick while waiting.
SYSCALL_DEFINE(ppoll) {
  if (a1 > kMaxFds) return -kEINVAL;
  u64 deadline = 0;
  if (a2) {
    u64 ns;
    long r = get_timespec_ns(a2, &ns);
    if (r < 0) return r;
    deadline = deadline_from_rel(ns);
  }
  if (a3) {
    if (long r = set_user_sigmask(a3, a4); r < 0) return r;
  }
  for (;;) {
    int ready = 0;
    for (u64 i = 0; i < a1; i++) {
      PollFd p;
      if (!copy_from_user(&p, a0 + i * sizeof p, sizeof p)) return -kEFAULT;
      p.revents = poll_one(p);
      if (p.revents) ready++;
      if (!copy_to_user(a0 + i * sizeof p, &p, sizeof p)) return -kEFAULT;
    }
    if (ready) return ready;
    if (a2 && read_time() >= deadline) return 0;
    // Descriptors are re-checked every tick; with none (glibc's pause) only a signal or
    // the timeout ends the wait, so thousands of paused processes cost nothing.
    u64 tick = read_time() + timebase_hz() / 100;
    u64 until = a1 ? (a2 ? min(deadline, tick) : tick) : (a2 ? deadline : 0);
    int r = wait_on(&g_console_chan + 1, until);
    if (r == -kEINTR) return -kEINTR;
  }
}

// pselect6: the same readiness as ppoll, through fd_set bitmaps.
SYSCALL_DEFINE(pselect6) {
  i64 nfds = static_cast<i32>(a0);
  if (nfds < 0 || nfds > kMaxFds) return -kEINVAL;
  u64 words = (static_cast<u64>(nfds) + 63) / 64;
  u64 in[3][kMaxFds / 64] = {}, out[3][kMaxFds / 64] = {};
  u64 uset[3] = {a1, a2, a3};
  for (int k = 0; k < 3; k++) {
    if (uset[k] && !copy_from_user(in[k], uset[k], words * 8)) return -kEFAULT;
  }
  u64 deadline = 0;
  if (a4) {
    u64 ns;
    long r = get_timespec_ns(a4, &ns);
    if (r < 0) return r;
    deadline = deadline_from_rel(ns);
  }
  if (a5) {
    struct {
      u64 set, size;
    } sm;
    if (!copy_from_user(&sm, a5, sizeof sm)) return -kEFAULT;
    if (sm.set) {
      if (long r = set_user_sigmask(sm.set, sm.size); r < 0) return r;
    }
  }
  const i16 want[3] = {static_cast<i16>(kPollIn | kPollHup | kPollErr),
                       static_cast<i16>(kPollOut | kPollErr), 0};
  for (;;) {
    int ready = 0;
    for (i64 fd = 0; fd < nfds; fd++) {
      u64 bit = 1ull << (fd % 64);
      bool any = false;
      for (int k = 0; k < 3; k++) any |= (in[k][fd / 64] & bit) != 0;
      if (!any) continue;
      i16 rev = poll_one(PollFd{static_cast<i32>(fd), static_cast<i16>(kPollIn | kPollOut), 0});
      if (rev & kPollNval) return -kEBADF;
      for (int k = 0; k < 3; k++) {
        if ((in[k][fd / 64] & bit) && (rev & want[k])) {
          out[k][fd / 64] |= bit;
          ready++;
        }
      }
    }
    bool expired = a4 && read_time() >= deadline;
    if (ready || expired) {
      for (int k = 0; k < 3; k++) {
        if (uset[k] && !copy_to_user(uset[k], out[k], words * 8)) return -kEFAULT;
      }
      if (a4) {
        u64 now = read_time();
        u64 left = deadline > now ? ticks_to_ns(deadline - now) : 0;
        KTimespec ts{static_cast<i64>(left / 1000000000), static_cast<i64>(left % 1000000000)};
        copy_to_user(a4, &ts, sizeof ts);
      }
      return ready;
    }
    u64 tick = read_time() + timebase_hz() / 100;
    u64 until = nfds ? (a4 ? min(deadline, tick) : tick) : (a4 ? deadline : 0);
    if (wait_on(&g_console_chan + 1, until) == -kEINTR) return -kEINTR;
  }
}

}  // namespace starlet
