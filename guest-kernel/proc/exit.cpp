// Thread and process exit, zombies, reparenting, wait4 with Linux's status encoding.
#include "fs/vfs.hpp"
#include "mm/kmalloc.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
constexpr u64 kWnohang = 1, kWuntraced = 2, kWcontinued = 8, kWnothread = 0x20000000,
              kWall = 0x40000000, kWclone = 0x80000000;

void release_sighand(SigHand* s) {
  if (s && --s->refs == 0) kdelete(s);
}
void release_fs(FsCtx* f) {
  if (f && --f->refs == 0) kdelete(f);
}

// The last thread of a group is gone: the group becomes a zombie and its parent hears of it.
void group_dead(ThreadGroup* g) {
  g->zombie = true;
  if (g->tgid == 1) {
    int st = g->exit_status;
    int code = (st & 0x7f) ? 128 + (st & 0x7f) : (st >> 8) & 0xff;
    machine_power_off(code);
  }
  ThreadGroup* init = find_group(1);
  bool orphan_zombies = false;
  for (ThreadGroup* c = group_list(); c; c = c->next_all) {
    if (c->parent == g) {
      c->parent = init;
      c->exit_signal = kSIGCHLD;  // as Linux: "we don't want people slaying init"
      orphan_zombies |= c->zombie;
    }
  }
  if (orphan_zombies && init) wake_all(init);
  ThreadGroup* p = g->parent;
  if (!p) return;
  int sig = g->exit_signal;
  bool autoreap = false;
  if (sig == kSIGCHLD && p->leader && p->leader->sighand) {
    const KSigAction& a = p->leader->sighand->act[kSIGCHLD];
    autoreap = a.handler == kSigIgn || (a.flags & kSaNocldwait);
  }
  if (sig > 0 && sig <= kNsig) {
    int st = g->exit_status;
    send_signal_group(p, sig, {(st & 0x7f) ? 2 : 1, g->tgid, (st & 0x7f) ? st & 0x7f : st >> 8, 0});
  }
  if (autoreap) {
    group_free(g);
    return;
  }
  wake_all(p);
}
}  // namespace

void do_exit(int code) {
  Task* t = current();
  ThreadGroup* g = t->tg;
  if (t->clear_child_tid && t->mm) {
    u32 zero = 0;
    if (copy_to_user(t->clear_child_tid, &zero, 4)) futex_wake(t->mm, t->clear_child_tid, 1, ~0u);
  }
  if (t->vfork_parent) {
    t->vfork_parent->vfork_done = true;
    wake_all(&t->vfork_parent->vfork_done);
    t->vfork_parent = nullptr;
  }
  release_held_files(t);
  files_put(t->files);
  t->files = nullptr;
  release_sighand(t->sighand);
  t->sighand = nullptr;
  release_fs(t->fs);
  t->fs = nullptr;
  if (!g->exiting && t == g->leader) g->exit_status = (code & 0xff) << 8;
  // Every task holds one reference on its address space (threads, vfork and CLONE_VM).
  mm_activate(nullptr);
  mm_put(t->mm);
  t->mm = nullptr;
  if (g->leader == t) g->leader = nullptr;
  if (--g->nr_threads == 0) group_dead(g);
  t->state = TaskState::kDead;
  schedule();
  panic("dead task %d scheduled", t->tid);
}

void do_exit_group(int wait_status) {
  Task* t = current();
  ThreadGroup* g = t->tg;
  if (!g->exiting) {
    g->exiting = true;
    g->exit_status = wait_status;
    for (Task* o = task_list(); o; o = o->next_all) {
      if (o != t && o->tg == g && o->state != TaskState::kDead) wake_task(o);
    }
  }
  do_exit(0);
}

SYSCALL_DEFINE(exit) { do_exit(static_cast<int>(a0)); }

SYSCALL_DEFINE(exit_group) { do_exit_group((static_cast<int>(a0) & 0xff) << 8); }

namespace {
// do_wait: a zombie child `match` accepts, left for the caller to reap or not. nullptr with
// *err = 0 when WNOHANG found none ready, or *err < 0 (ECHILD, a signal).
template <typename Match>
ThreadGroup* wait_child(Match match, u64 options, long* err) {
  ThreadGroup* me = current()->tg;
  for (;;) {
    bool any = false;
    for (ThreadGroup* g = group_list(); g; g = g->next_all) {
      if (g->parent != me || !match(g)) continue;
      bool clone_child = g->exit_signal != kSIGCHLD;
      if (!(options & kWall) && clone_child != static_cast<bool>(options & kWclone)) continue;
      any = true;
      if (g->zombie) return g;
    }
    *err = any ? 0 : -kECHILD;
    if (!any || (options & kWnohang)) return nullptr;
    // As Linux's do_wait: the children are looked at again after every wakeup, so a child
    // that exited wins over a signal that arrived with it.
    if (signal_pending(current())) {
      *err = -kERESTARTSYS;
      return nullptr;
    }
    wait_on(me, 0);
  }
}
}  // namespace

