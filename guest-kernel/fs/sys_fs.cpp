// File-system syscalls: open/close/read/write family, directories, stat, pipes, fcntl, ioctl.
#include "arch/riscv/csr.hpp"
#include "drivers/uart.hpp"
#include "fs/vfs.hpp"
#include "kernel/time.hpp"
#include "mm/kmalloc.hpp"
#include "mm/page.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
constexpr u64 kAtSymlinkNofollow = 0x100, kAtRemovedir = 0x200, kAtEmptyPath = 0x1000;
constexpr u64 kAtNoAutomount = 0x800;

struct KStat {  // asm-generic struct stat, riscv64
  u64 dev, ino;
  u32 mode, nlink, uid, gid;
  u64 rdev, pad1;
  i64 size;
  i32 blksize, pad2;
  i64 blocks;
  i64 atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
  u32 unused4, unused5;
};
static_assert(sizeof(KStat) == 128);

Files* files() { return current()->files; }

void fill_stat(KStat* st, File* f, Inode* in) {
  memset(st, 0, sizeof *st);
  st->dev = 1;
  st->blksize = 4096;
  st->nlink = 1;
  if (in) {
    st->ino = in->ino;
    st->mode = in->mode;
    st->nlink = in->nlink;
    st->rdev = in->rdev;
    // /proc's files report size 0, as Linux's do: their text exists only once read.
    st->size = in->procfs ? 0 : static_cast<i64>(in->size);
    st->blocks = in->procfs ? 0 : static_cast<i64>((in->size + 511) / 512);
    st->mtime = st->atime = st->ctime = static_cast<i64>(in->mtime_ns / 1000000000);
  } else if (f->kind == FileKind::kConsole) {
    st->mode = kSIfchr | 0620;
    st->rdev = (5 << 8) | 1;
    st->dev = 6;
    st->blksize = 1024;
  } else if (f->kind == FileKind::kPipeRead || f->kind == FileKind::kPipeWrite) {
    st->mode = kSIfifo | 0600;
    st->dev = 12;
  } else if (f->kind == FileKind::kSocket) {
    st->mode = kSIfsock | 0777;
    st->dev = 8;
  } else {
    st->mode = 0600;  // anonymous inode (pidfd)
    st->dev = 13;
  }
}

// A node open(2) can reach something through: not a socket's node (no socket is bound to one
// here) nor a device other than the console (char 5) and /dev's memory devices (char 1).
bool opens_something(Inode* in) {
  switch (in->mode & kSIfmt) {
    case kSIfsock:
    case kSIfblk:
      return false;
    case kSIfchr:
      return is_memdev(in) || (in->rdev >> 8) == 5;
    default:
      return true;
  }
}

bool is_tty(File* f) {
  return f->kind == FileKind::kConsole ||
         (f->kind == FileKind::kInode && (f->inode->mode & kSIfmt) == kSIfchr &&
          !is_memdev(f->inode));
}

struct IoVec {
  u64 base, len;
};

long do_rw_vec(int fd, u64 uiov, u64 cnt, bool write) {
  File* f = fd_get(fd);
  if (!f) return -kEBADF;
  if (cnt > 1024) return -kEINVAL;
  long total = 0;
  for (u64 i = 0; i < cnt; i++) {
    IoVec v;
    if (!copy_from_user(&v, uiov + i * sizeof(IoVec), sizeof v)) return total ? total : -kEFAULT;
    if (static_cast<i64>(v.len) < 0) return -kEINVAL;
    if (!v.len) continue;
    long r = write ? file_write(f, v.base, v.len) : file_read(f, v.base, v.len);
    if (r < 0) return total ? total : r;
    total += r;
    if (static_cast<u64>(r) < v.len) break;
  }
  return total;
}
}  // namespace

long get_path(u64 upath, char* buf) {
  long n = strncpy_from_user(buf, upath, 512);
  if (n == -kENAMETOOLONG) return n;
  return n < 0 ? -kEFAULT : n;
}

// Resolves the start directory for a *at() call.
int dir_of(int dirfd, const char* path, Inode** out) {
  if (path[0] == '/' || dirfd == kAtFdcwd) {
    *out = current()->fs->cwd;
    return 0;
  }
  File* f = fd_get(dirfd);
  if (!f) return -kEBADF;
  if (f->kind != FileKind::kInode || !f->inode->is_dir()) return -kENOTDIR;
  *out = f->inode;
  return 0;
}

