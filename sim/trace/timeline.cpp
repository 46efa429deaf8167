// Timeline: a Chrome/Perfetto trace-event JSON file of harts, threads, syscalls and traps.
#include "sim/trace/timeline.hpp"

#include <fmt/format.h>

#include "sim/trace/commit_format.hpp"
#include "sim/trace/strace_format.hpp"
#include "sim/trace/syscall_decoder.hpp"

namespace rvscope::trace {
namespace {

constexpr int kHartsPid = 1;
constexpr int kThreadsPid = 2;
constexpr const char* kTrailer = "\n]}\n";

// One trace event; `timing` is `"ts":..[,"dur":..]` (empty for metadata) and `args` the
// body of the args object, both already JSON.
std::string event(std::string_view name, std::string_view cat, std::string_view ph,
                  const std::string& timing, int pid, u64 tid, const std::string& args) {
  std::string out = fmt::format(R"({{"name":"{}",)", json_escape(name));
  if (!cat.empty()) out += fmt::format(R"("cat":"{}",)", cat);
  out += fmt::format(R"("ph":"{}",)", ph);
  if (ph == "i") out += R"("s":"t",)";
  if (!timing.empty()) out += timing + ",";
  return out + fmt::format(R"("pid":{},"tid":{},"args":{{{}}}}})", pid, tid, args);
}

std::string str_field(std::string_view key, std::string_view value) {
  return fmt::format(R"("{}":"{}")", key, json_escape(value));
}

std::string num_field(std::string_view key, u64 value) {
  return fmt::format(R"("{}":{})", key, value);
}

}  // namespace

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
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
  emit(event("process_name", "", "M", "", kHartsPid, 0, str_field("name", "harts")));
  emit(event("process_name", "", "M", "", kThreadsPid, 0, str_field("name", "guest threads")));
}

Timeline::~Timeline() { finish(); }

std::string Timeline::ts(u64 cycles) const {
  return fmt::format(R"("ts":{:.3f})", static_cast<double>(cycles) * us_per_cycle_);
}

std::string Timeline::ts_dur(u64 start, u64 end) const {
  const u64 duration = end >= start ? end - start : 0;
  return ts(start) + fmt::format(R"(,"dur":{:.3f})", static_cast<double>(duration) * us_per_cycle_);
}

void Timeline::emit(const std::string& event_json) {
  if (finished_) return;
  if (!first_) *out_ << ",\n";
  *out_ << event_json;
  first_ = false;
  // On a seekable stream (a file) the JSON is closed after every event and reopened by the
  // next one, so a run that dies early still leaves a loadable timeline.
  const auto end = out_->tellp();
  if (end != std::ostream::pos_type(-1)) {
    *out_ << kTrailer;
    out_->seekp(end);
  }
}

void Timeline::name_hart(unsigned hart) {
  if (!harts_.emplace(hart, true).second) return;
  emit(event("thread_name", "", "M", "", kHartsPid, hart,
             str_field("name", fmt::format("hart {}", hart))));
}

// Names a thread's track, again whenever its label changed (its TID was learnt): viewers
// keep the last name.
void Timeline::name_thread(const ThreadInfo& thread) {
  const std::string name =
      thread.tid ? fmt::format("tid {}", *thread.tid) : fmt::format("#{}", thread.ordinal);
  auto [it, inserted] = thread_names_.emplace(thread.ordinal, name);
  if (!inserted && it->second == name) return;
  it->second = name;
  emit(event("thread_name", "", "M", "", kThreadsPid, thread.ordinal, str_field("name", name)));
}

void Timeline::on_trap(const TrapEvent& e) {
  const u64 now = view_->cycles(e.hart);
  last_cycles_ = std::max(last_cycles_, now);
  name_hart(e.hart);
  const std::string args = fmt::format("{},{},{},{}", str_field("epc", fmt::format("{:#x}", e.epc)),
                                       str_field("tval", fmt::format("{:#x}", e.tval)),
                                       str_field("from", std::string(1, priv_letter(e.from))),
                                       str_field("to", std::string(1, priv_letter(e.to))));
  emit(event(trap_cause_name(e.interrupt, e.cause), e.interrupt ? "interrupt" : "trap", "i",
             ts(now), kHartsPid, e.hart, args));
}

