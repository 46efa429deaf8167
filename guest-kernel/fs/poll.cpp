// ppoll: readiness of pipes and the console for poll-style waits (and glibc's pause()).
#include "arch/riscv/csr.hpp"
#include "drivers/uart.hpp"
#include "fs/vfs.hpp"
#include "kernel/time.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
struct PollFd {
  i32 fd;
  i16 events, revents;
};
constexpr i16 kPollIn = 1, kPollOut = 4, kPollErr = 8, kPollHup = 16, kPollNval = 32;

i16 poll_one(const PollFd& p) {
  if (p.fd < 0) return 0;
  File* f = fd_get(p.fd);
  if (!f) return kPollNval;
  i16 r = 0;
  switch (f->kind) {
    case FileKind::kPipeRead:
      if (f->pipe->head != f->pipe->tail) r |= kPollIn;
      if (!f->pipe->writers) r |= kPollHup;
      break;
    case FileKind::kPipeWrite:
      if (f->pipe->head - f->pipe->tail < kPipeSize) r |= kPollOut;
      if (!f->pipe->readers) r |= kPollErr;
      break;
    case FileKind::kConsole:
      r = static_cast<i16>(kPollOut | (uart_has_input() ? kPollIn : 0));
      break;
    default:
      r = kPollIn | kPollOut;
      break;
  }
  return static_cast<i16>(r & (p.events | kPollErr | kPollHup | kPollNval));
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
  Task* t = current();
  if (a3) {
    if (a4 != 8) return -kEINVAL;
    u64 mask;
    if (!copy_from_user(&mask, a3, 8)) return -kEFAULT;
    t->saved_mask = t->blocked;
    t->restore_mask = true;
    t->blocked = mask & ~(sigbit(kSIGKILL) | sigbit(kSIGSTOP));
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

}  // namespace starlet
