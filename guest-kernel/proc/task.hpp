// Threads (Task), processes (ThreadGroup) and the per-thread shared parts (files, signals, fs).
#pragma once

#include "arch/riscv/trap.hpp"
#include "kernel/kernel.hpp"
#include "mm/vm.hpp"

namespace starlet {

struct Cpu;
struct File;
struct Files;
struct Inode;

constexpr int kNsig = 64;
constexpr u64 kKernelStackSize = 16 * 1024;
constexpr int kHeldFiles = 4;  // fd_get references a syscall holds (fs/vfs.hpp)

struct SigInfoLite {  // what a queued signal's siginfo_t will say
  i32 code;
  i32 pid;
  i32 status;
  u64 addr;
};

struct KSigAction {  // Linux riscv64 struct sigaction (no sa_restorer)
  u64 handler;
  u64 flags;
  u64 mask;
};
constexpr u64 kSigDfl = 0, kSigIgn = 1;
enum SaFlags : u64 {
  kSaNocldstop = 1,
  kSaNocldwait = 2,
  kSaSiginfo = 4,
  kSaOnstack = 0x08000000,
  kSaRestart = 0x10000000,
  kSaNodefer = 0x40000000,
  kSaResethand = 0x80000000,
};
enum Sig : int {
  kSIGHUP = 1,
  kSIGINT = 2,
  kSIGQUIT = 3,
  kSIGILL = 4,
  kSIGTRAP = 5,
  kSIGABRT = 6,
  kSIGBUS = 7,
  kSIGFPE = 8,
  kSIGKILL = 9,
  kSIGUSR1 = 10,
  kSIGSEGV = 11,
  kSIGUSR2 = 12,
  kSIGPIPE = 13,
  kSIGALRM = 14,
  kSIGTERM = 15,
  kSIGCHLD = 17,
  kSIGCONT = 18,
  kSIGSTOP = 19,
  kSIGTSTP = 20,
  kSIGTTIN = 21,
  kSIGTTOU = 22,
  kSIGURG = 23,
  kSIGWINCH = 28,
};
constexpr u64 sigbit(int sig) { return 1ull << (sig - 1); }

struct SigHand {
  int refs = 1;
  KSigAction act[kNsig + 1] = {};
};

struct FsCtx {
  int refs = 1;
  Inode* root = nullptr;  // chroot's directory; nullptr = the real root
  Inode* cwd = nullptr;
  u32 umask = 022;
};

// A process: what the threads of one thread group share for wait4, kill and exit_group.
struct ThreadGroup {
  int tgid = 0;
  int pgid = 0, sid = 0;
  ThreadGroup* parent = nullptr;
  int exit_signal = kSIGCHLD;  // sent to the parent when the group dies
  int nr_threads = 0;
  bool exiting = false;  // exit_group or a fatal signal is tearing the group down
  int exit_status = 0;   // wait status once exiting
  bool zombie = false;
  u64 shared_pending = 0;
  SigInfoLite shared_info[kNsig + 1] = {};
  struct Task* leader = nullptr;
  ThreadGroup* next_all = nullptr;
  char exe[256] = "/init";
  u64 itimer_deadline =
      0;  // Credentials: the current task's effective set holds `cap`; execve's recomputation.
  bool capable(int cap);
  void caps_on_exec(Task* t);

