// pidfds: file descriptors naming a process (pidfd_open, clone's CLONE_PIDFD), signals
// through them (pidfd_send_signal); poll reports one readable once the process has exited.
#include "fs/vfs.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {

File* pidfd_new(int pid, u32 flags) {
  File* f = file_new(FileKind::kPidfd);
  if (f) {
    f->pid = pid;
    f->flags = kORdwr | flags;
  }
  return f;
}

bool pidfd_exited(File* f) {
  ThreadGroup* g = find_group(f->pid);
  return !g || g->zombie;
}

SYSCALL_DEFINE(pidfd_open) {
  int pid = static_cast<int>(a0);
  if (a1 & ~u64{kONonblock}) return -kEINVAL;
  if (pid <= 0) return -kEINVAL;
  if (!find_group(pid)) return find_task(pid) ? -kEINVAL : -kESRCH;  // a thread: no group
  File* f = pidfd_new(pid, static_cast<u32>(a1));
  if (!f) return -kENOMEM;
  int fd = fd_install(current()->files, f, 0, true);  // pidfds are always close-on-exec
  if (fd < 0) file_put(f);
  return fd;
}

SYSCALL_DEFINE(pidfd_send_signal) {
  constexpr i32 kSiUser = 0, kSiTkill = -6;
  int sig = static_cast<int>(a1);
  if (a3) return -kEINVAL;
  File* f = fd_get(static_cast<int>(a0));
  if (!f || f->kind != FileKind::kPidfd) return -kEBADF;
  if (sig < 0 || sig > kNsig) return -kEINVAL;
  ThreadGroup* me = current()->tg;
  if (a2) {  // a caller-made siginfo: its signo must agree; only to oneself may it pose as kernel
    i32 head[3];
    if (!copy_from_user(head, a2, sizeof head)) return -kEFAULT;
    if (head[0] != sig) return -kEINVAL;
    if (f->pid != me->tgid && (head[2] >= 0 || head[2] == kSiTkill)) return -kEPERM;
  }
  ThreadGroup* g = find_group(f->pid);
  if (!g) return -kESRCH;
  if (sig && !g->zombie) send_signal_group(g, sig, {kSiUser, me->tgid, 0, 0});
  return 0;
}

}  // namespace starlet