void Timeline::on_syscall_entry(const SyscallRecord& r) {
  name_thread(*r.thread);
  last_cycles_ = std::max(last_cycles_, r.entry_cycles);
  std::string text = format_syscall_entry(GuestMemory(*view_, r.entry_hart), r.args);
  if (syscall_never_returns(r.args.number)) {
    const std::string args =
        str_field("call", text + ") = ?") + "," + num_field("hart", r.entry_hart);
    emit(event(syscall_name(r.args.number), "syscall", "i", ts(r.entry_cycles), kThreadsPid,
               r.thread->ordinal, args));
    return;
  }
  entry_text_[r.seq] = std::move(text);
}

void Timeline::on_syscall_exit(const SyscallRecord& r) {
  last_cycles_ = std::max(last_cycles_, r.exit_cycles);
  name_thread(*r.thread);  // gettid & co. may just have told its TID
  auto it = entry_text_.find(r.seq);
  std::string call = it == entry_text_.end() ? std::string() : std::move(it->second);
  if (it != entry_text_.end()) entry_text_.erase(it);
  call += format_syscall_exit(GuestMemory(*view_, r.exit_hart), r.args, r.ret) + " = " +
          (r.killed ? std::string("?") : format_syscall_return(r.args.number, r.ret));
  const std::string args = str_field("call", call) + "," + num_field("entry_hart", r.entry_hart) +
                           "," + num_field("exit_hart", r.exit_hart);
  emit(event(syscall_name(r.args.number), "syscall", "X", ts_dur(r.entry_cycles, r.exit_cycles),
             kThreadsPid, r.thread->ordinal, args));
}

void Timeline::on_thread_start(const ThreadInfo& thread, unsigned hart) {
  name_thread(thread);
  const u64 now = view_->cycles(hart);
  last_cycles_ = std::max(last_cycles_, now);
  emit(event("thread start", "sched", "i", ts(now), kThreadsPid, thread.ordinal,
             num_field("hart", hart)));
}

void Timeline::on_signal(const ThreadInfo& thread, unsigned hart, const SignalInfo& signal) {
  name_thread(thread);
  const u64 now = view_->cycles(hart);
  last_cycles_ = std::max(last_cycles_, now);
  const std::string args = str_field("siginfo", format_siginfo(signal.signo, signal.code,
                                                               signal.field0, signal.field1)) +
                           "," + str_field("handler", fmt::format("{:#x}", signal.handler));
  emit(event(format_signal(signal.signo), "signal", "i", ts(now), kThreadsPid, thread.ordinal,
             args));
}

void Timeline::close_running(unsigned hart, u64 now) {
  auto it = running_.find(hart);
  if (it == running_.end()) return;
  const Running r = it->second;
  running_.erase(it);
  if (r.thread == nullptr) return;
  emit(event("[" + r.thread->label() + "]", "sched", "X", ts_dur(r.since, now), kHartsPid, hart,
             num_field("thread_ordinal", r.thread->ordinal)));
}

void Timeline::on_thread_switch(unsigned hart, const ThreadInfo* from, const ThreadInfo& to) {
  name_thread(to);
  name_hart(hart);
  const u64 now = view_->cycles(hart);
  last_cycles_ = std::max(last_cycles_, now);
  close_running(hart, now);
  emit(event("switch to [" + to.label() + "]", "sched", "i", ts(now), kHartsPid, hart,
             str_field("from", from ? from->label() : "-")));
  running_[hart] = {&to, now};
}

void Timeline::finish() {
  if (finished_) return;
  while (!running_.empty()) close_running(running_.begin()->first, last_cycles_);
  *out_ << kTrailer;
  out_->flush();
  finished_ = true;
}

}  // namespace rvscope::trace
