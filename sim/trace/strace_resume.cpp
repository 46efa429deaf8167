// StraceContinuity: entry texts of the calls in progress and the order of line events.
#include "sim/trace/strace_resume.hpp"

#include "sim/common/error.hpp"
#include "sim/trace/strace_format.hpp"
#include "sim/trace/syscall_tracer.hpp"

namespace rvscope::trace {

void StraceContinuity::on_syscall_entry(const SyscallRecord& record) {
  const u64 nr = record.args.number;
  last_mark_[nr] = ++mark_;
  if (syscall_never_returns(nr)) return;  // its line ends at once
  pending_[record.seq] = {nr, mark_, strace_entry_text(*view_, record)};
}

void StraceContinuity::on_syscall_exit(const SyscallRecord& record) {
  last_mark_[record.args.number] = ++mark_;
  pending_.erase(record.seq);
}

std::optional<StraceContinuity::OpenLine> StraceContinuity::open_line(
    const std::set<u64>& only) const {
  const auto shown = [&only](u64 nr) { return only.empty() || only.count(nr) != 0; };
  // Calls enter in seq order: the latest shown one closed every earlier line.
  for (auto it = pending_.rbegin(); it != pending_.rend(); ++it) {
    const Entry& entry = it->second;
    if (!shown(entry.number)) continue;
    if (last_unfiltered_ > entry.mark) return std::nullopt;
    for (const auto& [nr, mark] : last_mark_) {
      if (mark > entry.mark && shown(nr)) return std::nullopt;
    }
    return OpenLine{it->first, entry.text};
  }
  return std::nullopt;
}

void StraceContinuity::save_state(StateWriter& out) const {
  out.put<u64>(mark_);
  out.put<u64>(last_unfiltered_);
  out.put<u64>(pending_.size());
  for (const auto& [seq, entry] : pending_) {
    out.put<u64>(seq);
    out.put<u64>(entry.number);
    out.put<u64>(entry.mark);
    out.put_string(entry.text);
  }
  out.put<u64>(last_mark_.size());
  for (const auto& [nr, mark] : last_mark_) {
    out.put<u64>(nr);
    out.put<u64>(mark);
  }
}

void StraceContinuity::restore_state(StateReader& in) {
  const u64 mark = in.get<u64>();
  const auto mark_at_most = [&](u64 value, std::string_view field) {
    if (value > mark)
      fail("{}: {} is event {}, only {} events were counted", in.what(), field, value, mark);
    return value;
  };
  const u64 last_unfiltered = mark_at_most(in.get<u64>(), "the last unfiltered line");
  const auto count = [&](std::size_t entry_bytes, std::string_view field) {
    const u64 n = in.get<u64>();
    if (n > in.remaining() / entry_bytes) {
      fail("{}: {} has {} entries of at least {} bytes, only {} bytes remain", in.what(), field, n,
           entry_bytes, in.remaining());
    }
    return n;
  };
  std::map<u64, Entry> pending;
  for (u64 n = count(8 * 4, "the entry texts"); n > 0; --n) {
    const u64 seq = in.get<u64>();
    Entry& entry = pending[seq];
    entry.number = in.get<u64>();
    entry.mark = mark_at_most(in.get<u64>(), "an entry's event");
    entry.text = in.get_string("an entry's text");
  }
  std::map<u64, u64> last_mark;
  for (u64 n = count(8 * 2, "the last events per syscall"); n > 0; --n) {
    const u64 nr = in.get<u64>();
    last_mark[nr] = mark_at_most(in.get<u64>(), "a syscall's last event");
  }
  mark_ = mark;
  last_unfiltered_ = last_unfiltered;
  pending_ = std::move(pending);
  last_mark_ = std::move(last_mark);
}

}  // namespace rvscope::trace