int lookup_at(int dirfd, const char* path, Inode** out) {
  Inode* dir;
  int r = dir_of(dirfd, path, &dir);
  return r < 0 ? r : path_lookup(dir, path, out);
}

SYSCALL_DEFINE(getcwd) {
  char buf[512];
  inode_path(current()->fs->cwd, buf, sizeof buf);
  u64 len = kstrlen(buf) + 1;
  if (a1 < len) return -kERANGE;
  if (!copy_to_user(a0, buf, len)) return -kEFAULT;
  return static_cast<long>(len);
}

SYSCALL_DEFINE(dup) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  int fd = fd_install(files(), f, 0, false);
  if (fd >= 0) file_get(f);
  return fd;
}

SYSCALL_DEFINE(dup3) {
  int oldfd = static_cast<int>(a0), newfd = static_cast<int>(a1);
  if (a2 & ~static_cast<u64>(kOCloexec)) return -kEINVAL;
  if (oldfd == newfd) return -kEINVAL;
  File* f = fd_get(oldfd);
  if (!f) return -kEBADF;
  if (newfd < 0 || newfd >= kMaxFds) return -kEBADF;
  file_get(f);
  file_put(files()->fd[newfd]);
  files()->fd[newfd] = f;
  files()->cloexec[newfd] = a2 & kOCloexec;
  return newfd;
}

SYSCALL_DEFINE(fcntl) {
  int fd = static_cast<int>(a0);
  File* f = fd_get(fd);
  if (!f) return -kEBADF;
  switch (a1) {
    case 0:       // F_DUPFD
    case 1030: {  // F_DUPFD_CLOEXEC
      if (a2 >= kMaxFds) return -kEINVAL;
      int nfd = fd_install(files(), f, static_cast<int>(a2), a1 == 1030);
      if (nfd >= 0) file_get(f);
      return nfd;
    }
    case 1:
      return files()->cloexec[fd] ? 1 : 0;  // F_GETFD
    case 2:
      files()->cloexec[fd] = a2 & 1;
      return 0;
    case 3:
      return f->flags | (f->kind == FileKind::kInode ? u32{kOLargefile} : 0u);  // F_GETFL
    case 4:
      f->flags = (f->flags & ~(kOAppend | kONonblock)) | (a2 & (kOAppend | kONonblock));
      return 0;
    default:
      return -kEINVAL;
  }
}

SYSCALL_DEFINE(ioctl) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (!is_tty(f)) return -kENOTTY;
  switch (a1) {
    case 0x5401: {  // TCGETS
      u8 t[36] = {};
      u32 flags[4] = {0x500, 0x5, 0xbf, 0x8a3b};
      memcpy(t, flags, sizeof flags);
      const u8 cc[] = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22};
      memcpy(t + 17, cc, sizeof cc);
      return copy_to_user(a2, t, sizeof t) ? 0 : -kEFAULT;
    }
    case 0x5402:
    case 0x5403:
    case 0x5404: {  // TCSETS*: accept, the console has no modes
      u8 t[36];
      return copy_from_user(t, a2, sizeof t) ? 0 : -kEFAULT;
    }
    case 0x5413: {  // TIOCGWINSZ
      u16 ws[4] = {24, 80, 0, 0};
      return copy_to_user(a2, ws, sizeof ws) ? 0 : -kEFAULT;
    }
    case 0x540f: {  // TIOCGPGRP
      i32 pg = current()->tg->pgid;
      return copy_to_user(a2, &pg, 4) ? 0 : -kEFAULT;
    }
    default:
      return -kEINVAL;
  }
}

// dirfd + user path -> the parent directory and the last component, which points into
// `path` and runs for `*len` bytes (up to a trailing '/').
long lookup_parent(u64 dirfd, u64 upath, char* path, Inode** parent, const char** last,
                   size_t* len) {
  long n = get_path(upath, path);
  if (n < 0) return n;
  Inode* dir;
  int r = dir_of(static_cast<int>(dirfd), path, &dir);
  if (r < 0) return r;
  if ((r = path_parent(dir, path, parent, last)) < 0) return r;
  *len = 0;
  while ((*last)[*len] && (*last)[*len] != '/') ++*len;
  return 0;
}

