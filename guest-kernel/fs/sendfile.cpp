// sendfile: a regular file's bytes to any writable file without a trip through user memory, with
// Linux 6.1's checks in Linux's order (fs/read_write.c do_sendfile, fs/splice.c).
#include "fs/vfs.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
constexpr u64 kMaxRwCount = 0x7ffff000;  // MAX_RW_COUNT: INT_MAX rounded down to a page

// A file with a splice_read on Linux here: regular files, /proc's generated files included.
bool splice_readable(File* f) { return f->kind == FileKind::kInode && f->inode->is_reg(); }

// Linux's in-kernel copy (do_splice_direct, or splice into a pipe) takes the out file's
// splice_write: pipes, the console, regular files and /dev's memory devices have one.
bool splice_writable(File* f) {
  switch (f->kind) {
    case FileKind::kConsole:
    case FileKind::kPipeWrite:
      return true;
    case FileKind::kInode:
      return !f->inode->is_dir() && !f->inode->procfs;
    default:
      return false;
  }
}

long do_sendfile(int out_fd, int in_fd, u64* ppos, u64 count) {
  File* in = fd_get(in_fd);
  if (!in || (in->flags & kOAccmode) == kOWronly || in->kind == FileKind::kPipeWrite) {
    return -kEBADF;
  }
  // An offset needs a file that can be read at one (FMODE_PREAD): not a pipe or the console.
  if (ppos && in->kind != FileKind::kInode) return -kESPIPE;
  const u64 start = ppos ? *ppos : in->pos;
  if (static_cast<i64>(start) < 0 || static_cast<i64>(count) < 0) return -kEINVAL;
  count = min(count, kMaxRwCount);
  File* out = fd_get(out_fd);
  if (!out) return -kEBADF;
  const bool out_writable = out->kind == FileKind::kInode ? (out->flags & kOAccmode) != 0
                                                          : out->kind != FileKind::kPipeRead;
  if (!out_writable) return -kEBADF;
  if (out->kind != FileKind::kPipeWrite && (out->flags & kOAppend)) return -kEINVAL;
  if (!splice_readable(in) || !splice_writable(out)) return -kEINVAL;

  // Bounced through a kernel buffer: a write that blocks (a full pipe) may let another task
  // grow, and so move, the input file's bytes.
  u64 pos = start, done = 0;
  long error = 0;
  u8 chunk_buf[1024];
  while (done < count) {
    Inode* src = in->inode;
    if (pos >= src->size) break;
    u64 chunk = min(min<u64>(count - done, sizeof chunk_buf), src->size - pos);
    memcpy(chunk_buf, src->data + pos, chunk);
    long w = file_write_from(out, WriteSource{0, chunk_buf}, chunk);
    if (w < 0) {
      error = w;
      break;
    }
    pos += static_cast<u64>(w);
    done += static_cast<u64>(w);
    if (static_cast<u64>(w) < chunk) break;
  }
  if (ppos)
    *ppos = pos;
  else
    in->pos = pos;
  return done ? static_cast<long>(done) : error;
}
}  // namespace

SYSCALL_DEFINE(sendfile) {
  const int out_fd = static_cast<int>(a0), in_fd = static_cast<int>(a1);
  if (!a2) return do_sendfile(out_fd, in_fd, nullptr, a3);
  u64 pos;
  if (!copy_from_user(&pos, a2, sizeof pos)) return -kEFAULT;
  long r = do_sendfile(out_fd, in_fd, &pos, a3);
  if (!copy_to_user(a2, &pos, sizeof pos)) return -kEFAULT;
  return r;
}

}  // namespace starlet
