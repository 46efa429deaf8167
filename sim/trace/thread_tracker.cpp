// Follows guest threads and their syscalls from hart events, the Linux way (sscratch keys).
#include "sim/trace/thread_tracker.hpp"

#include <fmt/format.h>

#include "sim/trace/strace_format.hpp"

namespace rvscope::trace {
namespace {

constexpr u64 kNrSetTidAddress = 96;
constexpr u64 kNrGettid = 178;
constexpr u64 kNrGetpid = 172;
constexpr u64 kNrClone = 220;
constexpr u64 kNrClone3 = 435;
constexpr u64 kNrExit = 93;
constexpr u64 kNrExitGroup = 94;
constexpr u64 kNrWait4 = 260;
constexpr u64 kCloneThread = 0x10000;
constexpr u64 kSyntheticKeyBase = u64{0xffff'0000'0000'0000};
constexpr u64 kNrExecve = 221;
constexpr u64 kNrExecveat = 281;
constexpr u64 kNrRtSigreturn = 139;
constexpr u64 kNrRtSigsuspend = 133;
constexpr u64 kEintr = 4;
constexpr u64 kErestartnohand = 514;
constexpr u64 kSigsegv = 11;
constexpr i32 kSegvMaperr = 1, kSegvAccerr = 2;

// Instruction, load and store access faults and page faults: the kernel's SIGSEGV causes.
bool is_memory_fault(u64 cause) {
  return cause == 1 || cause == 5 || cause == 7 || cause == 12 || cause == 13 || cause == 15;
}
// riscv64 rt_sigframe: siginfo (128 bytes), then ucontext whose uc_mcontext (16-byte
// aligned) starts at 176: gregs[0] = pc, gregs[i] = x_i.
constexpr u64 kUcontextPc = 176;
constexpr u64 kUcontextA0 = 176 + 8 * 10;
constexpr unsigned kRegSp = 2;
constexpr unsigned kRegTp = 4;
constexpr unsigned kRegA0 = 10;
constexpr unsigned kRegA7 = 17;

}  // namespace

std::string ThreadInfo::label() const {
  return tid ? fmt::format("{}", *tid) : fmt::format("#{}", ordinal);
}

u64 ThreadTracker::key_of(unsigned hart, u64 sscratch) const {
  return sscratch != 0 ? sscratch : kSyntheticKeyBase + hart;
}

ThreadInfo& ThreadTracker::new_thread(u64 key) {
  auto info = std::make_unique<ThreadInfo>();
  info->key = key;
  info->ordinal = static_cast<unsigned>(all_.size()) + 1;
  info->group = info->ordinal;
  ThreadInfo& ref = *info;
  all_.push_back(std::move(info));
  live_[key] = &ref;
  return ref;
}

ThreadInfo& ThreadTracker::thread_for(u64 key) {
  auto it = live_.find(key);
  if (it != live_.end() && !it->second->exited) return *it->second;
  return new_thread(key);
}

const ThreadInfo* ThreadTracker::find(u64 key) const {
  auto it = live_.find(key);
  return it == live_.end() ? nullptr : it->second;
}

std::vector<const ThreadInfo*> ThreadTracker::threads() const {
  std::vector<const ThreadInfo*> out;
  for (const auto& t : all_) out.push_back(t.get());
  return out;
}

const ThreadInfo* ThreadTracker::thread_on_hart(unsigned hart) const {
  const Priv priv = view_->privilege(hart);
  const ThreadInfo* found = nullptr;
  if (priv == Priv::kUser) {
    found = find(key_of(hart, view_->read_csr(hart, kCsrSscratch)));
  } else if (priv == Priv::kSupervisor) {
    found = find(view_->read_reg(hart, kRegTp));
  }
  if (found) return found;
  auto it = last_user_.find(hart);
  return it == last_user_.end() ? nullptr : it->second;
}

void ThreadTracker::learn_tid(ThreadInfo& thread, i64 tid) {
  if (tid <= 0 || thread.tid == tid) return;
  thread.tid = tid;
  // A child that told us its TID itself no longer needs the parent's word.
  std::erase_if(unclaimed_children_, [tid](const auto& child) { return child.first == tid; });
  std::erase(awaiting_tid_, &thread);
}

void ThreadTracker::note_user_thread(unsigned hart, const ThreadInfo& thread) {
  auto it = last_user_.find(hart);
  const ThreadInfo* previous = it == last_user_.end() ? nullptr : it->second;
  if (previous != &thread) {
    for (auto* l : listeners_) l->on_thread_switch(hart, previous, thread);
  }
  last_user_[hart] = &thread;
}

void ThreadTracker::on_trap(const TrapEvent& event) {
  if (event.from != Priv::kUser) return;
  const unsigned hart = event.hart;
  const u64 key = key_of(hart, view_->read_csr(hart, kCsrSscratch));
  if (event.interrupt || event.cause != kCauseUserEcall) {
    resume_pc_[key] = event.epc;  // where the thread continues unless a signal intervenes
    if (!event.interrupt && is_memory_fault(event.cause)) {
      // Kept until the thread is back in user mode: if it never is, the fault killed it.
      u8 byte = 0;
      const bool mapped = view_->read_virtual(hart, event.tval, &byte, 1);
      last_fault_[key] = {kSigsegv, mapped ? kSegvAccerr : kSegvMaperr, event.tval, 0, 0};
    }
    return;
  }
  ThreadInfo& thread = thread_for(key);
  auto record = std::make_unique<SyscallRecord>();
  record->seq = next_seq_++;
  record->thread = &thread;
  record->args.number = view_->read_reg(hart, kRegA7);
  for (unsigned i = 0; i < 6; ++i) record->args.a[i] = view_->read_reg(hart, kRegA0 + i);
  record->args.pc = event.epc;
  record->args.sp = view_->read_reg(hart, kRegSp);
  record->entry_hart = hart;
  record->entry_cycles = view_->cycles(hart);
  record->entry_instret = view_->instret(hart);
  const u64 nr = record->args.number;
  if (nr == kNrClone) clone_flags_[key] = record->args.a[0];
  if (nr == kNrClone3) {
    clone_flags_[key] = GuestMemory(*view_, hart).read_as<u64>(record->args.a[0]).value_or(0);
  }
  for (auto* l : listeners_) l->on_syscall_entry(*record);
  if (nr == kNrExit || nr == kNrExitGroup) {
    thread.exited = true;
    clone_flags_.erase(key);
    if (nr == kNrExitGroup) kill_group(thread, *record);
    for (auto* l : listeners_) l->on_thread_exit(thread, record->args.a[0]);
    return;  // never returns
  }
  pending_[key] = std::move(record);
}

// A thread died inside a syscall: report that syscall as never returning ("= ?").
void ThreadTracker::abandon_pending(const ThreadInfo& thread, unsigned hart) {
  clone_flags_.erase(thread.key);
  resume_pc_.erase(thread.key);
  auto pending = pending_.find(thread.key);
  if (pending == pending_.end() || pending->second->thread != &thread) return;
  auto record = std::move(pending->second);
  pending_.erase(pending);
  record->killed = true;
  record->ret = static_cast<u64>(-4);  // output arguments print as addresses
  record->exit_hart = hart;
  record->exit_cycles = view_->cycles(hart);
  record->exit_instret = view_->instret(hart);
  for (auto* l : listeners_) l->on_syscall_exit(*record);
}

void ThreadTracker::kill_group(const ThreadInfo& caller, const SyscallRecord& exit_group) {
  for (const auto& t : all_) {
    if (t.get() == &caller || t->exited || t->group != caller.group) continue;
    t->exited = true;
    abandon_pending(*t, exit_group.entry_hart);
    for (auto* l : listeners_) l->on_thread_exit(*t, exit_group.args.a[0]);
  }
}

// wait4 returned `tid`: that process is gone, even if it died by a signal without calling
// exit, so its kernel stacks (keys) may be reused by new threads from now on. Threads that
// had not called exit were killed: their unfinished syscalls end with "= ?" and listeners
// hear the signal from the wait status.
void ThreadTracker::reap(i64 tid, std::optional<u32> status, unsigned hart) {
  const bool signaled = status && (*status & 0x7f) != 0 && (*status & 0x7f) != 0x7f;
  for (const auto& t : all_) {
    if (t->tid != tid) continue;
    const unsigned group = t->group;
    for (const auto& member : all_) {
      if (member->group != group || member->exited) continue;
      member->exited = true;
      abandon_pending(*member, hart);
      if (signaled) {
        // strace shows the fault's siginfo before the kill, as the kernel raised it.
        auto fault = last_fault_.find(member->key);
        if (fault != last_fault_.end() && (*status & 0x7f) == fault->second.signo) {
          for (auto* l : listeners_) l->on_signal(*member, hart, fault->second);
        }
        for (auto* l : listeners_) {
          l->on_thread_killed(*member, *status & 0x7f, (*status & 0x80) != 0);
        }
      }
      last_fault_.erase(member->key);
    }
  }
}

void ThreadTracker::finish_syscall(std::unique_ptr<SyscallRecord> record,
                                   const RetireEvent& event) {
  const unsigned hart = event.hart;
  record->exit_hart = hart;
  record->exit_cycles = view_->cycles(hart);
  record->exit_instret = event.instret;
  auto& thread = const_cast<ThreadInfo&>(*record->thread);
  const u64 nr = record->args.number;
  const i64 ret = static_cast<i64>(record->ret);
  if (!is_error_return(record->ret)) {
    if (nr == kNrGettid || nr == kNrSetTidAddress) learn_tid(thread, ret);
    if (nr == kNrGetpid) {
      for (const auto& t : all_) {
        if (t->ordinal == thread.group && !t->tid) learn_tid(*t, ret);
      }
    }
    if (nr == kNrWait4 && ret > 0) {
      const u64 status_ptr = record->args.a[1];
      reap(ret, status_ptr ? GuestMemory(*view_, hart).read_as<u32>(status_ptr) : std::nullopt,
           hart);
    }
    if ((nr == kNrClone || nr == kNrClone3) && ret > 0) {
      const u64 flags = clone_flags_[thread.key];
      const bool same_group = (flags & kCloneThread) != 0;
      if (!awaiting_tid_.empty()) {
        ThreadInfo* child = awaiting_tid_.front();
        awaiting_tid_.pop_front();
        if (same_group) child->group = thread.group;
        learn_tid(*child, ret);
      } else {
        unclaimed_children_.emplace_back(ret, same_group ? thread.group : 0);
      }
    }
  }
  clone_flags_.erase(thread.key);
  for (auto* l : listeners_) l->on_syscall_exit(*record);
}

std::optional<ThreadTracker::Delivery> ThreadTracker::signal_delivery(const RetireEvent& event,
                                                                      u64 resume,
                                                                      u64 restart) const {
  const unsigned hart = event.hart;
  const u64 signo = view_->read_reg(hart, kRegA0);
  if (signo == 0 || signo > 64) return std::nullopt;
  const GuestMemory mem(*view_, hart);
  const u64 info = view_->read_reg(hart, kRegA0 + 1);
  const u64 uc = view_->read_reg(hart, kRegA0 + 2);
  auto saved_pc = mem.read_as<u64>(uc + kUcontextPc);
  auto saved_a0 = mem.read_as<u64>(uc + kUcontextA0);
  auto info_signo = mem.read_as<i32>(info);
  if (!saved_pc || !saved_a0 || !info_signo || static_cast<u64>(*info_signo) != signo ||
      (*saved_pc != resume && *saved_pc != restart)) {
    return std::nullopt;
  }
  Delivery d;
  d.info.signo = signo;
  d.info.code = mem.read_as<i32>(info + 8).value_or(0);
  d.info.field0 = mem.read_as<u64>(info + 16).value_or(0);
  d.info.field1 = mem.read_as<u64>(info + 24).value_or(0);
  d.info.handler = event.next_pc;
  d.saved_pc = *saved_pc;
  d.saved_a0 = *saved_a0;
  return d;
}

void ThreadTracker::on_retire(const RetireEvent& event) {
  if (event.bits != kSretBits || event.next_priv != Priv::kUser) return;
  const unsigned hart = event.hart;
  const u64 key = key_of(hart, view_->read_csr(hart, kCsrSscratch));
  auto pending = pending_.find(key);
  if (pending != pending_.end()) {
    auto record = std::move(pending->second);
    pending_.erase(pending);
    resume_pc_.erase(key);
    const ThreadInfo& thread = *record->thread;
    note_user_thread(hart, thread);
    const u64 nr = record->args.number;
    const u64 ecall = record->args.pc;
    record->ret = view_->read_reg(hart, kRegA0);
    std::optional<Delivery> delivery;
    if (event.next_pc == ecall) {
      record->restarted = true;  // rewound to the ecall with no handler to run
    } else if (event.next_pc != ecall + 4 && nr != kNrExecve && nr != kNrExecveat &&
               nr != kNrRtSigreturn) {
      delivery = signal_delivery(event, ecall + 4, ecall);
      if (delivery) {
        record->ret = delivery->saved_a0;
        record->restarted = delivery->saved_pc == ecall;
        // rt_sigsuspend returns -ERESTARTNOHAND, which the kernel turns into the EINTR the
        // handler's frame holds; strace shows the former, as it sees the syscall's exit.
        if (nr == kNrRtSigsuspend && delivery->saved_a0 == static_cast<u64>(-kEintr)) {
          record->ret = static_cast<u64>(-kErestartnohand);
        }
      }
    }
    // The kernel's restart code never reaches user mode; ERESTARTSYS is the usual one.
    if (record->restarted) record->ret = static_cast<u64>(-512);
    finish_syscall(std::move(record), event);
    if (delivery) {
      for (auto* l : listeners_) l->on_signal(thread, hart, delivery->info);
    }
    return;
  }
  auto live = live_.find(key);
  if (live != live_.end() && !live->second->exited) {
    note_user_thread(hart, *live->second);  // back from an interrupt or a fault
    last_fault_.erase(key);                 // handled (demand paging) or delivered
    auto resume = resume_pc_.find(key);
    if (resume != resume_pc_.end()) {
      const u64 expected = resume->second;
      resume_pc_.erase(resume);
      if (event.next_pc != expected) {
        if (auto delivery = signal_delivery(event, expected, expected)) {
          for (auto* l : listeners_) l->on_signal(*live->second, hart, delivery->info);
        }
      }
    }
    return;
  }
  resume_pc_.erase(key);
  ThreadInfo& thread = new_thread(key);
  if (view_->read_reg(hart, kRegA0) == 0) {
    if (!unclaimed_children_.empty()) {
      auto [tid, group] = unclaimed_children_.front();
      unclaimed_children_.pop_front();
      if (group != 0) thread.group = group;
      learn_tid(thread, tid);
    } else if (!clone_flags_.empty()) {
      awaiting_tid_.push_back(&thread);  // its parent's clone has not returned yet
    }
  }
  for (auto* l : listeners_) l->on_thread_start(thread, hart);
  note_user_thread(hart, thread);
}

}  // namespace rvscope::trace