SYSCALL_DEFINE(mkdirat) {
  char path[512];
  Inode* parent;
  const char* last;
  size_t len;
  if (long r = lookup_parent(a0, a1, path, &parent, &last, &len); r < 0) return r;
  if (dir_find(parent, last, len) || (len == 1 && last[0] == '.') ||
      (len == 2 && last[0] == '.' && last[1] == '.') || len == 0) {
    return -kEEXIST;
  }
  char name[256];
  if (len > 255) return -kENAMETOOLONG;
  memcpy(name, last, len);
  name[len] = 0;
  Inode* in = inode_new(kSIfdir | (static_cast<u32>(a2) & 07777 & ~current()->fs->umask));
  if (!in) return -kENOMEM;
  return dir_add(parent, name, in);
}

SYSCALL_DEFINE(unlinkat) {
  if (a2 & ~kAtRemovedir) return -kEINVAL;
  char path[512];
  Inode* parent;
  const char* last;
  size_t len;
  if (long r = lookup_parent(a0, a1, path, &parent, &last, &len); r < 0) return r;
  if (a2 & kAtRemovedir) {
    if (len == 1 && last[0] == '.') return -kEINVAL;
    if (len == 2 && last[0] == '.' && last[1] == '.') return -kENOTEMPTY;
  }
  for (Dirent** pp = &parent->children; *pp; pp = &(*pp)->next) {
    Dirent* d = *pp;
    if (kstrlen(d->name) != len || kstrncmp(d->name, last, len)) continue;
    Inode* in = d->inode;
    if (a2 & kAtRemovedir) {
      if (!in->is_dir()) return -kENOTDIR;
      if (in->children) return -kENOTEMPTY;
      parent->nlink--;
    } else if (in->is_dir()) {
      return -kEISDIR;
    }
    *pp = d->next;
    in->nlink = in->is_dir() ? 0 : in->nlink - 1;
    kfree(d->name);
    kdelete(d);
    return 0;  // the inode itself lives on: open files may still use it
  }
  return -kENOENT;
}

SYSCALL_DEFINE(faccessat) {
  if (a2 & ~7ull) return -kEINVAL;
  char path[512];
  long n = get_path(a1, path);
  if (n < 0) return n;
  Inode* in;
  return lookup_at(static_cast<int>(a0), path, &in);
}

SYSCALL_DEFINE(faccessat2) {
  if (a3 & ~(kAtSymlinkNofollow | kAtEmptyPath | 0x200)) return -kEINVAL;
  return sys_faccessat(a0, a1, a2, 0, 0, 0);
}

namespace {
// chdir's and chroot's lookup: the directory a user path names, or its error.
long lookup_dir(u64 upath, Inode** out) {
  char path[512];
  long n = get_path(upath, path);
  if (n < 0) return n;
  int r = path_lookup(current()->fs->cwd, path, out);
  if (r < 0) return r;
  return (*out)->is_dir() ? 0 : -kENOTDIR;
}
}  // namespace

SYSCALL_DEFINE(chdir) {
  Inode* in;
  long r = lookup_dir(a0, &in);
  if (r < 0) return r;
  current()->fs->cwd = in;
  return 0;
}

// Linux's ksys_chroot: the lookup's errors, then CAP_SYS_CHROOT; the cwd stays where it is
// (getcwd then answers "(unreachable)/..." until a chdir into the new root).
SYSCALL_DEFINE(chroot) {
  Inode* in;
  long r = lookup_dir(a0, &in);
  if (r < 0) return r;
  if (!capable(kCapSysChroot)) return -kEPERM;
  current()->fs->root = in;
  return 0;
}