  // ITIMER_REAL: rdtime of the next SIGALRM, 0 = disarmed
  u64 itimer_interval = 0;
  u64 start_time = 0;  // rdtime when the process was created (/proc/PID/stat)
};

enum class TaskState { kRunnable, kBlocked, kDead };

// Capabilities (Linux 6.1: CAP_LAST_CAP is CAP_CHECKPOINT_RESTORE, 40).
enum Cap : int { kCapSetpcap = 8, kCapSysChroot = 18, kCapSysAdmin = 21, kCapCheckpointRestore = 40 };
constexpr u64 kCapFullSet = (1ull << 41) - 1;

struct Task {
  u64 kstack_top;  // offset 0, used by trap.S
  u64 user_sp;     // offset 8, scratch for trap.S
  Context ctx;
  int tid = 0;
  TaskState state = TaskState::kRunnable;
  ThreadGroup* tg = nullptr;
  Mm* mm = nullptr;
  Files* files = nullptr;
  SigHand* sighand = nullptr;
  FsCtx* fs = nullptr;
  u64 blocked = 0;
  u64 pending = 0;
  SigInfoLite info[kNsig + 1] = {};
  bool kill_thread = false;  // execve in another thread: leave quietly
  u64 saved_mask = 0;
  bool restore_mask = false;  // set_user_sigmask: put saved_mask back after delivery
  u64 clear_child_tid = 0;
  u64 robust_list = 0, robust_len = 0;
  u64 altstack_sp = 0, altstack_size = 0;
  u32 altstack_flags = 2;  // SS_DISABLE
  const void* wait_chan = nullptr;
  u64 wake_at = 0;  // rdtime deadline, 0 = none
  bool woken_by_signal = false;
  bool timed_out = false;
  int nice = 0;  // -20..19, setpriority (no effect on starlet's round robin)
  u64 cap_effective = kCapFullSet, cap_permitted = kCapFullSet, cap_inheritable = 0;
  File* held_files[kHeldFiles] = {};  // fd_get's references, dropped when the syscall returns
  int nr_held_files = 0;
  Cpu* cpu = nullptr;            // the hart it runs on, or last ran on
  bool on_cpu = false;           // running on a hart (no other hart may pick it)
  u64 cpus_allowed = ~0ull;      // sched_setaffinity: bit i = CPU i
  Task* vfork_parent = nullptr;  // CLONE_VFORK: woken when this child execs or exits
  bool vfork_done = false;       // set on the parent when its vfork child execs or exits
  u64 kstack = 0;
  Task* next_all = nullptr;
  TrapFrame* frame() { return reinterpret_cast<TrapFrame*>(kstack_top - sizeof(TrapFrame)); }
};

// In the kernel tp holds the current task on every hart (switch_to sets it, trap entry
// takes it from sscratch); volatile, since a call to switch_to changes it.
inline Task* current() {
  Task* t;
  asm volatile("mv %0, tp" : "=r"(t));
  return t;
}
inline void set_current(Task* t) { asm volatile("mv tp, %0" ::"r"(t) : "memory"); }
Task* task_list();
ThreadGroup* group_list();
Task* find_task(int tid);
ThreadGroup* find_group(int tgid);

constexpr int kPidMax = 32768;     // /proc/sys/kernel/pid_max, Linux's default below 32 harts
constexpr int kPidReserved = 300;  // where tid allocation wraps to
bool tid_in_use(int tid);          // a live task or an unreaped process holds the number
int last_tid();                    // the number handed out most recently (/proc/loadavg)
Task* task_alloc();                // kernel stack, the next free tid, in the task list
Task* task_alloc_tid(int tid);     // the same with a chosen tid (clone3's set_tid)
void task_free(Task* t);           // after it is dead and switched away from
ThreadGroup* group_alloc(int tgid);
void group_free(ThreadGroup* g);

// Scheduler.
void sched_init(u64 timebase_hz, u64 boot_hartid);
[[noreturn]] void idle_loop();  // a hart's idle task: run what is runnable, else wfi
void schedule();
void yield();
extern "C" void schedule_tail();
void need_resched();
void timer_interrupt();
void external_interrupt();
u64 timebase_hz();
u64 ns_to_ticks(u64 ns);
u64 ticks_to_ns(u64 ticks);

// Blocking: 0 when woken, -kETIMEDOUT at the deadline, -kEINTR when a signal arrives.
int wait_on(const void* chan, u64 deadline);
// Linux's wait_event_interruptible: sleeps on `chan` until `ready()` holds. The condition is
// looked at again after every wakeup before a signal may end the wait, so what arrived
// together with a signal wins over it. 0 when ready, -kEINTR when a signal came first.
template <typename Ready>
int wait_event(const void* chan, Ready ready) {
  while (!ready()) {
    if (wait_on(chan, 0) < 0 && !ready()) return -kEINTR;
  }
  return 0;
}
void wake_all(const void* chan);
void wake_task(Task* t);
void wake_new_task(Task* t);  // a new task is runnable: an idle hart may take it

// Signals.
bool signal_pending(Task* t);
void send_signal_task(Task* t, int sig, SigInfoLite info = {0, 0, 0, 0});
// Linux's set_user_sigmask: the user's 8-byte sigset at `uset` becomes the mask a waiting
// syscall (rt_sigsuspend, ppoll, pselect6, epoll_pwait) runs under, the old one put back on
// return or after a handler. EINVAL for another size, EFAULT for a bad pointer.
long set_user_sigmask(u64 uset, u64 size);
void send_signal_group(ThreadGroup* g, int sig, SigInfoLite info = {0, 0, 0, 0});
void force_signal(Task* t, int sig, u64 addr);
void deliver_signals(TrapFrame* f);
void flush_signal_handlers(Task* t);  // execve: handlers back to default

// Lifecycle.
[[noreturn]] void do_exit(int code);               // this thread
[[noreturn]] void do_exit_group(int wait_status);  // every thread of the group
int exec_path(const char* path, char* const* argv, char* const* envp);
void start_init(const char* bootargs);

// Credentials: the current task's effective set holds `cap`; execve's recomputation.
bool capable(int cap);
void caps_on_exec(Task* t);

// ITIMER_REAL: sends due SIGALRMs, returns the earliest pending deadline (0 = none).
u64 itimer_expire(u64 now);

// Futex.
int futex_wake(Mm* mm, u64 uaddr, int n, u32 bitset);

}  // namespace starlet
