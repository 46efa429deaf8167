// Instruction-trace windows: which parts of a run the commit log records, and when the run
// loop needs to deliver events at all.
#include "sim/trace/trace_window.hpp"

#include <algorithm>
#include <charconv>

#include "sim/common/error.hpp"
#include "sim/common/syscall_table.hpp"
#include "sim/trace/strace_format.hpp"

namespace rvscope::trace {
namespace {

constexpr u64 kNrClone = 220;
constexpr u64 kNrClone3 = 435;

std::optional<u64> parse_number(std::string_view text) {
  int base = 10;
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
    base = 16;
  }
  if (text.empty()) return std::nullopt;
  u64 value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

TraceWindow parse_one(std::string_view spec, const SymbolLookup* symbols, std::string_view origin) {
  TraceWindow w;
  w.spec = std::string(spec);
  if (spec == "all") return w;
  const auto colon = spec.find(':');
  if (colon == std::string_view::npos) {
    fail("{} '{}': expected all, syscall:NAME, symbol:NAME, pc:A-B or insn:N-M", origin, spec);
  }
  const std::string_view kind = spec.substr(0, colon);
  const std::string_view arg = spec.substr(colon + 1);
  if (kind == "syscall") {
    w.kind = TraceWindow::Kind::kSyscall;
    if (auto number = parse_number(arg)) {
      w.syscall = *number;
    } else if (const SyscallInfo* info = find_syscall(arg)) {
      w.syscall = info->number;
    } else {
      fail("{} '{}': unknown syscall '{}' (riscv64 names, e.g. clone3, openat)", origin, spec, arg);
    }
    return w;
  }
  if (kind == "symbol") {
    w.kind = TraceWindow::Kind::kSymbol;
    if (symbols == nullptr) fail("{} '{}': no symbol table is loaded", origin, spec);
    auto symbol = symbols->lookup(arg);
    if (!symbol) {
      fail("{} '{}': no symbol '{}' in the kernel ELF or --symbols ELFs", origin, spec, arg);
    }
    if (symbol->size == 0) {
      fail("{} '{}': symbol '{}' at {:#x} has no size; use pc:A-B", origin, spec, arg,
           symbol->address);
    }
    w.lo = symbol->address;
    w.hi = symbol->address + symbol->size;
    return w;
  }
  if (kind == "pc" || kind == "insn") {
    const auto dash = arg.find('-');
    auto lo = parse_number(arg.substr(0, dash));
    auto hi = dash == std::string_view::npos ? std::nullopt : parse_number(arg.substr(dash + 1));
    if (!lo || !hi) fail("{} '{}': expected {}:START-END", origin, spec, kind);
    if (kind == "pc") {
      if (*lo >= *hi)
        fail("{} '{}': empty range (start {:#x} >= end {:#x})", origin, spec, *lo, *hi);
      w.kind = TraceWindow::Kind::kPcRange;
    } else {
      if (*lo == 0 || *lo > *hi) {
        fail("{} '{}': need 1 <= N <= M (instructions count from 1)", origin, spec);
      }
      w.kind = TraceWindow::Kind::kInsnRange;
    }
    w.lo = *lo;
    w.hi = *hi;
    return w;
  }
  fail("{} '{}': unknown kind '{}' (all, syscall, symbol, pc, insn)", origin, spec, kind);
}

}  // namespace

std::vector<TraceWindow> parse_trace_windows(std::string_view specs, const SymbolLookup* symbols,
                                             std::string_view origin) {
  std::vector<TraceWindow> out;
  while (!specs.empty()) {
    const auto comma = specs.find(',');
    const std::string_view item = specs.substr(0, comma);
    specs = comma == std::string_view::npos ? std::string_view{} : specs.substr(comma + 1);
    if (!item.empty()) out.push_back(parse_one(item, symbols, origin));
  }
  return out;
}

WindowState::WindowState(std::vector<TraceWindow> windows) : windows_(std::move(windows)) {
  for (const auto& w : windows_) {
    if (w.kind == TraceWindow::Kind::kSyscall) {
      syscalls_.push_back(w.syscall);
    } else {
      has_static_ = true;
      if (w.kind != TraceWindow::Kind::kInsnRange) only_insn_static_ = false;
    }
  }
}

bool WindowState::retire_in_window(const RetireEvent& e) {
  bool in = !open_.empty();
  for (const auto& w : windows_) {
    if (in) break;
    switch (w.kind) {
      case TraceWindow::Kind::kAll:
        in = true;
        break;
      case TraceWindow::Kind::kSymbol:
      case TraceWindow::Kind::kPcRange:
        in = e.pc >= w.lo && e.pc < w.hi;
        break;
      case TraceWindow::Kind::kInsnRange:
        in = e.instret >= w.lo && e.instret <= w.hi;
        break;
      case TraceWindow::Kind::kSyscall:
        break;
    }
  }
  if (e.hart >= last_retire_logged_.size()) last_retire_logged_.resize(e.hart + 1, false);
  last_retire_logged_[e.hart] = in;
  return in;
}

bool WindowState::trap_in_window(const TrapEvent& e) const {
  if (!open_.empty()) return true;
  for (const auto& w : windows_) {
    if (w.kind == TraceWindow::Kind::kAll) return true;
  }
  // A static window shows the traps taken right after an instruction it showed.
  return has_static_ && e.hart < last_retire_logged_.size() && last_retire_logged_[e.hart];
}

EventDemand WindowState::demand() const {
  if (has_static_ || !open_.empty()) return EventDemand::kAll;
  if (!syscalls_.empty()) return EventDemand::kTrapsAndXret;
  return EventDemand::kNone;
}

std::optional<u64> WindowState::first_instret() const {
  if (!has_static_ || !only_insn_static_) return std::nullopt;
  std::optional<u64> first;
  for (const auto& w : windows_) {
    if (w.kind == TraceWindow::Kind::kInsnRange) first = std::min(first.value_or(w.lo), w.lo);
  }
  return first;
}

void WindowState::prune() {
  std::erase_if(
      open_, [](const Occurrence& o) { return !o.until_user && o.returned && !o.child_pending; });
}

void WindowState::on_syscall_entry(const SyscallRecord& record) {
  const u64 nr = record.args.number;
  if (std::find(syscalls_.begin(), syscalls_.end(), nr) == syscalls_.end()) return;
  Occurrence o;
  o.seq = record.seq;
  o.hart = record.entry_hart;
  o.child_pending = nr == kNrClone || nr == kNrClone3;
  o.until_user = syscall_never_returns(nr);
  open_.push_back(o);
}

void WindowState::on_syscall_exit(const SyscallRecord& record) {
  for (auto& o : open_) {
    if (o.seq != record.seq) continue;
    o.returned = true;
    if (is_error_return(record.ret)) o.child_pending = false;  // no child was made
  }
  prune();
}

void WindowState::on_thread_start(const ThreadInfo&, unsigned hart) {
  for (auto& o : open_) {
    if (o.child_pending) {
      o.child_pending = false;
      break;
    }
  }
  end_until_user(hart);
}

void WindowState::on_thread_switch(unsigned hart, const ThreadInfo*, const ThreadInfo&) {
  end_until_user(hart);
}

void WindowState::end_until_user(unsigned hart) {
  for (auto& o : open_) {
    if (o.until_user && o.hart == hart) {
      o.until_user = false;
      o.returned = true;
    }
  }
  prune();
}

}  // namespace rvscope::trace