SYSCALL_DEFINE(openat) {
  char path[512];
  long n = get_path(a1, path);
  if (n < 0) return n;
  u32 flags = static_cast<u32>(a2);
  Inode *dir, *in = nullptr;
  int r = dir_of(static_cast<int>(a0), path, &dir);
  if (r < 0) return r;
  r = path_lookup(dir, path, &in, !(flags & kONofollow));
  if (r == -kENOENT && (flags & kOCreat)) {
    Inode* parent;
    const char* last;
    if ((r = path_parent(dir, path, &parent, &last)) < 0) return r;
    if (dir_find(parent, last, kstrlen(last))) return -kENOENT;  // a dangling symlink
    if (path[n - 1] == '/') return -kEISDIR;
    if (kstrlen(last) > 255) return -kENAMETOOLONG;
    in = inode_new(kSIfreg | (static_cast<u32>(a3) & 07777 & ~current()->fs->umask));
    if (!in) return -kENOMEM;
    if ((r = dir_add(parent, last, in)) < 0) return r;
  } else if (r < 0) {
    return r;
  } else if ((flags & kOCreat) && (flags & kOExcl)) {
    return -kEEXIST;
  }
  if ((in->mode & kSIfmt) == kSIflnk && !(flags & kOPath)) return -kELOOP;  // O_NOFOLLOW
  if ((flags & kODirectory) && !in->is_dir()) return -kENOTDIR;
  if (in->is_dir() && ((flags & kOAccmode) != 0 || (flags & kOCreat))) return -kEISDIR;
  if ((flags & kOTrunc) && in->is_reg() && (flags & kOAccmode) && !in->procfs)
    inode_truncate(in, 0);
  File* f = file_new(FileKind::kInode);
  if (!f) return -kENOMEM;
  f->inode = in;
  f->flags = flags & ~(kOCreat | kOExcl | kOTrunc | kOCloexec | kONoctty);
  in->open_count++;
  if ((in->mode & kSIfmt) == kSIfifo && !(flags & kOPath)) {
    if (long r = fifo_open(in, f); r < 0) {
      file_put(f);
      return r;
    }
  } else if (!(flags & kOPath) && !opens_something(in)) {
    file_put(f);
    return -kENXIO;  // a socket's node, or a device no driver here answers for
  }
  int fd = fd_install(files(), f, 0, flags & kOCloexec);
  if (fd < 0) file_put(f);
  return fd;
}

SYSCALL_DEFINE(close) {
  int fd = static_cast<int>(a0);
  File* f = fd_get(fd);
  if (!f) return -kEBADF;
  files()->fd[fd] = nullptr;
  files()->cloexec[fd] = false;
  file_put(f);
  return 0;
}

SYSCALL_DEFINE(pipe2) {
  if (a1 & ~static_cast<u64>(kOCloexec | kONonblock | 040000)) return -kEINVAL;
  Pipe* p = pipe_new();
  File* r = file_new(FileKind::kPipeRead);
  File* w = file_new(FileKind::kPipeWrite);
  if (!p || !r || !w) {
    if (p) pipe_free(p);
    kdelete(r);
    kdelete(w);
    return -kENFILE;
  }
  p->readers = p->writers = 1;
  r->pipe = w->pipe = p;
  r->flags = static_cast<u32>(a1 & kONonblock);
  w->flags = static_cast<u32>((a1 & kONonblock) | kOWronly);
  bool cloexec = a1 & kOCloexec;
  int fds[2] = {fd_install(files(), r, 0, cloexec), -1};
  if (fds[0] >= 0) fds[1] = fd_install(files(), w, 0, cloexec);
  if (fds[1] < 0 || !copy_to_user(a0, fds, sizeof fds)) {
    long err = fds[1] < 0 ? -kEMFILE : -kEFAULT;
    if (fds[0] >= 0) files()->fd[fds[0]] = nullptr;
    if (fds[1] >= 0) files()->fd[fds[1]] = nullptr;
    file_put(r);
    file_put(w);
    return err;
  }
  return 0;
}

SYSCALL_DEFINE(getdents64) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (f->kind != FileKind::kInode || !f->inode->is_dir()) return -kENOTDIR;
  Inode* dir = f->inode;
  u64 idx = 0, written = 0;
  auto emit = [&](u64 ino, u8 type, const char* name) -> int {
    if (idx++ < f->pos) return 0;
    u64 len = kstrlen(name);
    u64 reclen = (19 + len + 1 + 7) & ~7ull;
    if (written + reclen > a2) return written ? 1 : -kEINVAL;
    u8 rec[300] = {};
    memcpy(rec, &ino, 8);
    i64 off = static_cast<i64>(idx);
    memcpy(rec + 8, &off, 8);
    u16 rl = static_cast<u16>(reclen);
    memcpy(rec + 16, &rl, 2);
    rec[18] = type;
    memcpy(rec + 19, name, len);
    if (!copy_to_user(a1 + written, rec, reclen)) return -kEFAULT;
    written += reclen;
    f->pos = idx;
    return 0;
  };
  int r = emit(dir->ino, 4, ".");
  if (!r) r = emit(dir->parent ? dir->parent->ino : dir->ino, 4, "..");
  for (Dirent* d = dir->children; d && !r; d = d->next) {
    u32 fmt = d->inode->mode & kSIfmt;
    u8 type = fmt == kSIfdir   ? 4
              : fmt == kSIfreg ? 8
              : fmt == kSIfchr ? 2
              : fmt == kSIflnk ? 10
                               : 0;
    r = emit(d->inode->ino, type, d->name);
  }
  if (r < 0) return r;
  return static_cast<long>(written);
}

