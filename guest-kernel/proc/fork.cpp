// clone and clone3, shaped like Linux's kernel_clone/copy_process with Linux's checks and order.
#include "arch/riscv/csr.hpp"
#include "fs/vfs.hpp"
#include "mm/kmalloc.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
// A private copy of a task's root, cwd and umask (clone without CLONE_FS, unshare), or
// nullptr when out of memory.
FsCtx* fs_copy(const FsCtx* src) {
  FsCtx* fs = knew<FsCtx>();
  if (fs) {
    *fs = *src;
    fs->refs = 1;
  }
  return fs;
}

// include/uapi/linux/sched.h
constexpr u64 kCsignal = 0x000000ff, kCloneNewtime = 0x00000080, kCloneVm = 0x00000100,
              kCloneFs = 0x00000200, kCloneFiles = 0x00000400, kCloneSighand = 0x00000800,
              kClonePidfd = 0x00001000, kClonePtrace = 0x00002000, kCloneVfork = 0x00004000,
              kCloneParent = 0x00008000, kCloneThread = 0x00010000, kCloneNewns = 0x00020000,
              kCloneSysvsem = 0x00040000, kCloneSettls = 0x00080000,
              kCloneParentSettid = 0x00100000, kCloneChildCleartid = 0x00200000,
              kCloneDetached = 0x00400000, kCloneUntraced = 0x00800000,
              kCloneChildSettid = 0x01000000, kCloneNewcgroup = 0x02000000,
              kCloneNewuts = 0x04000000, kCloneNewipc = 0x08000000, kCloneNewuser = 0x10000000,
              kCloneNewpid = 0x20000000, kCloneNewnet = 0x40000000, kCloneIo = 0x80000000,
              kCloneClearSighand = 0x100000000ull, kCloneIntoCgroup = 0x200000000ull;
constexpr u64 kCloneLegacyFlags = 0xffffffffull;
constexpr u64 kNamespaceFlags = kCloneNewns | kCloneNewcgroup | kCloneNewuts | kCloneNewipc |
                                kCloneNewuser | kCloneNewpid | kCloneNewnet | kCloneNewtime;
constexpr u64 kCloneArgsSizeVer0 = 64, kCloneArgsSizeVer2 = 88;
constexpr u64 kMaxPidNsLevel = 32;
constexpr int kMaxTasks = 1024;

// struct clone_args as this kernel knows it (CLONE_ARGS_SIZE_VER2).
struct CloneArgs {
  u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
  u64 set_tid, set_tid_size, cgroup;
};
static_assert(sizeof(CloneArgs) == kCloneArgsSizeVer2);

struct KernelCloneArgs {
  u64 flags;
  u64 pidfd, child_tid, parent_tid;
  int exit_signal;
  u64 stack, stack_size, tls;
  i32 set_tid[kMaxPidNsLevel];
  u64 set_tid_size;
  u64 cgroup;
};

// copy_struct_from_user: bytes past what we know must be zero (E2BIG), unreadable is EFAULT.
long copy_clone_args_from_user(KernelCloneArgs* k, u64 uargs, u64 usize) {
  CloneArgs args = {};
  if (usize > kPageSize) return -kE2BIG;
  if (usize < kCloneArgsSizeVer0) return -kEINVAL;
  if (usize > sizeof(CloneArgs)) {
    for (u64 off = sizeof(CloneArgs); off < usize; off++) {
      u8 b;
      if (!copy_from_user(&b, uargs + off, 1)) return -kEFAULT;
      if (b) return -kE2BIG;
    }
  }
  if (!copy_from_user(&args, uargs, min<u64>(usize, sizeof args))) return -kEFAULT;
  if (args.set_tid_size > kMaxPidNsLevel) return -kEINVAL;
  if (!args.set_tid && args.set_tid_size > 0) return -kEINVAL;
  if (args.set_tid && args.set_tid_size == 0) return -kEINVAL;
  // The upper bits of exit_signal must be clear and it must be a valid signal.
  if ((args.exit_signal & ~kCsignal) || args.exit_signal > static_cast<u64>(kNsig)) return -kEINVAL;
  if ((args.flags & kCloneIntoCgroup) && (args.cgroup > 0x7fffffff || usize < kCloneArgsSizeVer2)) {
    return -kEINVAL;
  }
  *k = KernelCloneArgs{};
  k->flags = args.flags;
  k->pidfd = args.pidfd;
  k->child_tid = args.child_tid;
  k->parent_tid = args.parent_tid;
  k->exit_signal = static_cast<int>(args.exit_signal);
  k->stack = args.stack;
  k->stack_size = args.stack_size;
  k->tls = args.tls;
  k->set_tid_size = args.set_tid_size;
  k->cgroup = args.cgroup;
  if (args.set_tid && !copy_from_user(k->set_tid, args.set_tid, args.set_tid_size * sizeof(i32))) {
    return -kEFAULT;
  }
  return 0;
}

