// --save-at TRIGGER FILE and --restore FILE: running a machine up to a trigger to save its
// state, and starting a run from a saved state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/machine/machine.hpp"

namespace rvscope {

// Replaces the loaded machine's state with the snapshot's (SimError naming the file and what
// is wrong with it, or the config key that differs).
void restore_snapshot(Machine& machine, const std::string& path);

// `save_at` is {} or {TRIGGER, FILE}. Runs the machine to just before the trigger (insn:N:
// after N instructions; syscall:NAME: the user ecall of NAME; symbol:NAME: the first
// instruction of NAME) and writes the snapshot there; the caller then runs on. Returns the
// run's result when the guest stopped before the trigger.
std::optional<RunResult> run_to_snapshot(Machine& machine, const std::vector<std::string>& save_at);

}  // namespace rvscope
