// Timeline: a Chrome/Perfetto trace-event JSON file of harts, threads, syscalls and traps.
#include "sim/trace/timeline.hpp"

#include <fmt/format.h>

#include "sim/trace/commit_format.hpp"
#include "sim/trace/syscall_decoder.hpp"

namespace rvscope::trace {
namespace {

constexpr int kHartsPid = 1;
constexpr int kThreadsPid = 2;

}  // namespace

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c >= 0x7f) {
          // Guest bytes are not necessarily UTF-8: escape everything outside ASCII.
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += ch;
        }
    }
  }
  return out;
}

Timeline::Timeline(std::ostream& out, const GuestView& view, double core_hz)
    : out_(&out), view_(&view), us_per_cycle_(1e6 / core_hz) {
  *out_ << "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n";
  emit(fmt::format(R"({{"name":"process_name","ph":"M","pid":{},"tid":0,"args":{{"name":"harts"}}}})",
                   kHartsPid));
  emit(fmt::format(
      R"({{"name":"process_name","ph":"M","pid":{},"tid":0,"args":{{"name":"guest threads"}}}})",
      kThreadsPid));
}

Timeline::~Timeline() { finish(); }

std::string Timeline::ts(u64 cycles) const {
  return fmt::format("{:.3f}", static_cast<double>(cycles) * us_per_cycle_);
}

void Timeline::emit(const std::string& event_json) {
  if (finished_) return;
  if (!first_) *out_ << ",\n";
  *out_ << event_json;
  first_ = false;
}

void Timeline::on_trap(const TrapEvent& e) {
  const u64 now = view_->cycles(e.hart);
  last_cycles_ = std::max(last_cycles_, now);
  harts_[e.hart] = true;
  emit(fmt::format(
      R"({{"name":"{}","cat":"{}","ph":"i","s":"t","ts":{},"pid":{},"tid":{},"args":{{"epc":"{:#x}","tval":"{:#x}","from":"{}","to":"{}"}}}})",
      json_escape(trap_cause_name(e.interrupt, e.cause)), e.interrupt ? "interrupt" : "trap",
      ts(now), kHartsPid, e.hart, e.epc, e.tval, priv_letter(e.from), priv_letter(e.to)));
}

void Timeline::on_syscall_entry(const SyscallRecord& r) {
  threads_[r.thread->ordinal] = r.thread;
  last_cycles_ = std::max(last_cycles_, r.entry_cycles);
  std::string text = format_syscall_entry(GuestMemory(*view_, r.entry_hart), r.args);
  if (syscall_never_returns(r.args.number)) {
    emit(fmt::format(
        R"({{"name":"{}","cat":"syscall","ph":"i","s":"t","ts":{},"pid":{},"tid":{},"args":{{"call":"{}) = ?","hart":{}}}}})",
        json_escape(syscall_name(r.args.number)), ts(r.entry_cycles), kThreadsPid,
        r.thread->ordinal, json_escape(text), r.entry_hart));
    return;
  }
  entry_text_[r.seq] = std::move(text);
}

void Timeline::on_syscall_exit(const SyscallRecord& r) {
  last_cycles_ = std::max(last_cycles_, r.exit_cycles);
  auto it = entry_text_.find(r.seq);
  std::string call = it == entry_text_.end() ? std::string() : std::move(it->second);
  if (it != entry_text_.end()) entry_text_.erase(it);
  call += format_syscall_exit(GuestMemory(*view_, r.exit_hart), r.args, r.ret) + " = " +
          format_syscall_return(r.args.number, r.ret);
  const u64 duration = r.exit_cycles >= r.entry_cycles ? r.exit_cycles - r.entry_cycles : 0;
  emit(fmt::format(
      R"({{"name":"{}","cat":"syscall","ph":"X","ts":{},"dur":{},"pid":{},"tid":{},"args":{{"call":"{}","entry_hart":{},"exit_hart":{}}}}})",
      json_escape(syscall_name(r.args.number)), ts(r.entry_cycles),
      fmt::format("{:.3f}", static_cast<double>(duration) * us_per_cycle_), kThreadsPid,
      r.thread->ordinal, json_escape(call), r.entry_hart, r.exit_hart));
}

void Timeline::on_thread_start(const ThreadInfo& thread, unsigned hart) {
  threads_[thread.ordinal] = &thread;
  const u64 now = view_->cycles(hart);
  last_cycles_ = std::max(last_cycles_, now);
  emit(fmt::format(
      R"({{"name":"thread start","cat":"sched","ph":"i","s":"t","ts":{},"pid":{},"tid":{},"args":{{"hart":{}}}}})",
      ts(now), kThreadsPid, thread.ordinal, hart));
}

void Timeline::close_running(unsigned hart, u64 now) {
  auto it = running_.find(hart);
  if (it == running_.end() || it->second.thread == nullptr) return;
  const Running& r = it->second;
  emit(fmt::format(
      R"({{"name":"[{}]","cat":"sched","ph":"X","ts":{},"dur":{},"pid":{},"tid":{},"args":{{"thread_ordinal":{}}}}})",
      json_escape(r.thread->label()), ts(r.since),
      fmt::format("{:.3f}", static_cast<double>(now - std::min(now, r.since)) * us_per_cycle_),
      kHartsPid, hart, r.thread->ordinal));
  running_.erase(it);
}

void Timeline::on_thread_switch(unsigned hart, const ThreadInfo* from, const ThreadInfo& to) {
  threads_[to.ordinal] = &to;
  harts_[hart] = true;
  const u64 now = view_->cycles(hart);
  last_cycles_ = std::max(last_cycles_, now);
  close_running(hart, now);
  emit(fmt::format(
      R"({{"name":"switch to [{}]","cat":"sched","ph":"i","s":"t","ts":{},"pid":{},"tid":{},"args":{{"from":"{}"}}}})",
      json_escape(to.label()), ts(now), kHartsPid, hart,
      from ? json_escape(from->label()) : std::string("-")));
  running_[hart] = {&to, now};
}

void Timeline::finish() {
  if (finished_) return;
  while (!running_.empty()) close_running(running_.begin()->first, last_cycles_);
  for (const auto& [hart, seen] : harts_) {
    emit(fmt::format(
        R"({{"name":"thread_name","ph":"M","pid":{},"tid":{},"args":{{"name":"hart {}"}}}})",
        kHartsPid, hart, hart));
  }
  for (const auto& [ordinal, thread] : threads_) {
    const std::string name = thread->tid ? fmt::format("tid {}", *thread->tid)
                                         : fmt::format("#{}", ordinal);
    emit(fmt::format(
        R"({{"name":"thread_name","ph":"M","pid":{},"tid":{},"args":{{"name":"{}"}}}})",
        kThreadsPid, ordinal, json_escape(name)));
  }
  *out_ << "\n]}\n";
  out_->flush();
  finished_ = true;
}

}  // namespace rvscope::trace