bool clone3_stack_valid(KernelCloneArgs* k) {
  if (k->stack == 0) {
    if (k->stack_size > 0) return false;
  } else {
    if (k->stack_size == 0) return false;
    if (!user_range_ok(k->stack, k->stack_size)) return false;  // access_ok
    k->stack += k->stack_size;  // the stack grows down: the child starts at the top
  }
  return true;
}

bool clone3_args_valid(KernelCloneArgs* k) {
  if (k->flags & ~(kCloneLegacyFlags | kCloneClearSighand | kCloneIntoCgroup)) return false;
  // CLONE_DETACHED and the CSIGNAL bits are reserved for reuse by clone3.
  if (k->flags & (kCloneDetached | (kCsignal & ~kCloneNewtime))) return false;
  if ((k->flags & (kCloneSighand | kCloneClearSighand)) == (kCloneSighand | kCloneClearSighand)) {
    return false;
  }
  if ((k->flags & (kCloneThread | kCloneParent)) && k->exit_signal) return false;
  return clone3_stack_valid(k);
}

// Answers for the features starlet does not have, as a kernel configured without them would.
long unsupported_features(const KernelCloneArgs* k) {
  if (k->flags & kNamespaceFlags) return -kEINVAL;  // !CONFIG_*_NS: copy_namespaces says EINVAL
  if (k->set_tid_size) {
    if (k->set_tid_size > 1) return -kEINVAL;  // more levels than the (only) pid namespace
    if (k->set_tid[0] < 1 || k->set_tid[0] >= kPidMax) return -kEINVAL;
    if (!capable(kCapCheckpointRestore) && !capable(kCapSysAdmin)) return -kEPERM;
    if (tid_in_use(k->set_tid[0])) return -kEEXIST;  // alloc_pid: idr_alloc says ENOSPC
  }
  if (k->flags & kCloneIntoCgroup) {
    return fd_get(static_cast<int>(k->cgroup)) ? -kEINVAL : -kEBADF;
  }
  return 0;
}

