// /proc: what the tree (procfs.cpp) and the file generators (proc_files.cpp) share.
#pragma once

#include "fs/vfs.hpp"
#include "proc/task.hpp"

namespace starlet {

// A growing text buffer in the kernel heap; a failed allocation truncates (oom is set).
struct ProcText {
  char* buf = nullptr;
  u64 len = 0, cap = 0;
  bool oom = false;
  void add(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
  void put(const void* bytes, u64 n);
};

// The contents of /proc/PID/<name> for process `g` (false: no such file).
bool proc_pid_file(ProcText& t, ThreadGroup* g, const char* name);
// The contents of a file directly under /proc or below /proc/sys (false: no such file).
bool proc_global_file(ProcText& t, const char* path);
// The names proc_global_file knows at the top of /proc, for getdents64, null-terminated.
extern const char* const kProcTopFiles[];

// Symlink targets and file names of an open descriptor, as /proc/PID/fd/N shows them.
void proc_fd_target(File* f, char* buf, size_t cap);

}  // namespace starlet
