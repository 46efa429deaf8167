// statfs and fstatfs: the root file system reports itself as tmpfs (half the RAM, as an
// initramfs tmpfs is sized), /proc as proc; what df and mount print.
#include "fs/vfs.hpp"
#include "mm/page.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
struct KStatfs {  // asm-generic struct statfs, 64-bit
  i64 type, bsize;
  u64 blocks, bfree, bavail, files, ffree;
  i32 fsid[2];
  i64 namelen, frsize, flags, spare[4];
};
static_assert(sizeof(KStatfs) == 120);

constexpr i64 kTmpfsMagic = 0x01021994, kProcMagic = 0x9fa0;
constexpr i64 kStValid = 0x20, kStNosuid = 2, kStNodev = 4, kStNoexec = 8, kStRelatime = 0x1000;

long put_statfs(u64 uva, Inode* in) {
  KStatfs s = {};
  s.bsize = s.frsize = kPageSize;
  s.namelen = 255;
  if (in && in->procfs) {
    s.type = kProcMagic;
    s.flags = kStValid | kStNosuid | kStNodev | kStNoexec | kStRelatime;
  } else {
    s.type = kTmpfsMagic;
    s.blocks = (ram_end() - kKernelWindow) / kPageSize / 2;
    s.bfree = s.bavail = min(page_free_count(), s.blocks);
    s.files = s.blocks;
    s.ffree = s.bfree;
    s.fsid[0] = 1;
    s.flags = kStValid | kStRelatime;
  }
  return copy_to_user(uva, &s, sizeof s) ? 0 : -kEFAULT;
}
}  // namespace

SYSCALL_DEFINE(statfs) {
  char path[512];
  long n = get_path(a0, path);
  if (n < 0) return n;
  Inode* in;
  int r = lookup_at(kAtFdcwd, path, &in);
  return r < 0 ? r : put_statfs(a1, in);
}

SYSCALL_DEFINE(fstatfs) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  return put_statfs(a1, f->inode);
}

}  // namespace starlet
