// The kernel log: every kprintf line kept in a ring with Linux's "<level>[seconds] " prefix,
// and syslog(2) (klogctl, what dmesg reads) over it.
#include "kernel/time.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
constexpr u64 kLogSize = 16384;  // syslog's SIZE_BUFFER
char g_log[kLogSize];
u64 g_head;            // bytes ever written; the ring holds [g_head - kLogSize, g_head)
u64 g_read_pos;        // where SYSLOG_ACTION_READ continues
u64 g_clear_pos;       // SYSLOG_ACTION_CLEAR: READ_ALL starts no earlier
bool g_at_line_start = true;
int g_log_chan;

void put(char c) { g_log[g_head++ % kLogSize] = c; }

u64 oldest() { return g_head > kLogSize ? g_head - kLogSize : 0; }

// The first line start at or after pos (the ring's oldest line may have lost its head).
u64 line_start_from(u64 pos) {
  if (pos == 0 || pos >= g_head) return pos;
  while (pos < g_head && g_log[(pos - 1) % kLogSize] != '\n') pos++;
  return pos;
}

bool copy_out(u64 uva, u64 from, u64 to) {
  for (u64 p = from; p < to;) {
    u64 off = p % kLogSize;
    u64 chunk = min(to - p, kLogSize - off);
    if (!copy_to_user(uva + (p - from), g_log + off, chunk)) return false;
    p += chunk;
  }
  return true;
}

enum Action : int {
  kClose = 0,
  kOpen = 1,
  kRead = 2,
  kReadAll = 3,
  kReadClear = 4,
  kClear = 5,
  kConsoleOff = 6,
  kConsoleOn = 7,
  kConsoleLevel = 8,
  kSizeUnread = 9,
  kSizeBuffer = 10,
};
}  // namespace

void log_append(const char* s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (g_at_line_start) {
      // KERN_INFO, and CONFIG_PRINTK_TIME's seconds.microseconds since boot.
      char prefix[32];
      u64 us = monotonic_ns() / 1000;
      int len = ksnprintf(prefix, sizeof prefix, "<6>[%5lu.%06lu] ", us / 1000000, us % 1000000);
      for (int k = 0; k < len; k++) put(prefix[k]);
      g_at_line_start = false;
    }
    put(s[i]);
    if (s[i] == '\n') g_at_line_start = true;
  }
  if (g_read_pos < oldest()) g_read_pos = line_start_from(oldest());
  wake_all(&g_log_chan);
}

// Linux 6.1's do_syslog: the argument checks of each action, then the action.
SYSCALL_DEFINE(syslog) {
  int type = static_cast<int>(a0);
  u64 buf = a1;
  i32 len = static_cast<i32>(a2);
  switch (type) {
    case kClose:
    case kOpen:
    case kConsoleOff:
    case kConsoleOn:
      return 0;
    case kRead: {
      if (!buf || len < 0) return -kEINVAL;
      if (!len) return 0;
      if (wait_event(&g_log_chan, [] { return g_read_pos < g_head; }) < 0) return -kERESTARTSYS;
      u64 from = g_read_pos, to = min(g_head, from + static_cast<u64>(len));
      if (!copy_out(buf, from, to)) return -kEFAULT;
      g_read_pos = to;
      return static_cast<long>(to - from);
    }
    case kReadAll:
    case kReadClear: {
      if (!buf || len < 0) return -kEINVAL;
      if (!len) return 0;
      // The newest whole lines that fit in len.
      u64 from = line_start_from(max(g_clear_pos, oldest()));
      while (g_head - from > static_cast<u64>(len)) from = line_start_from(from + 1);
      if (!copy_out(buf, from, g_head)) return -kEFAULT;
      if (type == kReadClear) g_clear_pos = g_head;
      return static_cast<long>(g_head - from);
    }
    case kClear:
      g_clear_pos = g_head;
      return 0;
    case kConsoleLevel:
      return len < 1 || len > 8 ? -kEINVAL : 0;
    case kSizeUnread:
      return static_cast<long>(g_head - g_read_pos);
    case kSizeBuffer:
      return static_cast<long>(kLogSize);
    default:
      return -kEINVAL;
  }
}

}  // namespace starlet
