// PipeviewSession: maps the model's stage cycles onto fetch, decode, issue, execute and
// writeback (docs/timing.md, "Pipeline view"), inside the windows, and feeds the Kanata writer.
#include "sim/app/pipeview_session.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/common/error.hpp"
#include "sim/cpu/disasm.hpp"

namespace rvscope {
namespace {

// The model issues an instruction once the front end delivered it; the view puts fetch and
// decode in the two cycles before that, as a five-stage pipeline has them.
constexpr u64 kFrontEndDepth = 2;
constexpr std::array<const char*, 5> kStageNames = {"F", "Dc", "Is", "Ex", "Wb"};

u64 before(u64 cycle, u64 n) { return cycle > n ? cycle - n : 0; }

// The cause that held an instruction longest at issue (fetch misses are shown as fetch).
const char* main_wait(const timing::InstructionStages& s) {
  std::size_t best = 0;
  for (std::size_t c = 1; c < s.waits.size(); ++c) {
    const auto cause = static_cast<timing::StallCause>(c);
    if (cause == timing::StallCause::kFetch) continue;
    if (s.waits[c] > s.waits[best]) best = c;
  }
  return s.waits[best] == 0 ? nullptr
                            : timing::stall_cause_name(static_cast<timing::StallCause>(best));
}

}  // namespace

PipeviewSession::PipeviewSession(Machine& machine, timing::TimingModel& model,
                                 const PipeviewOptions& options)
    : machine_(machine),
      model_(model),
      hart_(options.hart),
      view_(machine),
      symbols_(machine.symbols()),
      tracker_(view_),
      window_(trace::parse_trace_windows(options.windows, &symbols_, "--pipeview-window")) {
  if (model.sampling()) {
    fail("--pipeview shows every instruction in its windows in detail: not with --sample");
  }
  if (hart_ >= machine.num_harts()) {
    fail("--pipeview-hart {}: the machine has {} hart{} (0..{})", hart_, machine.num_harts(),
         machine.num_harts() == 1 ? "" : "s", machine.num_harts() - 1);
  }
  file_ = std::make_unique<OutputFile>(options.path, "pipeline view");
  writer_ = std::make_unique<timing::KanataWriter>(file_->stream());
  tracker_.add_listener(&window_);
  model_.record_stages(true);
  machine.add_observer(this, [this] {
    // The model itself asks for every instruction while it times them; this adds the traps
    // and xRETs that open and close syscall windows.
    return window_.demand() == trace::EventDemand::kAll ? ObserveLevel::kEveryInstruction
                                                        : ObserveLevel::kTrapsAndXret;
  });
}

PipeviewSession::~PipeviewSession() {
  machine_.remove_observer(this);
  model_.record_stages(false);
}

void PipeviewSession::on_retire(const RetireEvent& e) {
  const bool in = window_.retire_in_window(e);  // before the tracker may close the window
  tracker_.on_retire(e);
  if (!in || e.hart != hart_ || finished_) return;
  const timing::InstructionStages* stages = model_.stages(e.hart, e.instret);
  if (stages == nullptr) return;  // not timed in detail (before --timing-from fired)
  add_instruction(e, *stages);
  advance();
}

void PipeviewSession::on_trap(const TrapEvent& e) {
  tracker_.on_trap(e);  // first, so a syscall window holds its own ecall
  std::optional<timing::TrapStages> stages = model_.take_trap_stages(e.hart);
  if (!stages || e.hart != hart_ || finished_ || !window_.trap_in_window(e)) return;
  add_trap(e, *stages);
  advance();
}

void PipeviewSession::advance() {
  // The next instruction cannot be fetched before the latest one issued, less the front end.
  const u64 cycles = model_.cycles(hart_);
  writer_->advance(before(before(cycles, 1), kFrontEndDepth));
}

std::string PipeviewSession::where(u64 pc) const {
  const std::optional<trace::Symbol> s = symbols_.find(pc);
  if (!s) return "";
  return pc == s->address ? s->name : fmt::format("{}+{:#x}", s->name, pc - s->address);
}

void PipeviewSession::add_instruction(const RetireEvent& e, const timing::InstructionStages& s) {
  timing::KanataEntry entry;
  entry.sim_id = e.instret;
  entry.thread = e.hart;
  entry.label = fmt::format("{:08x} {}", e.pc, disassemble(e.bits, e.pc));
  const u64 fetch = before(s.fetch_start, kFrontEndDepth);
  const u64 decode = std::max(fetch, before(s.delivered, 1));
  entry.stage_name = kStageNames;
  entry.stage_start = {fetch, decode, s.delivered, s.issue + 1, s.done + 1};
  entry.num_stages = kStageNames.size();
  last_retire_ = std::max(last_retire_, s.done + 2);
  entry.end = last_retire_;
  std::string waits;
  for (std::size_t c = 1; c < s.waits.size(); ++c) {
    if (s.waits[c] == 0) continue;
    waits += fmt::format("{}{} {}", waits.empty() ? "" : ", ",
                         timing::stall_cause_name(static_cast<timing::StallCause>(c)), s.waits[c]);
  }
  const std::string fn = where(e.pc);
  entry.detail = fmt::format("hart {} instret {}{}{}; issued at cycle {}, result at {}{}{}", e.hart,
                             e.instret, fn.empty() ? "" : " in ", fn, s.issue, s.done,
                             waits.empty() ? "" : "; waited: ", waits);
  if (const char* cause = main_wait(s); cause != nullptr && s.issue > s.delivered) {
    entry.stall_name = cause;
    entry.stall_start = s.delivered;
    entry.stall_end = s.issue;
  }
  writer_->add(entry);
  if (s.redirect != timing::StallCause::kNone) add_wrong_path(e, s, decode);
}

void PipeviewSession::add_wrong_path(const RetireEvent& e, const timing::InstructionStages& s,
                                     u64 fetched) {
  // What the front end fetched behind the instruction until it resolved is unknown to the
  // model: one entry stands for it, fetched while the instruction decoded, flushed when fetch
  // restarts.
  timing::KanataEntry entry;
  entry.sim_id = e.instret;
  entry.thread = e.hart;
  const bool mispredict = s.redirect == timing::StallCause::kMispredict;
  // Behind a taken branch or jump, or a refill, fetch had gone on to the next instruction;
  // where a mispredicted fall-through went instead the events do not say.
  const u64 fall_through = e.pc + e.length;
  const bool known = e.next_pc != fall_through || !mispredict;
  entry.label =
      known ? fmt::format("{:08x} ({})", fall_through, mispredict ? "wrong path" : "refetched")
            : std::string("(wrong path)");
  entry.detail = fmt::format("{} at {:#x}: fetch restarts at cycle {}",
                             mispredict ? "mispredicted" : "pipeline refill", e.pc, s.redirect_at);
  entry.stage_name = {kStageNames[0], kStageNames[1]};
  entry.stage_start = {fetched, std::max(fetched, s.delivered)};
  entry.num_stages = 2;
  entry.end = std::max(entry.stage_start[1] + 1, before(s.redirect_at, kFrontEndDepth));
  entry.flushed = true;
  writer_->add(entry);
}

void PipeviewSession::add_trap(const TrapEvent& e, const timing::TrapStages& s) {
  timing::KanataEntry entry;
  entry.sim_id = view_.instret(e.hart) + 1;
  entry.thread = e.hart;
  u32 bits = e.bits;
  if (!e.interrupt && bits == 0 && !view_.read_virtual(e.hart, e.epc, &bits, sizeof bits)) {
    bits = 0;  // the epc is not readable (an instruction fetch fault)
  }
  entry.label = e.interrupt ? fmt::format("{:08x} (interrupt {})", e.epc, e.cause)
                            : fmt::format("{:08x} {} (exception {})", e.epc,
                                          bits != 0 ? disassemble(bits, e.epc) : "?", e.cause);
  entry.detail =
      fmt::format("{} {} taken; the handler at {:#x} is fetched from cycle {}",
                  e.interrupt ? "interrupt" : "exception", e.cause, e.handler_pc, s.refill_at);
  const u64 fetch = before(s.at, kFrontEndDepth);
  entry.stage_name = {kStageNames[0], kStageNames[1]};
  entry.stage_start = {fetch, std::max(fetch, before(s.at, 1))};
  entry.num_stages = 2;
  entry.end = std::max(entry.stage_start[1] + 1, s.at + 1);
  entry.flushed = true;
  writer_->add(entry);
}

void PipeviewSession::finish() {
  if (finished_) return;
  finished_ = true;
  writer_->finish();
  file_->commit();
}

}  // namespace rvscope
