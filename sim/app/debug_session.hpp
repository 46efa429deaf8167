// The run loop under gdb: serves the stub while the harts are stopped, runs the machine
// while gdb says continue, and turns breakpoints, watchpoints, syscall stops, Ctrl-C and the
// guest's exit into stop replies.
#pragma once

#include "sim/app/debug_bridge.hpp"
#include "sim/config/machine_config.hpp"
#include "sim/machine/machine.hpp"

namespace rvscope {

RunResult run_under_gdb(Machine& machine, DebugBridge& bridge, const GdbConfig& config);

}  // namespace rvscope
