// Follows guest threads and their syscalls from hart events, the Linux way (sscratch keys).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/common/events.hpp"
#include "sim/common/state_stream.hpp"
#include "sim/trace/guest_view.hpp"
#include "sim/trace/syscall_decoder.hpp"

namespace rvscope::trace {

// The encoding of `sret`, whose retirement into U-mode ends a syscall.
inline constexpr u32 kSretBits = 0x10200073;
inline constexpr u64 kCauseUserEcall = 8;

// One guest thread as the tracer knows it.
struct ThreadInfo {
  u64 key = 0;             // sscratch while it runs in user mode (its kernel thread pointer)
  unsigned ordinal = 0;    // 1, 2, ... in order of first sight; stable for the whole run
  unsigned group = 0;      // ordinal of its thread-group leader as far as clone flags tell
  std::optional<i64> tid;  // learnt from gettid, set_tid_address, clone's return...
  bool exited = false;
  // "42" once the TID is known, "#3" (the ordinal) before.
  std::string label() const;
};

// One syscall, filled at entry and completed at return.
struct SyscallRecord {
  u64 seq = 0;  // 1, 2, ... in entry order
  const ThreadInfo* thread = nullptr;
  SyscallArgs args;
  unsigned entry_hart = 0;
  u64 entry_cycles = 0;
  u64 entry_instret = 0;
  // Valid in on_syscall_exit only.
  unsigned exit_hart = 0;
  u64 exit_cycles = 0;
  u64 exit_instret = 0;
  u64 ret = 0;
  // The kernel rewound the pc to the ecall (a signal interrupted it; it will be re-issued);
  // `ret` is then -ERESTARTSYS, which prints as strace's "? ERESTARTSYS (...)".
  bool restarted = false;
  bool killed = false;  // the thread died inside (another thread's exit_group): no return
};

// A signal handler being entered: the kernel's rt_sigframe, as riscv64 Linux lays it out
// (a0 = signal, a1 = &siginfo, a2 = &ucontext at handler entry).
struct SignalInfo {
  u64 signo = 0;
  i32 code = 0;    // si_code
  u64 field0 = 0;  // siginfo bytes 16..23: si_pid + si_uid, or si_addr
  u64 field1 = 0;  // bytes 24..31: si_status for SIGCHLD
  u64 handler = 0;
};

// Receives what the tracker learns, synchronously, while the event's state is current, so
// listeners may read guest memory through the GuestView.
class ThreadListener {
 public:
  virtual ~ThreadListener() = default;
  virtual void on_syscall_entry(const SyscallRecord&) {}
  virtual void on_syscall_exit(const SyscallRecord&) {}
  // A key not seen before returned to user mode (a clone child, the first process).
  virtual void on_thread_start(const ThreadInfo&, unsigned /*hart*/) {}
  // `hart` returned to user mode in a different thread than it last ran in user mode.
  virtual void on_thread_switch(unsigned /*hart*/, const ThreadInfo* /*from*/,
                                const ThreadInfo& /*to*/) {}
  // A thread ended: its own exit/exit_group, or a sibling's exit_group (after the killed
  // thread's unfinished syscall was reported with `killed` set). `status` is exit's argument.
  virtual void on_thread_exit(const ThreadInfo& /*thread*/, u64 /*status*/) {}
  // A parent's wait4 reported a thread of that process killed by `signal` (the thread never
  // called exit).
  virtual void on_thread_killed(const ThreadInfo& /*thread*/, u64 /*signal*/,
                                bool /*core_dumped*/) {}
  // `thread` returns to user mode in a signal handler (after its syscall's exit, if any).
  virtual void on_signal(const ThreadInfo& /*thread*/, unsigned /*hart*/,
                         const SignalInfo& /*signal*/) {}
};

// Threads are told apart by sscratch, Linux's convention: while a thread runs in user mode
// sscratch holds its kernel thread pointer (`tp` in the kernel), and the entry code swaps it
// out (`csrrw tp, sscratch, tp`) and leaves 0 there while in the kernel. So:
//   - at a U-mode ecall TrapEvent (before any handler instruction runs) the key is sscratch;
//   - at the RetireEvent of an `sret` whose next_priv is User the key is sscratch *after*
//     the sret (the kernel wrote the thread pointer back before returning);
//   - in S-mode, `tp` holds the key of the thread the kernel is running for.
// A kernel leaving sscratch 0 in user mode gets one synthetic key per hart.
//
// TIDs: gettid and set_tid_address return the caller's TID; getpid the group leader's.
// A clone/clone3 returning N > 0 in the parent names a child: the next new key whose first
// return to user has a0 == 0 gets TID N (if the child returns first, it waits for the
// parent's return). Threads print as their ordinal ("#3") until their TID is known.
// Signals: a thread should resume at its ecall + 4, or at the epc of the exception or
// interrupt it took from user mode. When its sret to user lands elsewhere and a0..a2 look
// like a handler's arguments whose rt_sigframe saved that resume pc (or the ecall's, for
// a syscall to restart), a signal is being delivered: the syscall's true return value is
// the a0 saved in the frame.
// A key is free for a new thread after its thread's exit/exit_group, a sibling's
// exit_group, or a wait4 that returned the thread's TID (a process killed by a signal).
class ThreadTracker final : public HartObserver {
 public:
  explicit ThreadTracker(const GuestView& view) : view_(&view) {}