SYSCALL_DEFINE(lseek) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (f->kind != FileKind::kInode || (f->inode->mode & kSIfmt) == kSIfchr) return -kESPIPE;
  i64 off = static_cast<i64>(a1), base;
  switch (a2) {
    case 0:
      base = 0;
      break;
    case 1:
      base = static_cast<i64>(f->pos);
      break;
    case 2:
      base = static_cast<i64>(f->inode->size);
      break;
    default:
      return -kEINVAL;
  }
  i64 pos = base + off;
  if (pos < 0) return -kEINVAL;
  f->pos = static_cast<u64>(pos);
  return pos;
}

SYSCALL_DEFINE(read) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (a2 && !user_range_ok(a1, a2)) return -kEFAULT;  // access_ok comes before the size check
  if (static_cast<i64>(a2) < 0) return -kEINVAL;
  return a2 ? file_read(f, a1, a2) : 0;
}

SYSCALL_DEFINE(write) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (a2 && !user_range_ok(a1, a2)) return -kEFAULT;  // access_ok comes before the size check
  if (static_cast<i64>(a2) < 0) return -kEINVAL;
  return a2 ? file_write(f, a1, a2) : 0;
}

SYSCALL_DEFINE(readv) { return do_rw_vec(static_cast<int>(a0), a1, a2, false); }
SYSCALL_DEFINE(writev) { return do_rw_vec(static_cast<int>(a0), a1, a2, true); }

SYSCALL_DEFINE(pread64) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (f->kind != FileKind::kInode) return -kESPIPE;
  if (static_cast<i64>(a3) < 0) return -kEINVAL;
  u64 saved = f->pos;
  f->pos = a3;
  long r = file_read(f, a1, a2);
  f->pos = saved;
  return r;
}

SYSCALL_DEFINE(pwrite64) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  if (f->kind != FileKind::kInode) return -kESPIPE;
  if (static_cast<i64>(a3) < 0) return -kEINVAL;
  u64 saved = f->pos;
  f->pos = a3;
  u32 fl = f->flags;
  f->flags &= ~kOAppend;
  long r = file_write(f, a1, a2);
  f->flags = fl;
  f->pos = saved;
  return r;
}

SYSCALL_DEFINE(readlinkat) {
  char path[512];
  long n = get_path(a1, path);
  if (n < 0) return n;
  if (static_cast<i64>(a3) <= 0) return -kEINVAL;
  Inode *dir, *in;
  int r = dir_of(static_cast<int>(a0), path, &dir);
  if (r < 0 || (r = path_lookup(dir, path, &in, false)) < 0) return r;
  if ((in->mode & kSIfmt) != kSIflnk) return -kEINVAL;
  u64 len = min(in->size, a3);
  return copy_to_user(a2, in->data, len) ? static_cast<long>(len) : -kEFAULT;
}

SYSCALL_DEFINE(newfstatat) {
  if (a3 & ~(kAtSymlinkNofollow | kAtEmptyPath | kAtNoAutomount)) return -kEINVAL;
  char path[512];
  long n = get_path(a1, path);
  if (n < 0) return n;
  KStat st;
  if (n == 0) {
    if (!(a3 & kAtEmptyPath)) return -kENOENT;
    if (static_cast<int>(a0) == kAtFdcwd) {
      fill_stat(&st, nullptr, current()->fs->cwd);
    } else {
      File* f = fd_get(static_cast<int>(a0));
      if (!f) return -kEBADF;
      fill_stat(&st, f, f->inode);
    }
  } else {
    Inode *dir, *in;
    int r = dir_of(static_cast<int>(a0), path, &dir);
    if (r < 0 || (r = path_lookup(dir, path, &in, !(a3 & kAtSymlinkNofollow))) < 0) return r;
    fill_stat(&st, nullptr, in);
  }
  return copy_to_user(a2, &st, sizeof st) ? 0 : -kEFAULT;
}

SYSCALL_DEFINE(fstat) {
  File* f = fd_get(static_cast<int>(a0));
  if (!f) return -kEBADF;
  KStat st;
  fill_stat(&st, f, f->inode);
  return copy_to_user(a1, &st, sizeof st) ? 0 : -kEFAULT;
}

SYSCALL_DEFINE(statx) { return -kENOSYS; }

}  // namespace starlet
