// ThreadTracker::save_state / restore_state: the tracker's state as bytes, for snapshots.
// Threads are written in order of first sight and referred to by that index, so a thread
// keeps its ordinal, and every pointer between them is rebuilt on restore.
#include <fmt/format.h>

#include <unordered_map>

#include "sim/common/error.hpp"
#include "sim/trace/thread_tracker.hpp"

namespace rvscope::trace {
namespace {

// A count read from the stream, checked against the bytes left before anything is
// allocated for it: a corrupted count is an error, not a huge allocation.
u64 get_count(StateReader& in, std::size_t entry_bytes, std::string_view field) {
  const u64 count = in.get<u64>();
  if (count > in.remaining() / entry_bytes) {
    fail("{}: {} has {} entries of {} bytes, only {} bytes remain", in.what(), field, count,
         entry_bytes, in.remaining());
  }
  return count;
}

constexpr std::size_t kThreadBytes = 8 + 4 + 1 + 8 + 1;
constexpr std::size_t kPendingBytes = 8 + 8 + 4 + 8 + 6 * 8 + 8 + 8 + 4 + 8 + 8;

}  // namespace

void ThreadTracker::save_state(StateWriter& out) const {
  std::unordered_map<const ThreadInfo*, u32> index;
  for (std::size_t i = 0; i < all_.size(); ++i) index[all_[i].get()] = static_cast<u32>(i);
  out.put<u64>(next_seq_);
  out.put<u64>(all_.size());
  for (const auto& t : all_) {
    out.put<u64>(t->key);
    out.put<u32>(t->group);
    out.put<u8>(t->tid.has_value());
    out.put<i64>(t->tid.value_or(0));
    out.put<u8>(t->exited);
  }
  out.put<u64>(live_.size());
  for (const auto& [key, thread] : live_) {
    out.put<u64>(key);
    out.put<u32>(index.at(thread));
  }
  out.put<u64>(pending_.size());
  for (const auto& [key, record] : pending_) {
    out.put<u64>(key);
    out.put<u64>(record->seq);
    out.put<u32>(index.at(record->thread));
    out.put<u64>(record->args.number);
    for (const u64 a : record->args.a) out.put<u64>(a);
    out.put<u64>(record->args.pc);
    out.put<u64>(record->args.sp);
    out.put<u32>(record->entry_hart);
    out.put<u64>(record->entry_cycles);
    out.put<u64>(record->entry_instret);
  }
  out.put<u64>(clone_flags_.size());
  for (const auto& [key, flags] : clone_flags_) {
    out.put<u64>(key);
    out.put<u64>(flags);
  }
  out.put<u64>(unclaimed_children_.size());
  for (const auto& [tid, group] : unclaimed_children_) {
    out.put<i64>(tid);
    out.put<u32>(group);
  }
  out.put<u64>(awaiting_tid_.size());
  for (const ThreadInfo* t : awaiting_tid_) out.put<u32>(index.at(t));
  out.put<u64>(last_user_.size());
  for (const auto& [hart, thread] : last_user_) {
    out.put<u32>(hart);
    out.put<u32>(index.at(thread));
  }
  out.put<u64>(resume_pc_.size());
  for (const auto& [key, pc] : resume_pc_) {
    out.put<u64>(key);
    out.put<u64>(pc);
  }
  out.put<u64>(last_fault_.size());
  for (const auto& [key, fault] : last_fault_) {
    out.put<u64>(key);
    out.put<u64>(fault.signo);
    out.put<i32>(fault.code);
    out.put<u64>(fault.field0);
    out.put<u64>(fault.field1);
    out.put<u64>(fault.handler);
  }
}

void ThreadTracker::restore_state(StateReader& in, unsigned harts) {
  const u64 next_seq = in.get<u64>();
  std::vector<std::unique_ptr<ThreadInfo>> all(get_count(in, kThreadBytes, "the thread table"));
  for (std::size_t i = 0; i < all.size(); ++i) {
    auto& t = all[i] = std::make_unique<ThreadInfo>();
    t->key = in.get<u64>();
    t->ordinal = static_cast<unsigned>(i) + 1;
    t->group = in.get<u32>();
    if (t->group == 0 || t->group > all.size()) {
      fail("{}: thread #{} is in the group of thread #{}, there are {} threads", in.what(),
           t->ordinal, t->group, all.size());
    }
    const bool has_tid = in.get_below<u8>(2, "a thread's TID flag") != 0;
    const i64 tid = in.get<i64>();
    if (has_tid) t->tid = tid;
    t->exited = in.get_below<u8>(2, "a thread's exit flag") != 0;
  }
  const auto thread_at = [&](std::string_view field) {
    const u32 i = in.get<u32>();
    if (i >= all.size()) {
      fail("{}: {} names thread index {}, there are {} threads", in.what(), field, i, all.size());
    }
    return all[i].get();
  };
  const auto hart_below = [&](std::string_view field) {
    return in.get_below<u32>(harts, fmt::format("{} (a hart)", field));
  };

  std::map<u64, ThreadInfo*> live;
  for (u64 n = get_count(in, 8 + 4, "the live threads"); n > 0; --n) {
    const u64 key = in.get<u64>();
    ThreadInfo* thread = thread_at("a live thread");
    if (thread->key != key) {
      fail("{}: live key {:#x} maps to thread #{}, whose key is {:#x}", in.what(), key,
           thread->ordinal, thread->key);
    }
    live[key] = thread;
  }
  std::map<u64, std::unique_ptr<SyscallRecord>> pending;
  for (u64 n = get_count(in, kPendingBytes, "the pending syscalls"); n > 0; --n) {
    const u64 key = in.get<u64>();
    auto record = std::make_unique<SyscallRecord>();
    record->seq = in.get<u64>();
    if (record->seq == 0 || record->seq >= next_seq) {
      fail("{}: a pending syscall has sequence number {}, the next is {}", in.what(), record->seq,
           next_seq);
    }
    record->thread = thread_at("a pending syscall");
    record->args.number = in.get<u64>();
    for (u64& a : record->args.a) a = in.get<u64>();
    record->args.pc = in.get<u64>();
    record->args.sp = in.get<u64>();
    record->entry_hart = hart_below("a pending syscall's entry hart");
    record->entry_cycles = in.get<u64>();
    record->entry_instret = in.get<u64>();
    pending[key] = std::move(record);
  }
  std::map<u64, u64> clone_flags;
  for (u64 n = get_count(in, 8 + 8, "the clone flags"); n > 0; --n) {
    const u64 key = in.get<u64>();
    clone_flags[key] = in.get<u64>();
  }
  std::deque<std::pair<i64, unsigned>> unclaimed;
  for (u64 n = get_count(in, 8 + 4, "the unclaimed children"); n > 0; --n) {
    const i64 tid = in.get<i64>();
    const u32 group = in.get<u32>();
    if (group > all.size()) {
      fail("{}: child {} is in the group of thread #{}, there are {} threads", in.what(), tid,
           group, all.size());
    }
    unclaimed.emplace_back(tid, group);
  }
  std::deque<ThreadInfo*> awaiting;
  for (u64 n = get_count(in, 4, "the children awaiting a TID"); n > 0; --n) {
    awaiting.push_back(thread_at("a child awaiting its TID"));
  }
  std::map<unsigned, const ThreadInfo*> last_user;
  for (u64 n = get_count(in, 4 + 4, "the last user threads"); n > 0; --n) {
    const unsigned hart = hart_below("a last user thread");
    last_user[hart] = thread_at("a hart's last user thread");
  }
  std::map<u64, u64> resume_pc;
  for (u64 n = get_count(in, 8 + 8, "the resume pcs"); n > 0; --n) {
    const u64 key = in.get<u64>();
    resume_pc[key] = in.get<u64>();
  }
  std::map<u64, SignalInfo> last_fault;
  for (u64 n = get_count(in, 8 + 8 + 4 + 8 + 8 + 8, "the pending faults"); n > 0; --n) {
    const u64 key = in.get<u64>();
    SignalInfo& fault = last_fault[key];
    fault.signo = in.get<u64>();
    fault.code = in.get<i32>();
    fault.field0 = in.get<u64>();
    fault.field1 = in.get<u64>();
    fault.handler = in.get<u64>();
  }
  // Everything read and checked: only now is the tracker's state replaced.
  next_seq_ = next_seq;
  all_ = std::move(all);
  live_ = std::move(live);
  pending_ = std::move(pending);
  clone_flags_ = std::move(clone_flags);
  unclaimed_children_ = std::move(unclaimed);
  awaiting_tid_ = std::move(awaiting);
  last_user_ = std::move(last_user);
  resume_pc_ = std::move(resume_pc);
  last_fault_ = std::move(last_fault);
}

}  // namespace rvscope::trace
