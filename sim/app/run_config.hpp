// build_run_config: a run's MachineConfig from its options (file, overrides, shortcuts).
#pragma once

#include "sim/app/commands.hpp"
#include "sim/config/machine_config.hpp"
#include "sim/timing/timing_config.hpp"

namespace rvscope {

// Reads the config file (if any), applies the --set overrides, checks that every key was
// known, then lets the command-line shortcuts (--kernel, --strace, ...) win. `timing_out`,
// when given, receives the timing section.
MachineConfig build_run_config(const RunOptions& options,
                               timing::TimingConfig* timing_out = nullptr);

}  // namespace rvscope
