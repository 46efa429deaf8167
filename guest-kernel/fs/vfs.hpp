// In-memory file system: inodes, directory entries, open files, pipes, console, fd tables.
#pragma once

#include "kernel/kernel.hpp"

namespace starlet {

enum Mode : u32 {
  kSIfmt = 0170000,
  kSIfdir = 0040000,
  kSIfreg = 0100000,
  kSIfchr = 0020000,
  kSIfifo = 0010000,
  kSIflnk = 0120000,
};
enum OpenFlags : u32 {
  kOWronly = 1,
  kORdwr = 2,
  kOAccmode = 3,
  kOCreat = 0100,
  kOExcl = 0200,
  kONoctty = 0400,
  kOTrunc = 01000,
  kOAppend = 02000,
  kONonblock = 04000,
  kODirectory = 0200000,
  kONofollow = 0400000,
  kOCloexec = 02000000,
  kOPath = 010000000,
  kOLargefile = 0100000,
};
constexpr int kAtFdcwd = -100;
constexpr int kMaxFds = 256;

struct Inode;
struct Dirent {
  char* name;
  Inode* inode;
  Dirent* next;
};

struct Inode {
  u64 ino = 0;
  u32 mode = 0;
  u32 nlink = 1;
  u64 rdev = 0;
  u8* data = nullptr;  // regular file bytes (or symlink target)
  u64 size = 0, cap = 0;
  bool data_owned = false;  // false: data points into the initrd
  Dirent* children = nullptr;
  Inode* parent = nullptr;
  int open_count = 0;
  u64 mtime_ns = 0;
  bool is_dir() const { return (mode & kSIfmt) == kSIfdir; }
  bool is_reg() const { return (mode & kSIfmt) == kSIfreg; }
};

struct Pipe {
  u8* buf;
  u64 head = 0, tail = 0;  // total bytes written / read
  int readers = 1, writers = 1;
};
constexpr u64 kPipeSize = 65536;

enum class FileKind { kInode, kConsole, kPipeRead, kPipeWrite, kPidfd };

struct File {
  int refs = 1;
  FileKind kind = FileKind::kInode;
  Inode* inode = nullptr;
  Pipe* pipe = nullptr;
  int pid = 0;  // kPidfd
  u64 pos = 0;
  u32 flags = 0;
};

struct Files {
  int refs = 1;
  File* fd[kMaxFds] = {};
  bool cloexec[kMaxFds] = {};
};

extern int g_console_chan;  // wait channel for console readers
extern Inode* g_root;

void vfs_init();
int vfs_unpack_cpio(const u8* data, u64 size);  // from the initrd
Inode* inode_new(u32 mode);
int inode_write(Inode* in, u64 off, const void* src, u64 n);
int inode_truncate(Inode* in, u64 size);

// Path lookup; dir is the start for relative paths. Returns -errno or 0.
int path_lookup(Inode* dir, const char* path, Inode** out, bool follow = true);
// Finds the parent directory and the last component of path.
int path_parent(Inode* dir, const char* path, Inode** parent, const char** last);
Dirent* dir_find(Inode* dir, const char* name, size_t len);
int dir_add(Inode* dir, const char* name, Inode* child);
void inode_path(Inode* in, char* buf, size_t cap);

File* file_new(FileKind kind);
void file_get(File* f);
void file_put(File* f);
long file_read(File* f, u64 uva, u64 n);   // into user memory
long file_write(File* f, u64 uva, u64 n);  // from user memory

Files* files_new();
Files* files_clone(Files* src);
void files_put(Files* fs);
void files_close_on_exec(Files* fs);
int fd_install(Files* fs, File* f, int min_fd, bool cloexec);
File* fd_get(int fd);  // current task's table; nullptr if not open

// *at() helpers for the syscalls: a user path into buf (512 bytes), the start directory of
// a relative path, and the lookup itself.
long get_path(u64 upath, char* buf);
int dir_of(int dirfd, const char* path, Inode** out);
int lookup_at(int dirfd, const char* path, Inode** out);

}  // namespace starlet
