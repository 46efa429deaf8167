// TimingSession: the model observes every instruction; symbols come from the machine.
#include "sim/app/timing_session.hpp"

#include <fmt/format.h>

namespace rvscope {

TimingSession::TimingSession(Machine& machine, const timing::TimingConfig& config,
                             const std::string& trigger)
    : machine_(machine), model_(config, machine.num_harts()) {
  if (!trigger.empty()) model_.set_trigger(timing::parse_timing_trigger(trigger));
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
    return cold_syscall_trigger && !model_.detailed() ? ObserveLevel::kTrapsAndXret
                                                      : ObserveLevel::kEveryInstruction;
  });
  machine.set_cycle_source(this);
}

TimingSession::~TimingSession() {
  machine_.set_cycle_source(nullptr);
  machine_.remove_observer(&model_);
}

void TimingSession::report(const std::string& json_path) const {
  const timing::TimingReport report = model_.report();
  fmt::print(stderr, "{}", timing::format_text(report));
  if (!json_path.empty()) timing::write_json(report, json_path);
}

}  // namespace rvscope
