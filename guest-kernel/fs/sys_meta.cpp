// File metadata syscalls: truncate, rename, chmod, timestamps, sync, fchdir.
#include "fs/vfs.hpp"
#include "mm/kmalloc.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
constexpr u64 kRenameNoreplace = 1, kRenameExchange = 2, kRenameWhiteout = 4;

int do_truncate(Inode* in, i64 len) {
  if (in->is_dir()) return -kEISDIR;
  if (!in->is_reg()) return -kEINVAL;
  return inode_truncate(in, static_cast<u64>(len));
}

bool is_ancestor(Inode* a, Inode* b) {  // a is b or one of its parents
  for (Inode* cur = b;; cur = cur->parent) {
    if (cur == a) return true;
    if (!cur->parent || cur->parent == cur) return false;
  }
}

Dirent** find_entry(Inode* dir, const char* name) {
  size_t len = kstrlen(name);
  for (Dirent** pp = &dir->children; *pp; pp = &(*pp)->next) {
    if (kstrlen((*pp)->name) == len && !kstrncmp((*pp)->name, name, len)) return pp;
  }
  return nullptr;
}
}  // namespace

SYSCALL_DEFINE(ftruncate) {
  if (static_cast<i64>(a1) < 0) return -kEINVAL;
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (f->kind != FileKind::kInode || !f->inode->is_reg() || (f->flags & kOAccmode) == 0)
    return -kEINVAL;
  return do_truncate(f->inode, static_cast<i64>(a1));
}

SYSCALL_DEFINE(truncate) {
  if (static_cast<i64>(a1) < 0) return -kEINVAL;
  char path[512];
  long n = get_path(a0, path);
  if (n < 0) return n;
  Inode* in;
  int r = lookup_at(kAtFdcwd, path, &in);
  return r < 0 ? r : do_truncate(in, static_cast<i64>(a1));
}

SYSCALL_DEFINE(fsync) { return fd_get(static_cast<int>(a0)) ? 0 : -kEBADF; }
SYSCALL_DEFINE(fdatasync) { return fd_get(static_cast<int>(a0)) ? 0 : -kEBADF; }
SYSCALL_DEFINE(sync) { return 0; }

SYSCALL_DEFINE(fchmod) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (!f->inode) return 0;
  f->inode->mode = (f->inode->mode & kSIfmt) | (static_cast<u32>(a1) & 07777);
  return 0;
}

SYSCALL_DEFINE(fchmodat) {
  char path[512];
  long n = get_path(a1, path);
  if (n < 0) return n;
  Inode* in;
  int r = lookup_at(static_cast<int>(a0), path, &in);
  if (r < 0) return r;
  in->mode = (in->mode & kSIfmt) | (static_cast<u32>(a2) & 07777);
  return 0;
}

SYSCALL_DEFINE(utimensat) {
  if (a3 & ~0x1100ull) return -kEINVAL;  // AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH
  if (a1) {
    char path[512];
    long n = get_path(a1, path);
    if (n < 0) return n;
    Inode* in;
    return lookup_at(static_cast<int>(a0), path, &in);
  }
  return fd_get(static_cast<int>(a0)) ? 0 : -kEBADF;  // timestamps are not kept
}

SYSCALL_DEFINE(fchdir) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (f->kind != FileKind::kInode || !f->inode->is_dir()) return -kENOTDIR;
  current()->fs->cwd = f->inode;
  return 0;
}

SYSCALL_DEFINE(renameat2) {
  u64 flags = a4;
  if (flags & ~(kRenameNoreplace | kRenameExchange | kRenameWhiteout)) return -kEINVAL;
  if ((flags & kRenameNoreplace) && (flags & kRenameExchange)) return -kEINVAL;
  if (flags & (kRenameExchange | kRenameWhiteout)) return -kEINVAL;  // not supported here
  char oldp[512], newp[512];
  long n = get_path(a1, oldp);
  if (n < 0) return n;
  if ((n = get_path(a3, newp)) < 0) return n;
  Inode *odir, *ndir, *oparent, *nparent;
  const char *olast, *nlast;
  int r = dir_of(static_cast<int>(a0), oldp, &odir);
  if (!r) r = dir_of(static_cast<int>(a2), newp, &ndir);
  if (!r) r = path_parent(odir, oldp, &oparent, &olast);
  if (!r) r = path_parent(ndir, newp, &nparent, &nlast);
  if (r < 0) return r;
  if (!kstrcmp(olast, ".") || !kstrcmp(olast, "..") || !kstrcmp(nlast, ".") ||
      !kstrcmp(nlast, "..")) {
    return -kEBUSY;
  }
  Dirent** src = find_entry(oparent, olast);
  if (!src) return -kENOENT;
  Inode* moving = (*src)->inode;
  Dirent** dst = find_entry(nparent, nlast);
  if (dst && (*dst)->inode == moving) return 0;
  if (moving->is_dir() && is_ancestor(moving, nparent)) return -kEINVAL;
  if (dst) {
    if (flags & kRenameNoreplace) return -kEEXIST;
    Inode* victim = (*dst)->inode;
    if (moving->is_dir() && !victim->is_dir()) return -kENOTDIR;
    if (!moving->is_dir() && victim->is_dir()) return -kEISDIR;
    if (victim->is_dir() && victim->children) return -kENOTEMPTY;
    Dirent* d = *dst;
    *dst = d->next;
    if (victim->is_dir()) nparent->nlink--;
    victim->nlink = victim->is_dir() ? 0 : victim->nlink - 1;
    kfree(d->name);
    kdelete(d);
    src = find_entry(oparent, olast);  // the list may have changed
  }
  Dirent* d = *src;
  *src = d->next;
  if (moving->is_dir()) oparent->nlink--;
  char* name = kstrdup(nlast);
  if (!name) return -kENOMEM;
  kfree(d->name);
  kdelete(d);
  r = dir_add(nparent, name, moving);
  kfree(name);
  return r;
}

}  // namespace starlet
