// DebugBridge: gdb's view of the machine; breakpoints are checked by PC before an
// instruction runs (never written into guest memory), watchpoints before the access.
#include "sim/app/debug_bridge.hpp"

#include <fmt/format.h>

#include <charconv>

#include "sim/common/syscall_table.hpp"
#include "sim/cpu/csr_numbers.hpp"
#include "sim/cpu/decoded_insn.hpp"
#include "sim/cpu/disasm.hpp"

namespace rvscope {
namespace {

constexpr u32 kEcall = 0x00000073;

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

DebugBridge::DebugBridge(Machine& machine, const TraceConfig& trace_defaults)
    : machine_(machine), trace_defaults_(trace_defaults), syscall_stopped_(machine.num_harts()) {}

DebugBridge::~DebugBridge() {
  for (unsigned h = 0; h < machine_.num_harts(); ++h) {
    machine_.hart(h).set_breakpoint_checker(nullptr, nullptr);
  }
}

std::vector<gdb::CsrInfo> DebugBridge::csrs() const {
  std::vector<gdb::CsrInfo> list;
  Hart& hart = machine_.hart(0);
  for (u16 number = 0; number < 0x1000; ++number) {
    if (number >= csr::kFflags && number <= csr::kFcsr) continue;  // described with the FPU
    u64 ignored = 0;
    if (hart.debug_csr_read(number, ignored)) list.push_back({number, csr_display_name(number)});
  }
  return list;
}

bool DebugBridge::read_register(unsigned h, unsigned regno, u64& value) {
  if (h >= machine_.num_harts()) return false;
  Hart& hart = machine_.hart(h);
  if (regno < 32) {
    value = hart.x[regno];
  } else if (regno == gdb::kRegPc) {
    value = hart.pc();
  } else if (regno >= gdb::kRegF0 && regno < gdb::kRegF0 + 32) {
    value = hart.f[regno - gdb::kRegF0];
  } else if (regno == gdb::kRegPriv) {
    value = static_cast<u64>(hart.priv());
  } else if (regno >= gdb::kRegCsrBase && regno < gdb::kRegCsrBase + 0x1000) {
    return hart.debug_csr_read(static_cast<u16>(regno - gdb::kRegCsrBase), value);
  } else {
    return false;
  }
  return true;
}

bool DebugBridge::write_register(unsigned h, unsigned regno, u64 value) {
  if (h >= machine_.num_harts()) return false;
  Hart& hart = machine_.hart(h);
  if (regno < 32) {
    if (regno != 0) hart.x[regno] = value;
  } else if (regno == gdb::kRegPc) {
    hart.set_pc(value & ~1ull);
  } else if (regno >= gdb::kRegF0 && regno < gdb::kRegF0 + 32) {
    hart.f[regno - gdb::kRegF0] = value;
  } else if (regno == gdb::kRegPriv) {
    if (value != 0 && value != 1 && value != 3) return false;
    hart.set_priv(static_cast<Priv>(value));
  } else if (regno >= gdb::kRegCsrBase && regno < gdb::kRegCsrBase + 0x1000) {
    return hart.debug_csr_write(static_cast<u16>(regno - gdb::kRegCsrBase), value);
  } else {
    return false;
  }
  return true;
}

bool DebugBridge::read_memory(unsigned h, u64 addr, std::span<u8> out) {
  if (h >= machine_.num_harts()) return false;
  if (physical_) {
    // Devices through their peek path: a debugger read must never claim a PLIC interrupt or
    // pop a UART byte.
    return machine_.bus().peek_block(addr, out.data(), out.size());
  }
  return machine_.peek_virtual(h, addr, out.data(), out.size());
}

bool DebugBridge::write_memory(unsigned h, u64 addr, std::span<const u8> data) {
  if (h >= machine_.num_harts()) return false;
  if (physical_) {
    if (!machine_.bus().is_ram(addr, data.size())) return false;
    machine_.decode_cache().on_code_write(addr, data.size());
    return machine_.bus().write_block(addr, data.data(), data.size());
  }
  return machine_.write_virtual(h, addr, data.data(), data.size());
}

bool DebugBridge::set_breakpoint(gdb::BreakpointKind, u64 pc) {
  breakpoints_.insert(pc);
  update_hooks();
  return true;
}

bool DebugBridge::clear_breakpoint(gdb::BreakpointKind, u64 pc) {
  const auto it = breakpoints_.find(pc);
  if (it == breakpoints_.end()) return false;
  breakpoints_.erase(it);
  update_hooks();
  return true;
}

bool DebugBridge::set_watchpoint(gdb::WatchKind kind, u64 addr, u64 len) {
  if (len == 0) return false;
  watches_.push_back({kind, addr, len});
  update_hooks();
  return true;
}

bool DebugBridge::clear_watchpoint(gdb::WatchKind kind, u64 addr, u64 len) {
  for (auto it = watches_.begin(); it != watches_.end(); ++it) {
    if (it->kind == kind && it->addr == addr && it->len == len) {
      watches_.erase(it);
      update_hooks();
      return true;
    }
  }
  return false;
}

void DebugBridge::clear_all() {
  breakpoints_.clear();
  watches_.clear();
  stop_syscall_.reset();
  update_hooks();
}

void DebugBridge::forget_breakpoint_stops() {
  for (unsigned h = 0; h < machine_.num_harts(); ++h) {
    Hart& hart = machine_.hart(h);
    if (hart.last_stop() != HartStop::kBreakpoint) continue;
    // An observed run of no instruction resets the stop; the checker is never called.
    hart.set_breakpoint_checker(
        +[](void*, unsigned, u64) { return false; }, nullptr);
    hart.run(0);
  }
  update_hooks();
}

void DebugBridge::update_hooks() {
  const bool check =
      checks_enabled_ && (!breakpoints_.empty() || !watches_.empty() || stop_syscall_.has_value());
  for (unsigned h = 0; h < machine_.num_harts(); ++h) {
    machine_.hart(h).set_breakpoint_checker(check ? &DebugBridge::check_pc : nullptr, this);
  }
}

bool DebugBridge::stops_here(unsigned hart) {
  return (!breakpoints_.empty() || !watches_.empty()) &&
         check_pc(this, hart, machine_.hart(hart).pc());
}

bool DebugBridge::check_pc(void* self, unsigned hart, u64 pc) {
  auto* bridge = static_cast<DebugBridge*>(self);
  if (bridge->breakpoints_.count(pc) != 0) return true;
  if (!bridge->watches_.empty() && bridge->watch_hit_here(hart, pc)) return true;
  return bridge->stop_syscall_ && bridge->syscall_stop_here(hart, pc);
}

bool DebugBridge::syscall_stop_here(unsigned h, u64 pc) {
  Hart& hart = machine_.hart(h);
  if (hart.priv() != Priv::kUser) return false;
  u32 bits = 0;
  if (!machine_.read_virtual(h, pc, &bits, 4) || bits != kEcall) return false;
  const u64 number = hart.x[17];
  if (*stop_syscall_ != ~0ull && number != *stop_syscall_) return false;
  const SyscallInfo* info = find_syscall(number);
  syscall_stopped_[h] =
      info != nullptr ? std::string(info->name) : fmt::format("syscall {}", number);
  return true;
}

std::optional<std::string> DebugBridge::take_syscall_stop(unsigned hart) {
  auto stop = std::move(syscall_stopped_[hart]);
  syscall_stopped_[hart].reset();
  return stop;
}

bool DebugBridge::watch_hit_here(unsigned h, u64 pc) {
  // gdb on RISC-V expects a watchpoint to stop before the access, at the accessing
  // instruction (it then steps over it itself): decode the instruction about to run.
  u32 bits = 0;
  if (!machine_.read_virtual(h, pc, &bits, 2)) return false;
  if ((bits & 3) == 3 && !machine_.read_virtual(h, pc, &bits, 4)) return false;
  const DecodedInsn d = decode(bits);
  const InsnInfo& info = insn_info(d.id);
  unsigned size = 0;
  bool is_store = false, is_load = false;
  switch (info.format) {
    case Format::kLoad:
    case Format::kFLoad:
      is_load = true;
      break;
    case Format::kStore:
    case Format::kFStore:
      is_store = true;
      break;
    case Format::kLr:
      is_load = true;
      break;
    case Format::kAmo:
      is_load = d.id != InsnId::sc_w && d.id != InsnId::sc_d;
      is_store = true;
      break;
    default:
      return false;
  }
  const std::string_view m = info.mnemonic;
  const char width = m.find('.') != std::string_view::npos ? m[m.find('.') + 1] : m.back();
  if (m == "lb" || m == "lbu" || m == "sb")
    size = 1;
  else if (m == "lh" || m == "lhu" || m == "sh")
    size = 2;
  else if (m == "lw" || m == "lwu" || m == "sw" || m == "flw" || m == "fsw" || width == 'w')
    size = 4;
  else
    size = 8;
  Hart& hart = machine_.hart(h);
  const u64 addr =
      hart.x[d.rs1] +
      (info.format == Format::kLr || info.format == Format::kAmo ? 0 : static_cast<u64>(d.imm));
  for (const Watch& w : watches_) {
    const bool kind_matches = w.kind == gdb::WatchKind::kAccess ||
                              (w.kind == gdb::WatchKind::kWrite ? is_store : is_load);
    if (kind_matches && addr < w.addr + w.len && w.addr < addr + size) {
      watch_hit_ = WatchHit{h, w.kind, std::max(addr, w.addr)};
      return true;
    }
  }
  return false;
}

std::optional<DebugBridge::WatchHit> DebugBridge::take_watch_hit() {
  auto hit = watch_hit_;
  watch_hit_.reset();
  return hit;
}

std::string DebugBridge::monitor_trace(std::string_view args, bool strace) {
  std::unique_ptr<Tracing>& slot = strace ? strace_ : trace_;
  if (args == "off") {
    if (slot) slot->finish();
    slot.reset();
    return strace ? "strace off\n" : "trace off\n";
  }
  TraceConfig config;
  if (strace) {
    if (args != "on") return "usage: monitor strace on|off\n";
    config.strace = true;
    config.strace_output = trace_defaults_.strace_output;
  } else {
    if (args.empty()) return "usage: monitor trace WINDOW[,WINDOW...]|off\n";
    config.windows = {std::string(args)};
    config.windows_from = "monitor trace";
    config.format = trace_defaults_.format;
    config.output = trace_defaults_.output;
  }
  if (slot) slot->finish();
  slot.reset();
  try {
    slot = std::make_unique<Tracing>(machine_, config);
  } catch (const std::exception& e) {
    return fmt::format("error: {}\n", e.what());
  }
  return strace ? fmt::format("strace on ({})\n",
                              config.strace_output.empty() ? "stderr" : config.strace_output)
                : fmt::format("trace {} -> {}\n", args, config.output);
}

std::string DebugBridge::monitor(std::string_view command) {
  const auto w = words(command);
  if (w.empty()) return "";
  const std::string_view verb = w[0];
  const std::string_view arg = w.size() > 1 ? command.substr(command.find(w[1])) : "";
  if (verb == "strace") return monitor_trace(arg, true);
  if (verb == "trace") return monitor_trace(arg, false);
  if (verb == "phys") {
    if (arg == "on" || arg == "off") {
      physical_ = arg == "on";
      return fmt::format("memory packets use {} addresses\n", physical_ ? "physical" : "virtual");
    }
    return "usage: monitor phys on|off\n";
  }
  if (verb == "stop-at-syscall") {
    if (arg == "off") {
      stop_syscall_.reset();
      update_hooks();
      return "stop-at-syscall off\n";
    }
    u64 number = 0;
    const SyscallInfo* info = nullptr;
    if (arg == "any") {
      number = ~0ull;
    } else if (std::from_chars(arg.data(), arg.data() + arg.size(), number).ec == std::errc() &&
               std::from_chars(arg.data(), arg.data() + arg.size(), number).ptr ==
                   arg.data() + arg.size()) {
      info = find_syscall(number);
    } else {
      info = find_syscall(arg);
      if (info == nullptr) return fmt::format("error: unknown syscall '{}'\n", arg);
      number = info->number;
    }
    stop_syscall_ = number;
    stop_syscall_name_ = number == ~0ull ? "any syscall"
                         : info          ? info->name
                                         : fmt::format("syscall {}", number);
    update_hooks();
    return fmt::format("will stop at the user ecall of {} (a7 = {}), before the kernel runs\n",
                       stop_syscall_name_,
                       number == ~0ull ? std::string("any") : std::to_string(number));
  }
  if (verb == "stats") {
    std::string text = fmt::format("simulated time {} mtime ticks, {} cycles\n", machine_.mtime(),
                                   machine_.cycles());
    for (unsigned h = 0; h < machine_.num_harts(); ++h) {
      Hart& hart = machine_.hart(h);
      text += fmt::format("hart {}: pc {:#x} priv {} instret {} cycles {}\n", h, hart.pc(),
                          static_cast<unsigned>(hart.priv()), hart.instret(), hart.cycles());
    }
    return text;
  }
  return fmt::format("unknown monitor command '{}' (try: monitor help)\n", verb);
}

}  // namespace rvscope
