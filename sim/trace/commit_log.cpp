// CommitLog: the instruction trace, in Spike's commit-log format or annotated, inside windows.
#include "sim/trace/commit_log.hpp"

#include <fmt/format.h>

#include "sim/common/error.hpp"
#include "sim/trace/commit_format.hpp"

namespace rvscope::trace {

CommitFormat parse_commit_format(std::string_view name) {
  if (name == "spike") return CommitFormat::kSpike;
  if (name == "annotated") return CommitFormat::kAnnotated;
  fail("--trace-format '{}': expected spike or annotated", name);
}

CommitLog::CommitLog(std::ostream& out, CommitFormat format, std::vector<TraceWindow> windows,
                     CommitLogDeps deps)
    : out_(&out), format_(format), windows_(std::move(windows)), deps_(std::move(deps)) {}

namespace {

constexpr u16 kCsrSstatus = 0x100, kCsrSie = 0x104, kCsrSip = 0x144;
constexpr u16 kCsrMstatus = 0x300, kCsrMie = 0x304, kCsrMip = 0x344;

bool needs_spike_csr_view(const RetireEvent& e) {
  if (e.timing_class == TimingClass::kXret) return true;
  for (std::size_t i = 0; i < e.num_csr_writes && i < e.csr_writes.size(); ++i) {
    const u16 csr = e.csr_writes[i].csr;
    if (csr == kCsrSstatus || csr == kCsrSie || csr == kCsrSip) return true;
  }
  return false;
}

// Spike logs the CSR that actually changed: sstatus, sie and sip are views of mstatus, mie
// and mip and log as those (with the full value), and mret/sret log their mstatus update.
RetireEvent as_spike_logs_it(const RetireEvent& e, const GuestView& view) {
  RetireEvent out = e;
  bool has_mstatus = false;
  for (std::size_t i = 0; i < out.num_csr_writes && i < out.csr_writes.size(); ++i) {
    CsrWrite& w = out.csr_writes[i];
    if (w.csr == kCsrSstatus) w.csr = kCsrMstatus;
    if (w.csr == kCsrSie) w.csr = kCsrMie;
    if (w.csr == kCsrSip) w.csr = kCsrMip;
    if (w.csr == kCsrMstatus || w.csr == kCsrMie || w.csr == kCsrMip) {
      w.value = view.read_csr(e.hart, w.csr);
    }
    has_mstatus = has_mstatus || w.csr == kCsrMstatus;
  }
  if (e.timing_class == TimingClass::kXret && !has_mstatus &&
      out.num_csr_writes < out.csr_writes.size()) {
    out.csr_writes[out.num_csr_writes++] = {kCsrMstatus, view.read_csr(e.hart, kCsrMstatus)};
  }
  return out;
}

}  // namespace

void CommitLog::on_retire(const RetireEvent& event) {
  if (!windows_.retire_in_window(event)) return;
  if (format_ == CommitFormat::kSpike) {
    line_.clear();
    if (deps_.view != nullptr && needs_spike_csr_view(event)) {
      append_spike_commit(as_spike_logs_it(event, *deps_.view), line_);
    } else {
      append_spike_commit(event, line_);
    }
    line_ += '\n';
    out_->write(line_.data(), static_cast<std::streamsize>(line_.size()));
  } else {
    *out_ << annotate(event) << '\n';
  }
}

void CommitLog::on_trap(const TrapEvent& event) {
  if (format_ == CommitFormat::kSpike || !windows_.trap_in_window(event)) return;
  *out_ << annotate(event) << '\n';
}

std::string CommitLog::thread_label(unsigned hart) const {
  if (deps_.threads == nullptr) return "[-]";
  const ThreadInfo* thread = deps_.threads->thread_on_hart(hart);
  return thread ? "[" + thread->label() + "]" : "[-]";
}

std::string CommitLog::symbolize(u64 pc) {
  if (deps_.symbols == nullptr) return "";
  if (!last_symbol_ || pc < last_symbol_->address ||
      pc >= last_symbol_->address + std::max<u64>(last_symbol_->size, 1)) {
    last_symbol_ = deps_.symbols->find(pc);
  }
  if (!last_symbol_) return "";
  const u64 offset = pc - last_symbol_->address;
  return offset == 0 ? last_symbol_->name : fmt::format("{}+{:#x}", last_symbol_->name, offset);
}

// h0 U [42]   0x0000000000010078 main+0x8                 00a50533 add a0,a0,a0   a0=0x...
std::string CommitLog::annotate(const RetireEvent& e) {
  std::string out;
  auto it = std::back_inserter(out);
  const std::string bits =
      e.length == 2 ? fmt::format("{:04x}", e.bits & 0xffff) : fmt::format("{:08x}", e.bits);
  std::string text = deps_.disassemble ? deps_.disassemble(e.bits, e.pc) : std::string();
  // objdump-style "mnemonic<TAB>operands" would break the columns: pad the mnemonic instead.
  if (const auto tab = text.find('\t'); tab != std::string::npos) {
    text = fmt::format("{:<7} {}", text.substr(0, tab), text.substr(tab + 1));
  }
  fmt::format_to(it, "h{} {} {:<8} 0x{:016x} {:<28} {:<8} {:<32}", e.hart, priv_letter(e.priv),
                 thread_label(e.hart), e.pc, symbolize(e.pc), bits, text);
  if (e.rd_written && e.rd != kNoReg && e.rd != 0) {
    fmt::format_to(it, " {}=0x{:016x}", reg_abi_name(e.rd), e.rd_value);
  }
  for (std::size_t i = 0; i < e.num_csr_writes && i < e.csr_writes.size(); ++i) {
    fmt::format_to(it, " {}=0x{:016x}", csr_name(e.csr_writes[i].csr), e.csr_writes[i].value);
  }
  for (std::size_t i = 0; i < e.num_mem && i < e.mem.size(); ++i) {
    const MemAccess& m = e.mem[i];
    fmt::format_to(it, " {}{} 0x{:x}->0x{:x}{} =0x{:0{}x}", m.is_store ? "st" : "ld", m.size,
                   m.vaddr, m.paddr, m.is_mmio ? "(mmio)" : "", m.value,
                   std::clamp<unsigned>(m.size, 1, 8) * 2);
  }
  if (e.is_branch) out += e.taken ? " taken" : " not-taken";
  if (e.next_priv != e.priv) {
    fmt::format_to(it, " -> {} 0x{:x}", priv_letter(e.next_priv), e.next_pc);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// h0 U [42]   trap ecall-from-U tval=0x0 epc=0x... -> S 0xffffffff80001000 <handle_exception>
std::string CommitLog::annotate(const TrapEvent& e) {
  std::string out =
      fmt::format("h{} {} {:<8} {} {} cause={} tval={:#x} epc={:#x} -> {} {:#x}", e.hart,
                  priv_letter(e.from), thread_label(e.hart), e.interrupt ? "interrupt" : "trap",
                  trap_cause_name(e.interrupt, e.cause), e.cause, e.tval, e.epc, priv_letter(e.to),
                  e.handler_pc);
  const std::string where = symbolize(e.handler_pc);
  if (!where.empty()) out += " <" + where + ">";
  return out;
}

}  // namespace rvscope::trace