  void add_listener(ThreadListener* listener) { listeners_.push_back(listener); }

  // Only U-mode ecall traps and sret retirements matter; everything else returns at once,
  // so the machine may deliver just those (see wants_only_xret()).
  void on_retire(const RetireEvent& event) override;
  void on_trap(const TrapEvent& event) override;

  // The thread whose code `hart` runs now (by sscratch in U-mode, tp in S-mode), or the
  // last thread it ran in user mode; nullptr when unknown.
  const ThreadInfo* thread_on_hart(unsigned hart) const;
  const ThreadInfo* find(u64 key) const;
  std::vector<const ThreadInfo*> threads() const;
  // Syscalls entered and not yet returned.
  std::size_t pending() const { return pending_.size(); }

  // Everything the tracker knows (threads, syscalls in progress, children waiting for their
  // TIDs, faults and resume pcs), so that a tracker restored from it at the same machine
  // state goes on exactly as this one does. Listeners are not part of it.
  void save_state(StateWriter& out) const;
  // Replaces the whole state with a saved one; nothing is told to the listeners. A SimError
  // naming `in.what()` and the field when the data is malformed (`harts`: the machine's).
  void restore_state(StateReader& in, unsigned harts);

 private:
  ThreadInfo& thread_for(u64 key);
  ThreadInfo& new_thread(u64 key);
  u64 key_of(unsigned hart, u64 sscratch) const;
  void learn_tid(ThreadInfo& thread, i64 tid);
  void finish_syscall(std::unique_ptr<SyscallRecord> record, const RetireEvent& event);
  struct Delivery {
    SignalInfo info;
    u64 saved_pc = 0;
    u64 saved_a0 = 0;
  };
  // A signal frame at this sret whose saved pc is `resume` or `restart`, if any.
  std::optional<Delivery> signal_delivery(const RetireEvent& event, u64 resume, u64 restart) const;
  void reap(i64 tid, std::optional<u32> status, unsigned hart);
  void abandon_pending(const ThreadInfo& thread, unsigned hart);
  void kill_group(const ThreadInfo& caller, const SyscallRecord& exit_group);
  void note_user_thread(unsigned hart, const ThreadInfo& thread);

  const GuestView* view_;
  std::vector<ThreadListener*> listeners_;
  std::map<u64, ThreadInfo*> live_;                          // key -> current thread
  std::vector<std::unique_ptr<ThreadInfo>> all_;             // every thread ever seen
  std::map<u64, std::unique_ptr<SyscallRecord>> pending_;    // key -> syscall in progress
  std::map<u64, u64> clone_flags_;                           // key -> flags of its pending clone
  std::deque<std::pair<i64, unsigned>> unclaimed_children_;  // (tid, group) from parents
  std::deque<ThreadInfo*> awaiting_tid_;                     // children that returned first
  std::map<unsigned, const ThreadInfo*> last_user_;          // hart -> last thread in user mode
  std::map<u64, u64> resume_pc_;          // key -> pc a fault/interrupt from user mode returns to
  std::map<u64, SignalInfo> last_fault_;  // key -> its memory fault not yet returned from
  u64 next_seq_ = 1;
};

}  // namespace rvscope::trace
