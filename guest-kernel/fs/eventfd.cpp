// eventfd2: a 64-bit counter behind a file descriptor (fs/eventfd.c): write adds, read
// takes the whole count (or 1 with EFD_SEMAPHORE), each blocking at its limit.
#include "fs/vfs.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
constexpr u64 kEfdSemaphore = 1;
constexpr u64 kCountMax = ~0ull - 1;  // ULLONG_MAX itself is never stored
}  // namespace

long eventfd_read(File* f, u64 uva, u64 n) {
  if (n < 8) return -kEINVAL;
  if (f->count == 0) {
    if (f->flags & kONonblock) return -kEAGAIN;
    if (wait_event(f, [f] { return f->count != 0; }) < 0) return -kERESTARTSYS;
  }
  u64 taken = f->eventfd_semaphore ? 1 : f->count;
  if (!copy_to_user(uva, &taken, 8)) return -kEFAULT;
  f->count -= taken;
  wake_all(f);
  return 8;
}

long eventfd_write(File* f, const WriteSource& src, u64 n) {
  if (n < 8) return -kEINVAL;
  u64 add;
  if (!src.copy(&add, 0, 8)) return -kEFAULT;
  if (add == ~0ull) return -kEINVAL;
  if (kCountMax - f->count < add) {
    if (f->flags & kONonblock) return -kEAGAIN;
    if (wait_event(f, [f, add] { return kCountMax - f->count >= add; }) < 0) return -kERESTARTSYS;
  }
  f->count += add;
  wake_all(f);
  return 8;
}

bool eventfd_readable(File* f) { return f->count > 0; }
bool eventfd_writable(File* f) { return f->count < kCountMax; }

SYSCALL_DEFINE(eventfd2) {
  if (a1 & ~(kEfdSemaphore | kOCloexec | kONonblock)) return -kEINVAL;
  File* f = file_new(FileKind::kEventfd);
  if (!f) return -kENOMEM;
  f->flags = kORdwr | static_cast<u32>(a1 & kONonblock);
  f->count = static_cast<u32>(a0);
  f->eventfd_semaphore = a1 & kEfdSemaphore;
  int fd = fd_install(current()->files, f, 0, a1 & kOCloexec);
  if (fd < 0) file_put(f);
  return fd;
}

}  // namespace starlet
