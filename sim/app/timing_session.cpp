// TimingSession: the model observes every instruction; symbols come from the machine.
#include "sim/app/timing_session.hpp"

#include <fmt/format.h>

#include "sim/cpu/csr_numbers.hpp"

namespace rvscope {

namespace {
// The machine runs a lone hart in slices of up to 2^14 instructions (several harts in quanta of
// run.quantum, fewer) and asks the observers' levels only between slices.
constexpr u64 kLongestSlice = u64{1} << 14;
}  // namespace

TimingSession::TimingSession(Machine& machine, const timing::TimingConfig& config,
                             const std::string& trigger, bool sample)
    : machine_(machine), model_(config, machine.num_harts()) {
  if (!trigger.empty()) model_.set_trigger(timing::parse_timing_trigger(trigger));
  if (sample) {
    model_.set_sampling();
    model_.set_window_closed_hook([this](unsigned hart) { machine_.hart(hart).end_batch(); });
  }
  const SymbolTable& symbols = machine.symbols();
  model_.set_symbol_lookup([&symbols](u64 pc) -> std::optional<timing::SymbolInfo> {
    const Symbol* s = symbols.containing(pc);
    if (s == nullptr) return std::nullopt;
    return timing::SymbolInfo{s->name, s->value, s->size};
  });
  // Before a syscall trigger, with cold caches, the model needs only traps and xRETs: the
  // harts run the fast loop until the ecall (the functional fast-forward).
  const bool cold_syscall_trigger =
      !trigger.empty() && trigger.rfind("syscall:", 0) == 0 && !config.warm_caches;
  machine.add_observer(&model_, [this, cold_syscall_trigger] {
    if (model_.sampling()) {
      bool wanted = false;
      for (unsigned h = 0; h < machine_.num_harts(); ++h) {
        wanted = wanted || model_.wants_events(h, machine_.hart(h).instret(), kLongestSlice);
      }
      // The plain loop may have written satp unseen (the events carry CSR writes).
      for (unsigned h = 0; wanted && h < machine_.num_harts(); ++h) {
        u64 satp = 0;
        if (machine_.hart(h).debug_csr_read(csr::kSatp, satp)) model_.sync_satp(h, satp);
      }
      return wanted ? ObserveLevel::kEveryInstruction : ObserveLevel::kNone;
    }
    return cold_syscall_trigger && !model_.detailed() ? ObserveLevel::kTrapsAndXret
                                                      : ObserveLevel::kEveryInstruction;
  });
  machine.set_cycle_source(this);
}

TimingSession::~TimingSession() {
  machine_.set_cycle_source(nullptr);
  machine_.remove_observer(&model_);
}

void TimingSession::report(const std::string& json_path) {
  for (unsigned h = 0; h < machine_.num_harts(); ++h) model_.settle(h, machine_.hart(h).instret());
  const timing::TimingReport report = model_.report();
  fmt::print(stderr, "{}", timing::format_text(report));
  if (!json_path.empty()) timing::write_json(report, json_path);
}

}  // namespace rvscope
