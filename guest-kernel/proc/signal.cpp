// Signals: queueing, default actions, Linux riscv64 rt_sigframe delivery and rt_sigreturn.
#include "arch/riscv/csr.hpp"
#include "proc/task.hpp"
#include "syscall/syscall.hpp"

namespace starlet {
namespace {
constexpr u64 kUnblockable = sigbit(kSIGKILL) | sigbit(kSIGSTOP);
constexpr i32 kSiUser = 0, kSiTkill = -6;

struct SigInfo {  // siginfo_t, 128 bytes
  i32 signo, err, code, pad;
  u64 f[14];
};
struct UContext {  // riscv64 struct ucontext with the D-extension FP state
  u64 flags;
  u64 link;
  u64 ss_sp;
  i32 ss_flags, ss_pad;
  u64 ss_size;
  u64 sigmask;
  u8 unused[120];
  u8 align_pad[8];  // uc_mcontext is 16-byte aligned
  u64 gregs[32];    // pc, x1..x31
  u64 fpregs[32];
  u32 fcsr;
  u8 fp_reserved[528 - 256 - 4];
};
struct RtSigframe {
  SigInfo info;
  UContext uc;
};
static_assert(sizeof(SigInfo) == 128);
static_assert(__builtin_offsetof(UContext, gregs) == 176);
static_assert(sizeof(RtSigframe) == 128 + 960);

// Linux's sig_kernel_ignore(): the signals whose default action is to ignore them.
bool kernel_ignores(int sig) {
  return sig == kSIGCHLD || sig == kSIGURG || sig == kSIGWINCH || sig == kSIGCONT;
}

// What default delivery ignores here: those, and the stop signals (no job control).
bool default_ignored(int sig) {
  return kernel_ignores(sig) || sig == kSIGSTOP || sig == kSIGTSTP || sig == kSIGTTIN ||
         sig == kSIGTTOU;
}

bool setup_frame(TrapFrame* f, int sig, const KSigAction& act, const SigInfoLite& li) {
  Task* t = current();
  u64 sp = f->sp();
  bool on_alt = t->altstack_size && sp - t->altstack_sp <= t->altstack_size;
  if ((act.flags & kSaOnstack) && t->altstack_size && !(t->altstack_flags & 2) && !on_alt) {
    sp = t->altstack_sp + t->altstack_size;
  }
  sp = (sp - sizeof(RtSigframe)) & ~15ull;
  static RtSigframe fr;  // single hart, no preemption inside the kernel
  memset(&fr, 0, sizeof fr);
  fr.info.signo = sig;
  fr.info.code = li.code;
  if (sig == kSIGSEGV || sig == kSIGBUS || sig == kSIGILL || sig == kSIGTRAP || sig == kSIGFPE) {
    fr.info.f[0] = li.addr;
  } else {
    fr.info.f[0] = static_cast<u32>(li.pid);  // si_pid, si_uid = 0
    if (sig == kSIGCHLD) fr.info.f[1] = static_cast<u32>(li.status);
  }
  fr.uc.ss_sp = t->altstack_sp;
  fr.uc.ss_size = t->altstack_size;
  fr.uc.ss_flags = static_cast<i32>(t->altstack_flags) | (on_alt ? 1 : 0);
  fr.uc.sigmask = t->restore_mask ? t->saved_mask : t->blocked;
  fr.uc.gregs[0] = f->sepc;
  for (int i = 1; i < 32; i++) fr.uc.gregs[i] = f->regs[i];
  u64 fp[33];
  fp_save(fp);
  memcpy(fr.uc.fpregs, fp, sizeof fr.uc.fpregs);
  fr.uc.fcsr = static_cast<u32>(fp[32]);
  if (!copy_to_user(sp, &fr, sizeof fr)) return false;
  f->sp() = sp;
  f->a(0) = static_cast<u64>(sig);
  f->a(1) = sp;
  f->a(2) = sp + sizeof(SigInfo);
  f->regs[1] = kSigTrampoline;
  f->sepc = act.handler;
  return true;
}

// Linux's SIGNAL_UNKILLABLE: init ignores every signal it has no handler for, SIGKILL
// included, unless the kernel forces it (a fault of init itself).
bool init_ignores(ThreadGroup* g, int sig) {
  if (g->tgid != 1 || !g->leader || !g->leader->sighand) return false;
  return g->leader->sighand->act[sig].handler == kSigDfl || sig == kSIGKILL || sig == kSIGSTOP;
}
// Linux's sig_ignored(): a signal the target does not block and whose action is to ignore it
// (SIG_IGN, or the default for CHLD, URG, WINCH and CONT) is dropped when sent, so it never
// becomes pending and never interrupts a blocking syscall.
bool discarded_at_send(Task* t, int sig) {
  if (!t || !t->sighand || (t->blocked & sigbit(sig))) return false;
  const u64 handler = t->sighand->act[sig].handler;
  return handler == kSigIgn || (handler == kSigDfl && kernel_ignores(sig));
}

int take_signal(Task* t, SigInfoLite* info) {
  u64 own = t->pending & ~t->blocked;
  u64 shared = t->tg->shared_pending & ~t->blocked;
  u64 both = own | shared;
  if (!both) return 0;
  if (both & sigbit(kSIGKILL)) both = sigbit(kSIGKILL);
  int sig = 1;
  while (!(both & sigbit(sig))) sig++;
  if (own & sigbit(sig)) {
    t->pending &= ~sigbit(sig);
    *info = t->info[sig];
  } else {
    t->tg->shared_pending &= ~sigbit(sig);
    *info = t->tg->shared_info[sig];
  }
  return sig;
}
}  // namespace

bool signal_pending(Task* t) {
  if (t->kill_thread || (t->tg && t->tg->exiting)) return true;
  u64 p = t->pending | (t->tg ? t->tg->shared_pending : 0);
  return (p & ~t->blocked) != 0;
}

void send_signal_task(Task* t, int sig, SigInfoLite info) {
  if (init_ignores(t->tg, sig) || discarded_at_send(t, sig)) return;
  t->pending |= sigbit(sig);
  t->info[sig] = info;
  if (!(t->blocked & sigbit(sig)) || sig == kSIGKILL) wake_task(t);
}

void send_signal_group(ThreadGroup* g, int sig, SigInfoLite info) {
  if (g->zombie || init_ignores(g, sig)) return;
  // Linux asks the task the signal was sent to: the group's leader while it lives.
  Task* target = g->leader;
  if (!target || target->state == TaskState::kDead) {
    target = nullptr;
    for (Task* t = task_list(); t && !target; t = t->next_all) {
      if (t->tg == g && t->state != TaskState::kDead) target = t;
    }
  }
  if (discarded_at_send(target, sig)) return;
  g->shared_pending |= sigbit(sig);
  g->shared_info[sig] = info;
  for (Task* t = task_list(); t; t = t->next_all) {
    if (t->tg == g && t->state != TaskState::kDead &&
        (!(t->blocked & sigbit(sig)) || sig == kSIGKILL)) {
      wake_task(t);
      if (sig != kSIGKILL) break;
    }
  }
}

void force_signal(Task* t, int sig, u64 addr) {
  KSigAction& act = t->sighand->act[sig];
  if ((t->blocked & sigbit(sig)) || act.handler == kSigIgn) {
    act.handler = kSigDfl;
    t->blocked &= ~sigbit(sig);
  }
  // Forced: not even init may ignore its own fault.
  t->pending |= sigbit(sig);
  t->info[sig] = {1, 0, 0, addr};
}

void flush_signal_handlers(Task* t) {
  for (int i = 1; i <= kNsig; i++) {
    KSigAction& a = t->sighand->act[i];
    if (a.handler != kSigIgn) a.handler = kSigDfl;
    a.flags = 0;
    a.mask = 0;
  }
}

void deliver_signals(TrapFrame* f) {
  Task* t = current();
  bool from_syscall = f->scause == kCauseUserEcall;
  f->scause = ~0ull;  // restart decisions are made once per trap
  if (t->kill_thread) do_exit(0);
  if (t->tg->exiting) do_exit(0);
  bool handled = false;
  SigInfoLite info;
  while (!handled) {
    int sig = take_signal(t, &info);
    if (!sig) break;
    KSigAction act = t->sighand->act[sig];
    if (sig == kSIGKILL || act.handler == kSigDfl) {
      if (sig != kSIGKILL && default_ignored(sig)) continue;
      do_exit_group(sig);  // terminate: wait status = signal number (no core dump)
    }
    if (act.handler == kSigIgn) continue;
    if (from_syscall) {
      i64 r = static_cast<i64>(f->a(0));
      if (r == -kERESTARTSYS && (act.flags & kSaRestart)) {
        f->a(0) = f->orig_a0;
        f->sepc -= 4;
      } else if (r == -kERESTARTSYS) {
        f->a(0) = static_cast<u64>(-static_cast<i64>(kEINTR));
      }
      from_syscall = false;
    }
    if (!setup_frame(f, sig, act, info)) {
      t->sighand->act[kSIGSEGV].handler = kSigDfl;
      do_exit_group(kSIGSEGV);
    }
    if (act.flags & kSaResethand) t->sighand->act[sig].handler = kSigDfl;
    // The frame saved the pre-sigsuspend/ppoll mask; rt_sigreturn restores it.
    t->restore_mask = false;
    t->blocked |= act.mask | ((act.flags & kSaNodefer) ? 0 : sigbit(sig));
    t->blocked &= ~kUnblockable;
    handled = true;
  }
  if (from_syscall && static_cast<i64>(f->a(0)) == -kERESTARTSYS) {
    f->a(0) = f->orig_a0;
    f->sepc -= 4;
  }
  if (!handled && t->restore_mask) {
    t->blocked = t->saved_mask;
    t->restore_mask = false;
  }
}

SYSCALL_DEFINE(rt_sigreturn) {
  Task* t = current();
  TrapFrame* f = t->frame();
  f->scause = ~0ull;
  static RtSigframe fr;
  if (!copy_from_user(&fr, f->sp(), sizeof fr)) {
    force_signal(t, kSIGSEGV, f->sp());
    return static_cast<long>(f->a(0));
  }
  f->sepc = fr.uc.gregs[0];
  for (int i = 1; i < 32; i++) f->regs[i] = fr.uc.gregs[i];
  u64 fp[33];
  memcpy(fp, fr.uc.fpregs, sizeof fr.uc.fpregs);
  fp[32] = fr.uc.fcsr;
  fp_restore(fp);
  t->blocked = fr.uc.sigmask & ~kUnblockable;
  return static_cast<long>(f->a(0));
}

SYSCALL_DEFINE(rt_sigaction) {
  int sig = static_cast<int>(a0);
  if (a3 != 8) return -kEINVAL;
  if (sig < 1 || sig > kNsig || static_cast<i64>(a0) != sig) return -kEINVAL;
  KSigAction nact;
  if (a1) {
    if (!copy_from_user(&nact, a1, sizeof nact)) return -kEFAULT;
    if (sig == kSIGKILL || sig == kSIGSTOP) return -kEINVAL;
  }
  KSigAction& cur = current()->sighand->act[sig];
  if (a2 && !copy_to_user(a2, &cur, sizeof cur)) return -kEFAULT;
  if (a1) {
    nact.mask &= ~kUnblockable;
    cur = nact;
    if (nact.handler == kSigIgn || (nact.handler == kSigDfl && default_ignored(sig))) {
      // POSIX: setting SIG_IGN discards a pending instance of the signal.
      for (Task* t = task_list(); t; t = t->next_all) {
        if (t->tg == current()->tg) t->pending &= ~sigbit(sig);
      }
      current()->tg->shared_pending &= ~sigbit(sig);
    }
  }
  return 0;
}

SYSCALL_DEFINE(rt_sigprocmask) {
  if (a3 != 8) return -kEINVAL;
  Task* t = current();
  u64 old = t->blocked, set = 0;
  if (a1) {
    if (a0 > 2) return -kEINVAL;
    if (!copy_from_user(&set, a1, 8)) return -kEFAULT;
  }
  if (a2 && !copy_to_user(a2, &old, 8)) return -kEFAULT;
  if (a1) {
    if (a0 == 0)
      t->blocked |= set;  // SIG_BLOCK
    else if (a0 == 1)
      t->blocked &= ~set;  // SIG_UNBLOCK
    else
      t->blocked = set;  // SIG_SETMASK
    t->blocked &= ~kUnblockable;
  }
  return 0;
}

SYSCALL_DEFINE(rt_sigpending) {
  if (a1 > 8) return -kEINVAL;
  Task* t = current();
  u64 p = (t->pending | t->tg->shared_pending) & t->blocked;
  return copy_to_user(a0, &p, a1) ? 0 : -kEFAULT;
}

long set_user_sigmask(u64 uset, u64 size) {
  if (size != 8) return -kEINVAL;
  u64 mask;
  if (!copy_from_user(&mask, uset, 8)) return -kEFAULT;
  Task* t = current();
  t->saved_mask = t->blocked;
  t->restore_mask = true;
  t->blocked = mask & ~kUnblockable;
  return 0;
}

SYSCALL_DEFINE(rt_sigsuspend) {
  if (long r = set_user_sigmask(a0, a1); r < 0) return r;
  Task* t = current();
  while (!signal_pending(t)) wait_on(&t->saved_mask, 0);
  return -kEINTR;
}

SYSCALL_DEFINE(sigaltstack) {
  Task* t = current();
  struct {
    u64 sp;
    i32 flags, pad;
    u64 size;
  } ss, old = {t->altstack_sp, static_cast<i32>(t->altstack_flags), 0, t->altstack_size};
  if (a0) {
    if (!copy_from_user(&ss, a0, sizeof ss)) return -kEFAULT;
    if (ss.flags & ~(2 | (1u << 31))) return -kEINVAL;
    if (!(ss.flags & 2) && ss.size < 2048) return -12;  // ENOMEM for a stack below MINSIGSTKSZ
  }
  if (a1 && !copy_to_user(a1, &old, sizeof old)) return -kEFAULT;
  if (a0) {
    t->altstack_sp = ss.flags & 2 ? 0 : ss.sp;
    t->altstack_size = ss.flags & 2 ? 0 : ss.size;
    t->altstack_flags = ss.flags & 2;
  }
  return 0;
}

SYSCALL_DEFINE(kill) {
  int pid = static_cast<int>(a0), sig = static_cast<int>(a1);
  if (sig < 0 || sig > kNsig) return -kEINVAL;
  SigInfoLite info{kSiUser, current()->tg->tgid, 0, 0};
  int hits = 0;
  for (ThreadGroup* g = group_list(); g; g = g->next_all) {
    bool match = pid > 0     ? g->tgid == pid
                 : pid == 0  ? g->pgid == current()->tg->pgid
                 : pid == -1 ? (g->tgid != 1 && g != current()->tg)
                             : g->pgid == -pid;
    if (!match) continue;
    hits++;  // a zombie still exists for kill (Linux answers 0, the signal goes nowhere)
    if (sig && !g->zombie) send_signal_group(g, sig, info);
  }
  return hits ? 0 : -kESRCH;
}

namespace {
long do_tkill(int tgid, int tid, int sig) {
  if (tid <= 0 || (tgid != -1 && tgid <= 0)) return -kEINVAL;
  if (sig < 0 || sig > kNsig) return -kEINVAL;
  Task* t = find_task(tid);
  if (!t || (tgid != -1 && t->tg->tgid != tgid)) return -kESRCH;
  if (sig) send_signal_task(t, sig, {kSiTkill, current()->tg->tgid, 0, 0});
  return 0;
}
}  // namespace

SYSCALL_DEFINE(tkill) { return do_tkill(-1, static_cast<int>(a0), static_cast<int>(a1)); }
SYSCALL_DEFINE(tgkill) {
  return do_tkill(static_cast<int>(a0), static_cast<int>(a1), static_cast<int>(a2));
}

}  // namespace starlet
