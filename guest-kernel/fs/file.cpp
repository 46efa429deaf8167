// Open file descriptions and fd tables; read/write for regular files, pipes and the console.
#include "drivers/uart.hpp"
#include "fs/vfs.hpp"
#include "mm/kmalloc.hpp"
#include "mm/page.hpp"
#include "proc/task.hpp"

namespace starlet {

File* file_new(FileKind kind) {
  File* f = knew<File>();
  if (f) f->kind = kind;
  return f;
}

void file_get(File* f) { f->refs++; }

Pipe* pipe_new() {
  Pipe* p = knew<Pipe>();
  if (!p) return nullptr;
  p->buf = reinterpret_cast<u8*>(page_alloc_contig(kPipeSize / kPageSize));
  if (!p->buf) {
    kdelete(p);
    return nullptr;
  }
  p->readers = p->writers = 0;
  return p;
}

void pipe_free(Pipe* p) {
  if (p->fifo) p->fifo->fifo = nullptr;  // the next open starts an empty pipe, as on Linux
  page_free_contig(reinterpret_cast<u64>(p->buf), kPipeSize / kPageSize);
  kdelete(p);
}

void file_put(File* f) {
  if (!f || --f->refs > 0) return;
  if (f->pipe) {
    Pipe* p = f->pipe;
    if (f->kind == FileKind::kPipeRead) p->readers--;
    if (f->kind == FileKind::kPipeWrite || f->fifo_rdwr) p->writers--;
    wake_all(p);
    if (p->readers == 0 && p->writers == 0) pipe_free(p);
  }
  if (f->inode) {
    flock_release(f);
    f->inode->open_count--;
  }
  if (f->kind == FileKind::kSocket) socket_release(f);
  epoll_file_released(f);
  kdelete(f);
}

Files* files_new() { return knew<Files>(); }

Files* files_clone(Files* src) {
  Files* fs = knew<Files>();
  if (!fs) return nullptr;
  for (int i = 0; i < kMaxFds; i++) {
    fs->fd[i] = src->fd[i];
    fs->cloexec[i] = src->cloexec[i];
    if (fs->fd[i]) file_get(fs->fd[i]);
  }
  return fs;
}

void files_put(Files* fs) {
  if (!fs || --fs->refs > 0) return;
  for (int i = 0; i < kMaxFds; i++) file_put(fs->fd[i]);
  kdelete(fs);
}

void files_close_on_exec(Files* fs) {
  for (int i = 0; i < kMaxFds; i++) {
    if (fs->fd[i] && fs->cloexec[i]) {
      file_put(fs->fd[i]);
      fs->fd[i] = nullptr;
      fs->cloexec[i] = false;
    }
  }
}

int fd_install(Files* fs, File* f, int min_fd, bool cloexec) {
  for (int i = min_fd; i < kMaxFds; i++) {
    if (!fs->fd[i]) {
      fs->fd[i] = f;
      fs->cloexec[i] = cloexec;
      return i;
    }
  }
  return -kEMFILE;
}

File* fd_get(int fd) {
  Task* t = current();
  Files* fs = t->files;
  if (fd < 0 || fd >= kMaxFds || !fs) return nullptr;
  File* f = fs->fd[fd];
  if (f && t->nr_held_files < kHeldFiles) {
    file_get(f);
    t->held_files[t->nr_held_files++] = f;
  }
  return f;
}

void release_held_files(Task* t) {
  while (t->nr_held_files > 0) file_put(t->held_files[--t->nr_held_files]);
}

namespace {
long pipe_read(File* f, u64 uva, u64 n) {
  Pipe* p = f->pipe;
  if (p->head == p->tail) {
    if (p->writers == 0) return 0;
    if (f->flags & kONonblock) return -kEAGAIN;
    if (wait_event(p, [p] { return p->head != p->tail || p->writers == 0; }) < 0) {
      return -kERESTARTSYS;
    }
    if (p->head == p->tail) return 0;  // the last writer went away
  }
  u64 done = 0;
  while (done < n && p->tail != p->head) {
    u64 idx = p->tail % kPipeSize;
    u64 chunk = min(min(n - done, p->head - p->tail), kPipeSize - idx);
    if (!copy_to_user(uva + done, p->buf + idx, chunk))
      return done ? static_cast<long>(done) : -kEFAULT;
    p->tail += chunk;
    done += chunk;
  }
  wake_all(p);
  return static_cast<long>(done);
}

long pipe_write(File* f, const WriteSource& src, u64 n) {
  Pipe* p = f->pipe;
  u64 done = 0;
  while (done < n) {
    if (p->readers == 0) {
      send_signal_task(current(), kSIGPIPE);
      return done ? static_cast<long>(done) : -kEPIPE;
    }
    u64 space = kPipeSize - (p->head - p->tail);
    if (space == 0) {
      if (f->flags & kONonblock) return done ? static_cast<long>(done) : -kEAGAIN;
      wake_all(p);
      if (wait_event(p, [p] { return p->head - p->tail < kPipeSize || p->readers == 0; }) < 0) {
        return done ? static_cast<long>(done) : -kERESTARTSYS;
      }
      continue;
    }
    u64 idx = p->head % kPipeSize;
    u64 chunk = min(min(n - done, space), kPipeSize - idx);
    if (!src.copy(p->buf + idx, done, chunk)) return done ? static_cast<long>(done) : -kEFAULT;
    p->head += chunk;
    done += chunk;
  }
  wake_all(p);
  return static_cast<long>(done);
}

long console_read(File* f, u64 uva, u64 n) {
  char buf[256];
  if (!uart_has_input()) {
    if (f->flags & kONonblock) return -kEAGAIN;
    if (wait_event(&g_console_chan, uart_has_input) < 0) return -kERESTARTSYS;
  }
  bool eof;
  size_t got = uart_read(buf, min<u64>(n, sizeof buf), &eof);
  if (got) uart_write(buf, got);  // echo
  if (!copy_to_user(uva, buf, got)) return -kEFAULT;
  return static_cast<long>(got);
}

long console_write(const WriteSource& src, u64 n) {
  char buf[256];
  u64 done = 0;
  while (done < n) {
    u64 chunk = min<u64>(n - done, sizeof buf);
    if (!src.copy(buf, done, chunk)) return done ? static_cast<long>(done) : -kEFAULT;
    uart_write(buf, chunk);
    done += chunk;
  }
  return static_cast<long>(done);
}
}  // namespace

long file_read(File* f, u64 uva, u64 n) {
  if ((f->flags & kOAccmode) == kOWronly || f->kind == FileKind::kPipeWrite) return -kEBADF;
  switch (f->kind) {
    case FileKind::kConsole:
      return console_read(f, uva, n);
    case FileKind::kPipeRead:
      return pipe_read(f, uva, n);
    case FileKind::kEventfd:
      return eventfd_read(f, uva, n);
    case FileKind::kSocket:
      return socket_read(f, uva, n);
    case FileKind::kInode: {
      Inode* in = f->inode;
      if (in->is_dir()) return -kEISDIR;
      if (is_memdev(in)) return memdev_read(in, uva, n);
      if ((in->mode & kSIfmt) == kSIfchr) return console_read(f, uva, n);
      if (f->pos >= in->size) return 0;
      u64 chunk = min(n, in->size - f->pos);
      if (!copy_to_user(uva, in->data + f->pos, chunk)) return -kEFAULT;
      f->pos += chunk;
      return static_cast<long>(chunk);
    }
    default:
      return -kEINVAL;
  }
}

bool WriteSource::copy(void* dst, u64 off, size_t n) const {
  if (kernel) {
    memcpy(dst, kernel + off, n);
    return true;
  }
  return copy_from_user(dst, uva + off, n);
}

long file_write(File* f, u64 uva, u64 n) { return file_write_from(f, WriteSource{uva}, n); }

long file_write_from(File* f, const WriteSource& src, u64 n) {
  if ((f->flags & kOAccmode) == 0 && f->kind == FileKind::kInode) return -kEBADF;
  switch (f->kind) {
    case FileKind::kConsole:
      return console_write(src, n);
    case FileKind::kPipeWrite:
      return pipe_write(f, src, n);
    case FileKind::kEventfd:
      return eventfd_write(f, src, n);
    case FileKind::kSocket:
      return socket_write(f, src, n);
    case FileKind::kPipeRead:
      return f->fifo_rdwr ? pipe_write(f, src, n) : -kEBADF;
    case FileKind::kInode: {
      Inode* in = f->inode;
      if (is_memdev(in)) return memdev_write(in, n);
      if (in->procfs) return -kEINVAL;  // /proc's files here take no writes (Linux: no write op)
      if ((in->mode & kSIfmt) == kSIfchr) return console_write(src, n);
      if (f->flags & kOAppend) f->pos = in->size;
      u64 done = 0;
      u8 buf[512];
      while (done < n) {
        u64 chunk = min<u64>(n - done, sizeof buf);
        if (!src.copy(buf, done, chunk)) return done ? static_cast<long>(done) : -kEFAULT;
        int r = inode_write(in, f->pos, buf, chunk);
        if (r < 0) return done ? static_cast<long>(done) : r;
        f->pos += chunk;
        done += chunk;
      }
      return static_cast<long>(done);
    }
    default:
      return -kEINVAL;
  }
}

}  // namespace starlet