SYSCALL_DEFINE(wait4) {
  int pid = static_cast<int>(a0);
  u64 options = static_cast<u32>(a2);  // an int in Linux: __WCLONE arrives sign-extended
  if (options & ~(kWnohang | kWuntraced | kWcontinued | kWnothread | kWall | kWclone))
    return -kEINVAL;
  if (pid == static_cast<int>(0x80000000)) return -kESRCH;  // INT_MIN
  ThreadGroup* me = current()->tg;
  long err;
  ThreadGroup* g = wait_child(
      [&](ThreadGroup* c) {
        return pid > 0     ? c->tgid == pid
               : pid == -1 ? true
               : pid == 0  ? c->pgid == me->pgid
                           : c->pgid == -pid;
      },
      options, &err);
  if (!g) return err;
  i32 status = g->exit_status;
  if (a1 && !copy_to_user(a1, &status, 4)) return -kEFAULT;
  if (a3) {
    u8 ru[144] = {};
    if (!copy_to_user(a3, ru, sizeof ru)) return -kEFAULT;
  }
  int tgid = g->tgid;
  group_free(g);
  return tgid;
}

SYSCALL_DEFINE(waitid) {
  constexpr u64 kWexited = 4, kWnowait = 0x1000000;
  enum { kPAll, kPPid, kPPgid, kPPidfd };
  int idtype = static_cast<int>(a0), id = static_cast<int>(a1);
  u64 options = static_cast<u32>(a3);
  if (options &
      ~(kWnohang | kWnowait | kWexited | kWuntraced | kWcontinued | kWnothread | kWall | kWclone)) {
    return -kEINVAL;
  }
  if (!(options & (kWexited | kWuntraced | kWcontinued))) return -kEINVAL;
  ThreadGroup* me = current()->tg;
  bool pidfd_nonblock = false;  // a O_NONBLOCK pidfd: EAGAIN rather than a silent 0
  switch (idtype) {
    case kPAll:
      break;
    case kPPid:
      if (id <= 0) return -kEINVAL;
      break;
    case kPPgid:
      if (id < 0) return -kEINVAL;
      if (id == 0) id = me->pgid;
      break;
    case kPPidfd: {
      if (id < 0) return -kEINVAL;
      File* f = fd_get(id);
      if (!f || f->kind != FileKind::kPidfd) return -kEBADF;
      id = f->pid;
      pidfd_nonblock = (f->flags & kONonblock) && !(options & kWnohang);
      if (pidfd_nonblock) options |= kWnohang;
      break;
    }
    default:
      return -kEINVAL;
  }
  long err = 0;
  ThreadGroup* g = nullptr;
  if (options & kWexited) {  // starlet's children never stop or continue
    g = wait_child(
        [&](ThreadGroup* c) {
          return idtype == kPAll || (idtype == kPPgid ? c->pgid == id : c->tgid == id);
        },
        options, &err);
  } else {
    err = (options & kWnohang) ? 0 : -kECHILD;
  }
  if (err < 0) return err;
  if (!g && pidfd_nonblock) return -kEAGAIN;
  // siginfo_t for SIGCHLD: signo, errno, code, then pid, uid, status (zeroes if none ready).
  i32 info[8] = {};
  if (g) {
    int st = g->exit_status;
    info[0] = kSIGCHLD;
    info[2] = (st & 0x7f) == 0 ? 1 : (st & 0x80) ? 3 : 2;  // CLD_EXITED, _DUMPED, _KILLED
    info[4] = g->tgid;
    info[6] = (st & 0x7f) == 0 ? (st >> 8) & 0xff : st & 0x7f;
  }
  if (a2 && !copy_to_user(a2, info, sizeof info)) return -kEFAULT;
  if (a4) {
    u8 ru[144] = {};
    if (!copy_to_user(a4, ru, sizeof ru)) return -kEFAULT;
  }
  if (g && !(options & kWnowait)) group_free(g);
  return 0;
}

}  // namespace starlet
