// symlinkat and linkat: symbolic links (followed by path_lookup's walk) and hard links.
#include "fs/vfs.hpp"
#include "mm/kmalloc.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
constexpr u64 kAtSymlinkFollow = 0x400, kAtEmptyPath = 0x1000;

// The new name's directory and its last component, which must not exist yet.
long new_name(u64 dirfd, u64 upath, char* path, Inode** parent, char* name) {
  const char* last;
  size_t len;
  if (long r = lookup_parent(dirfd, upath, path, parent, &last, &len); r < 0) return r;
  if (len > 255) return -kENAMETOOLONG;
  if (len == 0 || (len == 1 && last[0] == '.') || (len == 2 && last[0] == '.' && last[1] == '.') ||
      dir_find(*parent, last, len)) {
    return -kEEXIST;
  }
  memcpy(name, last, len);
  name[len] = 0;
  return 0;
}
}  // namespace

SYSCALL_DEFINE(symlinkat) {
  char target[512], path[512], name[256];
  long n = get_path(a0, target);
  if (n < 0) return n;
  if (n == 0) return -kENOENT;
  Inode* parent;
  if (long r = new_name(a1, a2, path, &parent, name); r < 0) return r;
  Inode* in = inode_new(kSIflnk | 0777);
  if (!in || inode_write(in, 0, target, static_cast<u64>(n)) < 0) return -kENOMEM;
  return dir_add(parent, name, in);
}

SYSCALL_DEFINE(linkat) {
  if (a4 & ~(kAtSymlinkFollow | kAtEmptyPath)) return -kEINVAL;
  char old_path[512], path[512], name[256];
  long n = get_path(a1, old_path);
  if (n < 0) return n;
  Inode* in;
  if (n == 0) {
    if (!(a4 & kAtEmptyPath)) return -kENOENT;
    File* f = fd_get(static_cast<int>(a0));
    if (!f || !f->inode) return -kEBADF;
    in = f->inode;
  } else {
    Inode* dir;
    int r = dir_of(static_cast<int>(a0), old_path, &dir);
    if (r < 0 || (r = path_lookup(dir, old_path, &in, a4 & kAtSymlinkFollow)) < 0) return r;
  }
  if (in->is_dir()) return -kEPERM;
  if (in->procfs) return -kEXDEV;       // another file system
  if (in->nlink == 0) return -kENOENT;  // unlinked while open
  Inode* parent;
  if (long r = new_name(a2, a3, path, &parent, name); r < 0) return r;
  long r = dir_add(parent, name, in);
  if (r == 0) in->nlink++;
  return r;
}

}  // namespace starlet
