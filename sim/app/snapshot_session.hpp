// --save-at TRIGGER FILE and --restore FILE: running a machine up to a trigger to save its
// state, and starting a run from a saved state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/app/tracing.hpp"
#include "sim/machine/machine.hpp"

namespace rvscope {

// What a snapshot holds beyond the machine's own state: the strace pipeline's (section
// STRC, sim/trace/strace_snapshot.hpp), for the restored run's observers.
struct RestoredSnapshot {
  std::vector<u8> strace_state;
  std::string strace_origin;  // "snapshot 'f.snap', section STRC", for errors
};

// Replaces the loaded machine's state with the snapshot's (SimError naming the file and what
// is wrong with it, or the config key that differs). The STRC section is checked here too,
// whether or not the run traces.
RestoredSnapshot restore_snapshot(Machine& machine, const std::string& path);

// `save_at` is {} or {TRIGGER, FILE}. Runs the machine to just before the trigger (insn:N:
// after N instructions; syscall:NAME: the user ecall of NAME; symbol:NAME: the first
// instruction of NAME) and writes the snapshot there; the caller then runs on. Returns the
// run's result when the guest stopped before the trigger. Up to the trigger the guest's
// threads are followed for the STRC section, from `restored`'s when the run was restored;
// `tracing` tells how many --strace lines precede the point.
std::optional<RunResult> run_to_snapshot(Machine& machine, const std::vector<std::string>& save_at,
                                         const RestoredSnapshot* restored, const Tracing& tracing);

}  // namespace rvscope
