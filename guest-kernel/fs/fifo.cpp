// Named pipes and other nodes: mknodat, and a FIFO's open joining its pipe and waiting for
// the other end as Linux's fifo_open (fs/pipe.c) does.
#include "fs/vfs.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {

long fifo_open(Inode* in, File* f) {
  const u32 access = f->flags & kOAccmode;
  if (access == kOAccmode) return -kEINVAL;
  const bool nonblock = f->flags & kONonblock;
  Pipe* p = in->fifo;
  const bool fresh = !p;
  if (fresh) {
    if (!(p = pipe_new())) return -kENOMEM;
    p->fifo = in;
    in->fifo = p;
  }
  if (access == kOWronly && nonblock && !p->readers) {
    if (fresh) pipe_free(p);
    return -kENXIO;
  }
  // From here the file is an end of the pipe: closing it (file_put) undoes what follows.
  f->pipe = p;
  switch (access) {
    case 0: {
      f->kind = FileKind::kPipeRead;
      p->read_opens++;
      p->readers++;
      wake_all(p);  // a writer waiting in its open
      if (p->writers) return 0;
      const u64 seen = p->write_opens;
      if (nonblock) {
        f->write_opens_seen = seen;
        return 0;
      }
      return wait_event(p, [p, seen] { return p->write_opens != seen; }) < 0 ? -kERESTARTSYS : 0;
    }
    case kOWronly: {
      f->kind = FileKind::kPipeWrite;
      p->write_opens++;
      p->writers++;
      wake_all(p);
      if (p->readers) return 0;
      const u64 seen = p->read_opens;
      return wait_event(p, [p, seen] { return p->read_opens != seen; }) < 0 ? -kERESTARTSYS : 0;
    }
    default:  // O_RDWR never waits: it is both ends
      f->kind = FileKind::kPipeRead;
      f->fifo_rdwr = true;
      p->read_opens++;
      p->write_opens++;
      p->readers++;
      p->writers++;
      wake_all(p);
      return 0;
  }
}

SYSCALL_DEFINE(mknodat) {
  u32 type = static_cast<u32>(a2) & kSIfmt;
  switch (type) {  // Linux's may_mknod, before the path is looked at
    case 0:
      type = kSIfreg;
      break;
    case kSIfreg:
    case kSIfchr:
    case kSIfblk:
    case kSIfifo:
    case kSIfsock:
      break;
    case kSIfdir:
      return -kEPERM;
    default:
      return -kEINVAL;
  }
  char path[512];
  Inode* parent;
  const char* last;
  size_t len;
  if (long r = lookup_parent(a0, a1, path, &parent, &last, &len); r < 0) return r;
  if (len == 0 || dir_find(parent, last, len) || (len == 1 && last[0] == '.') ||
      (len == 2 && last[0] == '.' && last[1] == '.')) {
    return -kEEXIST;
  }
  if (len > 255) return -kENAMETOOLONG;
  char name[256];
  memcpy(name, last, len);
  name[len] = 0;
  Inode* in = inode_new(type | (static_cast<u32>(a2) & 07777 & ~current()->fs->umask));
  if (!in) return -kENOMEM;
  if (type == kSIfchr || type == kSIfblk) in->rdev = a3;  // root holds CAP_MKNOD
  return dir_add(parent, name, in);
}

}  // namespace starlet