long copy_process(KernelCloneArgs* k, Task** out) {
  u64 flags = k->flags;
  Task* cur = current();
  if ((flags & (kCloneNewns | kCloneFs)) == (kCloneNewns | kCloneFs)) return -kEINVAL;
  if ((flags & (kCloneNewuser | kCloneFs)) == (kCloneNewuser | kCloneFs)) return -kEINVAL;
  if ((flags & kCloneThread) && !(flags & kCloneSighand)) return -kEINVAL;
  if ((flags & kCloneSighand) && !(flags & kCloneVm)) return -kEINVAL;
  if ((flags & kCloneParent) && cur->tg->tgid == 1) return -kEINVAL;  // init is unkillable
  if ((flags & kCloneThread) && (flags & (kCloneNewuser | kCloneNewpid))) return -kEINVAL;
  if ((flags & kClonePidfd) && (flags & kCloneDetached)) return -kEINVAL;
  long err = unsupported_features(k);
  if (err) return err;

  int tasks = 0;
  for (Task* o = task_list(); o; o = o->next_all) tasks += o->state != TaskState::kDead;
  if (tasks >= kMaxTasks) return -kEAGAIN;  // RLIMIT_NPROC: fork bombs get EAGAIN
  Task* t = k->set_tid_size ? task_alloc_tid(k->set_tid[0]) : task_alloc();
  if (!t) return -kENOMEM;
  t->nice = cur->nice;
  t->cap_effective = cur->cap_effective;
  t->cap_permitted = cur->cap_permitted;
  t->cap_inheritable = cur->cap_inheritable;
  // Shared or copied parts, each exactly as the flags say.
  t->mm = (flags & kCloneVm) ? cur->mm : mm_fork(cur->mm);
  if (t->mm && (flags & kCloneVm)) t->mm->refs++;
  t->files = (flags & kCloneFiles) ? cur->files : files_clone(cur->files);
  if (t->files && (flags & kCloneFiles)) t->files->refs++;
  if (flags & kCloneSighand) {
    t->sighand = cur->sighand;
    t->sighand->refs++;
  } else if ((t->sighand = knew<SigHand>())) {
    memcpy(t->sighand->act, cur->sighand->act, sizeof t->sighand->act);
  }
  if (flags & kCloneFs) {
    t->fs = cur->fs;
    t->fs->refs++;
  } else {
    t->fs = fs_copy(cur->fs);
  }
  ThreadGroup* g = nullptr;
  if (!(flags & kCloneThread)) g = group_alloc(t->tid);
  File* pidfd_file = (flags & kClonePidfd) ? pidfd_new(t->tid, 0) : nullptr;
  if (!t->mm || !t->files || !t->sighand || !t->fs || (!(flags & kCloneThread) && !g) ||
      ((flags & kClonePidfd) && !pidfd_file)) {
    if (t->mm) mm_put(t->mm);
    files_put(t->files);
    if (t->sighand && --t->sighand->refs == 0) kdelete(t->sighand);
    if (t->fs && --t->fs->refs == 0) kdelete(t->fs);
    if (g) group_free(g);
    if (pidfd_file) file_put(pidfd_file);
    task_free(t);
    return -kENOMEM;
  }
  if (flags & kCloneClearSighand) flush_signal_handlers(t);
  int pidfd = -1;
  if (pidfd_file) {
    pidfd = fd_install(cur->files, pidfd_file, 0, true);  // pidfds are always close-on-exec
    i32 v = pidfd;
    if (pidfd < 0 || !put_user(k->pidfd, v)) {
      if (pidfd >= 0) cur->files->fd[pidfd] = nullptr;
      file_put(pidfd_file);
      // Undo the half-built child the same way as above.
      mm_put(t->mm);
      files_put(t->files);
      if (--t->sighand->refs == 0) kdelete(t->sighand);
      if (--t->fs->refs == 0) kdelete(t->fs);
      if (g) group_free(g);
      task_free(t);
      return pidfd < 0 ? pidfd : -kEFAULT;
    }
  }
  if (flags & kCloneThread) {
    t->tg = cur->tg;
  } else {
    t->tg = g;
    g->leader = t;
    g->pgid = cur->tg->pgid;
    g->sid = cur->tg->sid;
    memcpy(g->exe, cur->tg->exe, sizeof g->exe);
    if (flags & kCloneParent) {
      g->parent = cur->tg->parent;
      g->exit_signal = cur->tg->exit_signal;
    } else {
      g->parent = cur->tg;
      g->exit_signal = k->exit_signal;
    }
  }
  t->tg->nr_threads++;
  t->blocked = cur->blocked;
  t->cpus_allowed = cur->cpus_allowed;
  t->altstack_sp = (flags & kCloneVm) && !(flags & kCloneVfork) ? 0 : cur->altstack_sp;
  t->altstack_size = (flags & kCloneVm) && !(flags & kCloneVfork) ? 0 : cur->altstack_size;
  t->altstack_flags = t->altstack_size ? cur->altstack_flags : 2;
  t->clear_child_tid = (flags & kCloneChildCleartid) ? k->child_tid : 0;

  // copy_thread: the child resumes after the ecall with a0 = 0, its own sp and tp.
  TrapFrame* cf = t->frame();
  *cf = *cur->frame();
  cf->a(0) = 0;
  if (k->stack) cf->sp() = k->stack;
  if (flags & kCloneSettls) cf->tp() = k->tls;
  cf->scause = ~0ull;
  t->ctx = cur->ctx;
  t->ctx.ra = reinterpret_cast<u64>(&ret_from_fork);
  t->ctx.sp = reinterpret_cast<u64>(cf);
  // The child's FP registers are the parent's at the ecall.
  u64 fp[33];
  fp_save(fp);
  memcpy(t->ctx.f, fp, sizeof t->ctx.f);
  t->ctx.fcsr = fp[32];
  if (flags & kCloneChildSettid) {
    i32 tid = t->tid;
    copy_in_mm(t->mm, k->child_tid, &tid, 4);  // Linux: a fault here is ignored
  }
  *out = t;
  return 0;
}

