// flock(2): advisory whole-file locks held by open file descriptions (fs/locks.c): many
// LOCK_SH or one LOCK_EX per inode; a conflicting request waits or, with LOCK_NB, fails.
#include "fs/vfs.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
constexpr u64 kLockSh = 1, kLockEx = 2, kLockNb = 4, kLockUn = 8;

// Can `f` take `want` on its inode, counting only other files' locks?
bool grantable(File* f, u64 want) {
  Inode* in = f->inode;
  int others_shared = in->flock_shared - (f->flock == kLockSh ? 1 : 0);
  bool other_exclusive = in->flock_exclusive && f->flock != kLockEx;
  return want == kLockSh ? !other_exclusive : !other_exclusive && others_shared == 0;
}

void drop(File* f) {
  Inode* in = f->inode;
  if (f->flock == kLockSh) in->flock_shared--;
  if (f->flock == kLockEx) in->flock_exclusive = false;
  if (f->flock) wake_all(in);
  f->flock = 0;
}
}  // namespace

void flock_release(File* f) { drop(f); }

SYSCALL_DEFINE(flock) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  u64 op = static_cast<u32>(a1) & ~kLockNb;
  if (op != kLockSh && op != kLockEx && op != kLockUn) return -kEINVAL;
  if (f->kind != FileKind::kInode) return 0;  // pipes, pidfds: granted, nobody else sees them
  if (op == kLockUn) {
    drop(f);
    return 0;
  }
  if (f->flock == op) return 0;
  // Linux converts a held lock by dropping it first: others may get in meanwhile.
  drop(f);
  if (!grantable(f, op)) {
    if (a1 & kLockNb) return -kEAGAIN;  // EWOULDBLOCK
    if (wait_event(f->inode, [f, op] { return grantable(f, op); }) < 0) return -kERESTARTSYS;
  }
  f->flock = static_cast<u8>(op);
  if (op == kLockSh) f->inode->flock_shared++;
  if (op == kLockEx) f->inode->flock_exclusive = true;
  return 0;
}

}  // namespace starlet
