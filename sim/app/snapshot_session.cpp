// Snapshot session: the trigger is checked by pc before an instruction runs (as a gdb
// breakpoint is), so the snapshot holds the state just before the trigger instruction.
#include "sim/app/snapshot_session.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/common/error.hpp"
#include "sim/machine/snapshot_file.hpp"
#include "sim/machine/trace_views.hpp"
#include "sim/timing/fast_forward.hpp"
#include "sim/trace/strace_snapshot.hpp"

namespace rvscope {
namespace {

constexpr u32 kEcall = 0x00000073;

struct TriggerCheck {
  Machine* machine = nullptr;
  timing::TimingTrigger trigger;
  u64 symbol_pc = 0;

  static bool check(void* self, unsigned h, u64 pc) {
    const auto* t = static_cast<const TriggerCheck*>(self);
    if (t->trigger.kind == timing::TimingTrigger::Kind::kSymbol) return pc == t->symbol_pc;
    Hart& hart = t->machine->hart(h);
    if (hart.priv() != Priv::kUser || hart.x[17] != t->trigger.syscall) return false;
    u32 bits = 0;
    return t->machine->read_virtual(h, pc, &bits, 4) && bits == kEcall;
  }
};

void set_checker(Machine& machine, bool (*check)(void*, unsigned, u64), void* ctx) {
  for (unsigned h = 0; h < machine.num_harts(); ++h) {
    machine.hart(h).set_breakpoint_checker(check, ctx);
  }
}

// Runs until `stop` says so, within run.max_insns; a result when the guest ended first.
std::optional<RunResult> run_until(Machine& machine, const std::function<bool()>& reached,
                                   const std::function<u64()>& budget) {
  const u64 max = machine.config().run.max_insns;
  while (!reached()) {
    const u64 executed = machine.total_executed();
    if (max != 0 && executed >= max) {
      return RunResult{StopReason::kInsnLimit, kExitInsnLimit,
                       fmt::format("stopped after {} instructions (run.max_insns)", executed)};
    }
    u64 allowed = budget();
    if (max != 0 && (allowed == 0 || allowed > max - executed)) allowed = max - executed;
    if (auto result = machine.run_for(allowed)) return result;
  }
  return std::nullopt;
}

// Follows the guest's threads while registered: only syscall traps and sret retirements,
// and only up to the trigger.
class RecordingThreads {
 public:
  RecordingThreads(Machine& machine, const RestoredSnapshot* restored)
      : machine_(machine), view_(machine), recorder_(view_) {
    if (restored) {
      recorder_.restore(restored->strace_state, restored->strace_origin, machine.num_harts());
    }
    machine_.add_observer(&recorder_, [] { return ObserveLevel::kTrapsAndXret; });
  }
  ~RecordingThreads() { machine_.remove_observer(&recorder_); }
  RecordingThreads(const RecordingThreads&) = delete;
  RecordingThreads& operator=(const RecordingThreads&) = delete;
  std::vector<u8> save() const { return recorder_.save(); }

 private:
  Machine& machine_;
  MachineGuestView view_;
  trace::StraceRecorder recorder_;
};

}  // namespace

RestoredSnapshot restore_snapshot(Machine& machine, const std::string& path) {
  MachineState state = read_snapshot_file(path, machine.config());
  RestoredSnapshot restored;
  restored.strace_origin = fmt::format("{}, section {}", state.origin, trace::kStraceSectionTag);
  const auto strace = std::find_if(state.sections.begin(), state.sections.end(),
                                   [](const auto& s) { return s.tag == trace::kStraceSectionTag; });
  if (strace == state.sections.end()) {
    fail("{}: has no {} section", state.origin, trace::kStraceSectionTag);
  }
  restored.strace_state = std::move(strace->data);
  machine.restore_state(state);
  // Checked now, so a damaged section is an error even in a run that does not trace.
  MachineGuestView view(machine);
  trace::StraceRecorder check(view);
  check.restore(restored.strace_state, restored.strace_origin, machine.num_harts());
  return restored;
}

std::optional<RunResult> run_to_snapshot(Machine& machine, const std::vector<std::string>& save_at,
                                         const RestoredSnapshot* restored, const Tracing& tracing) {
  if (save_at.empty()) return std::nullopt;
  if (save_at.size() != 2) fail("--save-at wants TRIGGER FILE");
  const std::string& path = save_at[1];
  if (machine.num_harts() != 1) {
    // A stop inside a round of several harts would change how they interleave afterwards.
    fail(
        "--save-at: snapshots of machines with more than one hart are not supported yet "
        "(machine.harts={})",
        machine.num_harts());
  }
  TriggerCheck check{&machine, timing::parse_timing_trigger(save_at[0]), 0};
  RecordingThreads threads(machine, restored);
  std::optional<RunResult> ended;
  if (check.trigger.kind == timing::TimingTrigger::Kind::kInsn) {
    ended = run_until(
        machine, [&] { return machine.total_executed() >= check.trigger.insn; },
        [&] { return check.trigger.insn - machine.total_executed(); });
  } else {
    if (check.trigger.kind == timing::TimingTrigger::Kind::kSymbol) {
      const std::optional<u64> pc = machine.symbols().find(check.trigger.symbol);
      if (!pc) fail("--save-at: no symbol '{}' in the loaded ELF files", check.trigger.symbol);
      check.symbol_pc = *pc;
    }
    set_checker(machine, &TriggerCheck::check, &check);
    ended = run_until(
        machine, [&] { return machine.stopped_hart().has_value(); }, [] { return u64{0}; });
    // The hart stopped before the trigger instruction; it runs on from there, unobserved.
    set_checker(
        machine, +[](void*, unsigned, u64) { return false; }, nullptr);
    for (unsigned h = 0; h < machine.num_harts(); ++h) machine.hart(h).run(0);
    set_checker(machine, nullptr, nullptr);
  }
  if (ended) {
    fmt::print(stderr, "rvscope: --save-at {}: the guest stopped before the trigger; no snapshot\n",
               save_at[0]);
    return ended;
  }
  MachineState state = machine.save_state();
  state.sections.push_back({trace::kStraceSectionTag, threads.save()});
  write_snapshot_file(path, state, machine.config());
  const std::optional<u64> lines = tracing.strace_lines();
  // The line count lets a comparison cut the uninterrupted strace exactly at the point.
  fmt::print(stderr, "rvscope: snapshot at instruction {} written to {}{}\n",
             machine.total_executed(), path,
             lines ? fmt::format(", after {} --strace lines", *lines) : "");
  return std::nullopt;
}

}  // namespace rvscope