long kernel_clone(KernelCloneArgs* k) {
  if ((k->flags & kClonePidfd) && (k->flags & kCloneParentSettid) && k->pidfd == k->parent_tid) {
    return -kEINVAL;
  }
  Task* t;
  long err = copy_process(k, &t);
  if (err) return err;
  wake_new_task(t);
  int tid = t->tid;
  if (k->flags & kCloneParentSettid) {
    i32 v = tid;
    copy_to_user(k->parent_tid, &v, 4);
  }
  Task* cur = current();
  if (k->flags & kCloneVfork) {
    t->vfork_parent = cur;
    cur->vfork_done = false;
    while (!cur->vfork_done && !cur->tg->exiting) {
      // Linux waits killably here: only a fatal signal ends the wait early.
      if (wait_on(&cur->vfork_done, 0) < 0 && !cur->vfork_done) yield();
    }
  }
  return tid;
}
}  // namespace

SYSCALL_DEFINE(clone) {
  // riscv64 uses CLONE_BACKWARDS: (flags, newsp, parent_tidptr, tls, child_tidptr).
  KernelCloneArgs k = {};
  k.flags = a0 & ~kCsignal & kCloneLegacyFlags;
  k.pidfd = a2;
  k.parent_tid = a2;
  k.child_tid = a4;
  k.exit_signal = static_cast<int>(a0 & kCsignal);
  k.stack = a1;
  k.tls = a3;
  if (k.exit_signal > kNsig) k.exit_signal = 0;
  return kernel_clone(&k);
}

namespace {
long do_clone3(u64 uargs, u64 size) {
  KernelCloneArgs k;
  long err = copy_clone_args_from_user(&k, uargs, size);
  if (err) return err;
  if (!clone3_args_valid(&k)) return -kEINVAL;
  return kernel_clone(&k);
}
}  // namespace

SYSCALL_DEFINE(clone3) {
  if (!g_stats) return do_clone3(a0, a1);
  u64 c0 = read_cycle(), i0 = read_instret();
  long r = do_clone3(a0, a1);
  u64 c1 = read_cycle(), i1 = read_instret();
  kprintf("starlet: stats: clone3 (size %lu) -> %ld: %lu cycles, %lu instructions in sys_clone3\n",
          a1, r, c1 - c0, i1 - i0);
  return r;
}

}  // namespace starlet

namespace starlet {

// unshare (kernel/fork.c ksys_unshare) with Linux's flag implications and checks: the file
// table and the fs context are copied when shared; the thread, signal-handler and address-space
// flags are accepted only when there is nothing to unshare; namespace flags answer EINVAL, as
// starlet's clone does (a kernel built without them).
SYSCALL_DEFINE(unshare) {
  u64 flags = a0;
  if (flags & kCloneNewuser) flags |= kCloneThread | kCloneFs;
  if (flags & kCloneVm) flags |= kCloneSighand;
  if (flags & kCloneSighand) flags |= kCloneThread;
  if (flags & kCloneNewns) flags |= kCloneFs;
  constexpr u64 kAllowed = kCloneThread | kCloneFs | kCloneNewns | kCloneSighand | kCloneVm |
                           kCloneFiles | kCloneSysvsem | kCloneNewuts | kCloneNewipc |
                           kCloneNewnet | kCloneNewuser | kCloneNewpid | kCloneNewcgroup |
                           kCloneNewtime;
  if (flags & ~kAllowed) return -kEINVAL;
  Task* t = current();
  if ((flags & (kCloneThread | kCloneSighand | kCloneVm)) && t->tg->nr_threads > 1) {
    return -kEINVAL;
  }
  if ((flags & (kCloneSighand | kCloneVm)) && t->sighand->refs > 1) return -kEINVAL;
  if ((flags & kCloneVm) && t->mm->refs > 1) return -kEINVAL;
  if (flags & kNamespaceFlags) return -kEINVAL;
  if ((flags & kCloneFs) && t->fs->refs > 1) {
    FsCtx* fs = fs_copy(t->fs);
    if (!fs) return -kENOMEM;
    t->fs->refs--;
    t->fs = fs;
  }
  if ((flags & kCloneFiles) && t->files->refs > 1) {
    Files* files = files_clone(t->files);
    if (!files) return -kENOMEM;
    Files* old = t->files;
    t->files = files;
    files_put(old);
  }
  return 0;
}

}  // namespace starlet
