// GdbSession: the packet dispatcher, from one decoded packet to replies and resume actions.
#include "sim/gdb/gdb_session.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/gdb/rsp_codec.hpp"
#include "sim/gdb/target_xml.hpp"

namespace rvscope::gdb {

const char* const kMonitorHelp =
    "rvscope monitor commands:\n"
    "  help                         this list\n"
    "  strace on|off                print system calls as the guest makes them\n"
    "  trace WINDOW|off             instruction trace for a window (syscall:NAME, a symbol,\n"
    "                               a PC range, an instruction-count range)\n"
    "  stop-at-syscall NAME|NR|off  stop before the guest enters that system call\n"
    "  stats                        simulation statistics so far\n"
    "  phys on|off                  gdb memory accesses use physical (on) or virtual (off)\n"
    "                               addresses\n";

namespace {

constexpr const char* kOk = "OK";
constexpr const char* kErrInvalid = "E22";   // EINVAL: malformed arguments
constexpr const char* kErrAccess = "E14";    // EFAULT: memory or register not accessible
constexpr const char* kErrNoThread = "E03";  // ESRCH: no such thread
constexpr int kSigInt = 2;
constexpr int kSigTrap = 5;
// Largest memory block per m/M/X packet: hex doubles the size, keep room for framing.
constexpr u64 kMaxMemoryBlock = kMaxPacketSize / 2 - 16;
// The g packet carries x0..x31 and pc; gdb fetches the rest with p.
constexpr unsigned kNumGPacketRegs = kNumGprs + 1;

// Splits "a,b" at the first occurrence of sep.
bool split(std::string_view text, char sep, std::string_view& head, std::string_view& tail) {
  const auto pos = text.find(sep);
  if (pos == std::string_view::npos) return false;
  head = text.substr(0, pos);
  tail = text.substr(pos + 1);
  return true;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// "ADDR,LEN" as used by m, M, X and Z packets.
bool parse_addr_len(std::string_view text, u64& addr, u64& len) {
  std::string_view a, l;
  if (!split(text, ',', a, l)) return false;
  const auto pa = parse_hex_number(a);
  const auto pl = parse_hex_number(l);
  if (!pa || !pl) return false;
  addr = *pa;
  len = *pl;
  return true;
}

}  // namespace

GdbSession::GdbSession(DebugTarget& target) : target_(target) {}

std::string GdbSession::stop_reply(const StopEvent& event) {
  last_stop_ = event;
  if (!valid_hart(static_cast<int>(event.hart))) last_stop_.hart = 0;
  // Like a native target, the hart that stopped becomes the current thread.
  general_hart_ = -1;
  continue_hart_ = -1;
  return format_stop_reply(last_stop_);
}

std::string GdbSession::format_stop_reply(const StopEvent& event) {
  if (event.reason == StopReason::kExited) {
    return fmt::format("W{:02x}", static_cast<unsigned>(event.exit_code) & 0xff);
  }
  const int signal = event.reason == StopReason::kInterrupt ? kSigInt : kSigTrap;
  std::string reply = fmt::format("T{:02x}thread:{:x};", signal, event.hart + 1);
  switch (event.reason) {
    case StopReason::kBreakpoint:
      reply += event.breakpoint == BreakpointKind::kSoftware ? "swbreak:;" : "hwbreak:;";
      break;
    case StopReason::kWatchpoint: {
      const char* kind = event.watch == WatchKind::kWrite  ? "watch"
                         : event.watch == WatchKind::kRead ? "rwatch"
                                                           : "awatch";
      reply += fmt::format("{}:{:x};", kind, event.watch_addr);
      break;
    }
    default:
      break;
  }
  if (event.history_begin) reply += "replaylog:begin;";
  // Expedite the pc so a stepping gdb need not ask for it.
  u64 pc = 0;
  if (valid_hart(static_cast<int>(event.hart)) && target_.read_register(event.hart, kRegPc, pc)) {
    reply += fmt::format("{:x}:{};", kRegPc, hex_le(pc, 8));
  }
  return reply;
}

void GdbSession::clear_debug_state() {
  for (const auto& [kind, pc] : breakpoints_) target_.clear_breakpoint(kind, pc);
  for (const auto& [kind, addr, len] : watchpoints_) target_.clear_watchpoint(kind, addr, len);
  breakpoints_.clear();
  watchpoints_.clear();
}

GdbSession::Output GdbSession::handle(std::string_view payload) {
  Output out;
  std::string reply;
  const std::string_view args = payload.empty() ? payload : payload.substr(1);
  const char command = payload.empty() ? '\0' : payload[0];
  switch (command) {
    case '?':
      reply = format_stop_reply(last_stop_);
      break;
    case 'g':
      reply = args.empty() ? read_all_registers() : kErrInvalid;
      break;
    case 'G':
      reply = write_all_registers(args);
      break;
    case 'p':
      reply = read_register(args);
      break;
    case 'P':
      reply = write_register(args);
      break;
    case 'm':
      reply = read_memory(args);
      break;
    case 'M':
      reply = write_memory_hex(args);
      break;
    case 'X':
      reply = write_memory_binary(args);
      break;
    case 'Z':
    case 'z':
      reply = breakpoint(args, command == 'Z');
      break;
    case 'H':
      reply = set_thread(args);
      break;
    case 'T': {
      const auto id = parse_thread_id(args);
      reply = id && *id > 0 && valid_hart(*id - 1) ? kOk : kErrNoThread;
      break;
    }
    case 'c':
    case 'C':
    case 's':
    case 'S':
      reply = resume(args, command == 's' || command == 'S', command == 'C' || command == 'S', out);
      break;
    case 'D':
      clear_debug_state();
      out.packets.push_back(kOk);
      out.resume = ResumeAction{ResumeAction::Kind::kDetach, 0};
      out.close = true;
      return out;
    case 'k':
      clear_debug_state();
      out.resume = ResumeAction{ResumeAction::Kind::kKill, 0};
      out.close = true;
      return out;
    case 'q':
    case 'Q':
      reply = handle_query(payload, out);
      break;
    case 'b':
      // bs / bc: backwards, on the current thread (gdb sends Hc first, as for s and c).
      if (target_.can_reverse() && (args == "s" || args == "c")) {
        out.resume = ResumeAction{
            args == "s" ? ResumeAction::Kind::kReverseStep : ResumeAction::Kind::kReverseContinue,
            resume_hart()};
        return out;
      }
      break;
    case 'v':
      reply = handle_v(payload, out);
      break;
    default:
      break;  // unsupported: the empty reply tells gdb so
  }
  // Resume packets have no immediate reply; the stop reply comes when the harts stop.
  if (!out.resume) out.packets.push_back(std::move(reply));
  return out;
}

std::string GdbSession::handle_query(std::string_view payload, Output& out) {
  if (starts_with(payload, "qSupported")) {
    return fmt::format(
        "PacketSize={:x};qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;"
        "QStartNoAckMode+{}",
        kMaxPacketSize, target_.can_reverse() ? ";ReverseStep+;ReverseContinue+" : "");
  }
  if (payload == "qAttached" || starts_with(payload, "qAttached:")) return "1";
  if (payload == "qC") return fmt::format("QC{:x}", general_hart() + 1);
  if (payload == "qfThreadInfo" || payload == "qsThreadInfo") {
    if (payload == "qfThreadInfo") thread_cursor_ = 0;
    const unsigned n = target_.num_harts();
    if (thread_cursor_ >= n) return "l";
    std::string reply = "m";
    for (; thread_cursor_ < n; ++thread_cursor_) {
      if (reply.size() > 1) reply += ',';
      reply += fmt::format("{:x}", thread_cursor_ + 1);
      if (reply.size() > kMaxPacketSize - 32) {
        ++thread_cursor_;
        break;
      }
    }
    return reply;
  }
  if (starts_with(payload, "qThreadExtraInfo,")) {
    const auto id = parse_thread_id(payload.substr(17));
    if (!id || *id <= 0 || !valid_hart(*id - 1)) return kErrNoThread;
    return to_hex(fmt::format("hart {}", *id - 1));
  }
  if (starts_with(payload, "qXfer:features:read:")) return xfer_features(payload.substr(20));
  if (starts_with(payload, "qRcmd,")) return monitor(payload.substr(6), out);
  if (payload == "qSymbol::") return kOk;
  if (payload == "QStartNoAckMode") {
    out.start_no_ack = true;
    return kOk;
  }
  return "";
}

std::string GdbSession::handle_v(std::string_view payload, Output& out) {
  if (payload == "vCont?") return "vCont;c;C;s;S";
  if (starts_with(payload, "vCont;")) return resume_vcont(payload.substr(6), out);
  if (starts_with(payload, "vKill")) {
    clear_debug_state();
    out.packets.push_back(kOk);
    out.resume = ResumeAction{ResumeAction::Kind::kKill, 0};
    out.close = true;
    return "";
  }
  return "";  // includes vMustReplyEmpty
}

std::string GdbSession::read_all_registers() {
  const unsigned hart = general_hart();
  std::string reply;
  reply.reserve(kNumGPacketRegs * 16);
  for (unsigned regno = 0; regno < kNumGPacketRegs; ++regno) {
    u64 value = 0;
    reply += target_.read_register(hart, regno, value) ? hex_le(value, 8) : std::string(16, 'x');
  }
  return reply;
}

std::string GdbSession::write_all_registers(std::string_view hex) {
  if (hex.empty() || hex.size() % 16 != 0 || hex.size() > kNumGPacketRegs * 16) {
    return kErrInvalid;
  }
  const unsigned hart = general_hart();
  for (unsigned regno = 0; regno * 16 < hex.size(); ++regno) {
    const std::string_view field = hex.substr(regno * 16, 16);
    if (field.find_first_not_of('x') == std::string_view::npos) continue;  // left unavailable
    const auto value = parse_hex_le(field, 8);
    if (!value) return kErrInvalid;
    if (regno != kRegX0 && !target_.write_register(hart, regno, *value)) return kErrAccess;
  }
  return kOk;
}

std::string GdbSession::read_register(std::string_view args) {
  const auto regno = parse_hex_number(args);
  if (!regno || *regno > kRegPriv) return kErrInvalid;
  const unsigned r = static_cast<unsigned>(*regno);
  u64 value = 0;
  // An unreadable register is "unavailable" rather than an error, so `info all-registers`
  // keeps going.
  if (!target_.read_register(general_hart(), r, value)) {
    return std::string(2 * register_bytes(r), 'x');
  }
  return hex_le(value, register_bytes(r));
}

std::string GdbSession::write_register(std::string_view args) {
  std::string_view reg_text, value_text;
  if (!split(args, '=', reg_text, value_text)) return kErrInvalid;
  const auto regno = parse_hex_number(reg_text);
  if (!regno || *regno > kRegPriv) return kErrInvalid;
  const unsigned r = static_cast<unsigned>(*regno);
  const auto value = parse_hex_le(value_text, register_bytes(r));
  if (!value) return kErrInvalid;
  return target_.write_register(general_hart(), r, *value) ? kOk : kErrAccess;
}

std::string GdbSession::read_memory(std::string_view args) {
  u64 addr = 0, len = 0;
  if (!parse_addr_len(args, addr, len)) return kErrInvalid;
  len = std::min(len, kMaxMemoryBlock);
  std::vector<u8> buffer(len);
  const unsigned hart = general_hart();
  if (!target_.read_memory(hart, addr, buffer)) {
    // A partial reply is allowed: return the readable prefix (a block may cross into an
    // unmapped page).
    u64 readable = 0;
    while (readable < len &&
           target_.read_memory(hart, addr + readable, std::span<u8>(buffer.data() + readable, 1))) {
      ++readable;
    }
    if (readable == 0) return kErrAccess;
    buffer.resize(readable);
  }
  return to_hex(std::string_view(reinterpret_cast<const char*>(buffer.data()), buffer.size()));
}

std::string GdbSession::write_memory_hex(std::string_view args) {
  std::string_view range, hex;
  u64 addr = 0, len = 0;
  if (!split(args, ':', range, hex) || !parse_addr_len(range, addr, len)) return kErrInvalid;
  if (len > kMaxMemoryBlock || hex.size() != 2 * len) return kErrInvalid;
  const auto bytes = from_hex(hex);
  if (!bytes) return kErrInvalid;
  if (len == 0) return kOk;
  const std::span<const u8> data(reinterpret_cast<const u8*>(bytes->data()), bytes->size());
  return target_.write_memory(general_hart(), addr, data) ? kOk : kErrAccess;
}

std::string GdbSession::write_memory_binary(std::string_view args) {
  std::string_view range, escaped;
  u64 addr = 0, len = 0;
  if (!split(args, ':', range, escaped) || !parse_addr_len(range, addr, len)) return kErrInvalid;
  const auto bytes = unescape_binary(escaped);
  if (!bytes || bytes->size() != len) return kErrInvalid;
  if (len == 0) return kOk;  // gdb probes X support with an empty write
  const std::span<const u8> data(reinterpret_cast<const u8*>(bytes->data()), bytes->size());
  return target_.write_memory(general_hart(), addr, data) ? kOk : kErrAccess;
}

std::string GdbSession::breakpoint(std::string_view args, bool insert) {
  std::string_view type_text, rest;
  if (!split(args, ',', type_text, rest)) return kErrInvalid;
  rest = rest.substr(0, rest.find(';'));  // conditions and commands are evaluated by gdb
  u64 addr = 0, kind = 0;
  if (type_text.size() != 1 || !parse_addr_len(rest, addr, kind)) return kErrInvalid;
  const char type = type_text[0];
  if (type == '0' || type == '1') {
    const BreakpointKind bp = type == '0' ? BreakpointKind::kSoftware : BreakpointKind::kHardware;
    const auto entry = std::make_tuple(bp, addr);
    if (insert) {
      if (!target_.set_breakpoint(bp, addr)) return kErrAccess;
      breakpoints_.push_back(entry);
      return kOk;
    }
    const auto it = std::find(breakpoints_.begin(), breakpoints_.end(), entry);
    if (it == breakpoints_.end()) return kErrInvalid;
    breakpoints_.erase(it);
    return target_.clear_breakpoint(bp, addr) ? kOk : kErrAccess;
  }
  if (type >= '2' && type <= '4') {
    const WatchKind wk = type == '2'   ? WatchKind::kWrite
                         : type == '3' ? WatchKind::kRead
                                       : WatchKind::kAccess;
    if (kind == 0) return kErrInvalid;
    const auto entry = std::make_tuple(wk, addr, kind);
    if (insert) {
      if (!target_.set_watchpoint(wk, addr, kind)) return kErrAccess;
      watchpoints_.push_back(entry);
      return kOk;
    }
    const auto it = std::find(watchpoints_.begin(), watchpoints_.end(), entry);
    if (it == watchpoints_.end()) return kErrInvalid;
    watchpoints_.erase(it);
    return target_.clear_watchpoint(wk, addr, kind) ? kOk : kErrAccess;
  }
  return "";  // unknown breakpoint type: not supported
}

std::string GdbSession::set_thread(std::string_view args) {
  if (args.empty() || (args[0] != 'g' && args[0] != 'c')) return kErrInvalid;
  const auto id = parse_thread_id(args.substr(1));
  if (!id) return kErrInvalid;
  int hart = -1;  // -1 (all) and 0 (any) both mean "the hart that stopped"
  if (*id > 0) {
    if (!valid_hart(*id - 1)) return kErrNoThread;
    hart = *id - 1;
  }
  (args[0] == 'g' ? general_hart_ : continue_hart_) = hart;
  return kOk;
}

std::string GdbSession::resume(std::string_view args, bool step, bool with_signal, Output& out) {
  // C/S carry a signal first; a simulated machine has no signals to deliver, so it is dropped.
  if (with_signal) {
    std::string_view sig = args, addr;
    if (split(args, ';', sig, addr)) {
      args = addr;
    } else {
      args = {};
    }
    if (!parse_hex_number(sig)) return kErrInvalid;
  }
  const unsigned hart = resume_hart();
  if (!args.empty()) {
    const auto addr = parse_hex_number(args);
    if (!addr) return kErrInvalid;
    if (!target_.write_register(hart, kRegPc, *addr)) return kErrAccess;
  }
  out.resume = step ? ResumeAction{ResumeAction::Kind::kStep, hart}
                    : ResumeAction{ResumeAction::Kind::kContinue, 0};
  return "";
}

std::string GdbSession::resume_vcont(std::string_view actions, Output& out) {
  // All-stop mode: one step action picks the hart to step (the others stay stopped, as in
  // QEMU); otherwise any continue action resumes everything.
  std::optional<unsigned> step_hart;
  bool any_continue = false;
  bool continue_all = false;             // a continue action without a specific thread
  std::vector<unsigned> continue_harts;  // continue actions naming a thread
  while (!actions.empty()) {
    std::string_view action = actions.substr(0, actions.find(';'));
    actions = action.size() < actions.size() ? actions.substr(action.size() + 1) : "";
    std::string_view verb = action, thread;
    std::optional<int> id;
    if (split(action, ':', verb, thread)) {
      id = parse_thread_id(thread);
      if (!id || (*id > 0 && !valid_hart(*id - 1))) return kErrNoThread;
    }
    if (verb.empty()) return kErrInvalid;
    const char kind = verb[0];
    if ((kind == 'C' || kind == 'S') && !parse_hex_number(verb.substr(1))) return kErrInvalid;
    if ((kind == 'c' || kind == 's') && verb.size() != 1) return kErrInvalid;
    if (kind == 's' || kind == 'S') {
      if (!step_hart) step_hart = (id && *id > 0) ? static_cast<unsigned>(*id - 1) : resume_hart();
    } else if (kind == 'c' || kind == 'C') {
      any_continue = true;
      if (id && *id > 0) {
        continue_harts.push_back(static_cast<unsigned>(*id - 1));
      } else {
        continue_all = true;
      }
    } else {
      return kErrInvalid;  // 't' and 'r' are not advertised
    }
  }
  if (step_hart) {
    out.resume = ResumeAction{ResumeAction::Kind::kStep, *step_hart};
  } else if (any_continue && !continue_all && continue_harts.size() == 1) {
    out.resume = ResumeAction{ResumeAction::Kind::kContinue, continue_harts[0], true};
  } else if (any_continue) {
    out.resume = ResumeAction{ResumeAction::Kind::kContinue, 0};
  } else {
    return kErrInvalid;
  }
  return "";
}

std::string GdbSession::xfer_features(std::string_view args) {
  std::string_view annex, range;
  u64 offset = 0, len = 0;
  if (!split(args, ':', annex, range) || !parse_addr_len(range, offset, len)) return kErrInvalid;
  if (annex != "target.xml") return "E00";
  if (target_xml_.empty()) target_xml_ = build_target_xml(target_.has_fpu(), target_.csrs());
  if (offset >= target_xml_.size()) return "l";
  len = std::min<u64>(len, kMaxPacketSize / 2);
  const std::string_view chunk = std::string_view(target_xml_).substr(offset, len);
  const bool last = offset + chunk.size() >= target_xml_.size();
  return (last ? "l" : "m") + escape_binary(chunk);
}

std::string GdbSession::monitor(std::string_view hex_command, Output& out) {
  const auto command_bytes = from_hex(hex_command);
  if (!command_bytes) return kErrInvalid;
  std::string_view command = *command_bytes;
  while (!command.empty() && command.front() == ' ') command.remove_prefix(1);
  while (!command.empty() && command.back() == ' ') command.remove_suffix(1);
  std::string text;
  if (command.empty() || command == "help") {
    text = kMonitorHelp;
  } else {
    text = target_.monitor(command);
  }
  for (std::string& packet : console_packets(text)) out.packets.push_back(std::move(packet));
  return kOk;
}

std::vector<std::string> GdbSession::console_packets(std::string_view text) {
  // Hex doubles the size; leave room for the 'O' and the framing.
  constexpr std::size_t kChunk = kMaxPacketSize / 2 - 8;
  std::vector<std::string> packets;
  for (std::size_t pos = 0; pos < text.size(); pos += kChunk) {
    packets.push_back("O" + to_hex(text.substr(pos, kChunk)));
  }
  return packets;
}

std::optional<int> GdbSession::parse_thread_id(std::string_view text) const {
  if (starts_with(text, "p")) {  // multiprocess form pPID.TID; one process here
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) return -1;
    text = text.substr(dot + 1);
  }
  if (text == "-1") return -1;
  const auto value = parse_hex_number(text);
  if (!value || *value > 0x7fffffff) return std::nullopt;
  return static_cast<int>(*value);
}

bool GdbSession::valid_hart(int hart) const {
  return hart >= 0 && static_cast<unsigned>(hart) < target_.num_harts();
}

unsigned GdbSession::general_hart() const {
  return general_hart_ >= 0 ? static_cast<unsigned>(general_hart_) : last_stop_.hart;
}

unsigned GdbSession::resume_hart() const {
  return continue_hart_ >= 0 ? static_cast<unsigned>(continue_hart_) : last_stop_.hart;
}

}  // namespace rvscope::gdb
