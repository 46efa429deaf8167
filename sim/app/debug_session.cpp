// run_under_gdb: all-stop debugging; the stub is only ever called from this thread.
#include "sim/app/debug_session.hpp"

#include <fmt/format.h>

#include "sim/gdb/gdb_server.hpp"

namespace rvscope {
namespace {

using gdb::ResumeAction;
using gdb::StopEvent;
using GdbStop = gdb::StopReason;

// How often (in instructions) the running machine looks for gdb's Ctrl-C.
constexpr u64 kPollInterval = 200'000;

}  // namespace

RunResult run_under_gdb(Machine& machine, DebugBridge& bridge, const GdbConfig& config) {
  gdb::ListenSpec spec;
  spec.host = config.host;
  spec.port = config.port;
  gdb::GdbServer server(bridge, spec);
  fmt::print(stderr, "rvscope: gdb stub listening on {}:{}{}\n", spec.host, server.port(),
             config.wait ? " (waiting for gdb to attach)" : "");
  ResumeAction action;
  if (config.wait) {
    server.wait_for_client();
    action = server.on_stop(StopEvent{GdbStop::kTrap, 0});
  }
  bool interrupted = false;
  machine.set_periodic(
      [&] {
        interrupted = server.poll_interrupt();
        return !interrupted;
      },
      kPollInterval);
  // A hart stopped on an ecall by stop-at-syscall must execute it when resumed, not stop again.
  std::vector<std::optional<u64>> step_over(machine.num_harts());
  const u64 max = machine.config().run.max_insns;
  for (;;) {
    StopEvent event;
    switch (action.kind) {
      case ResumeAction::Kind::kKill:
        return {StopReason::kDebugger, 0, "killed by gdb"};
      case ResumeAction::Kind::kDetach:
        bridge.clear_all();
        machine.set_periodic(nullptr, 1);
        return machine.run();
      case ResumeAction::Kind::kStep: {
        Hart& hart = machine.hart(action.hart);
        step_over[action.hart].reset();
        hart.step();
        event = StopEvent{GdbStop::kStep, action.hart};
        break;
      }
      case ResumeAction::Kind::kContinue: {
        for (unsigned h = 0; h < machine.num_harts(); ++h) {
          if (step_over[h] && machine.hart(h).pc() == *step_over[h]) machine.hart(h).step();
          step_over[h].reset();
        }
        const u64 done = machine.total_executed();
        if (max != 0 && done >= max) {
          return {StopReason::kInsnLimit, kExitInsnLimit,
                  fmt::format("stopped after {} instructions (run.max_insns)", done)};
        }
        interrupted = false;
        if (auto result = machine.run_for(max == 0 ? 0 : max - done)) {
          StopEvent exited{GdbStop::kExited, 0};
          exited.exit_code = result->exit_code;
          server.on_stop(exited);
          return *result;
        }
        if (auto hit = bridge.take_watch_hit()) {
          event = StopEvent{GdbStop::kWatchpoint, hit->hart};
          event.watch = hit->kind;
          event.watch_addr = hit->addr;
        } else if (auto hart = machine.stopped_hart()) {
          if (auto name = bridge.take_syscall_stop(*hart)) {
            fmt::print(stderr, "rvscope: hart {} stopped at the ecall of {}\n", *hart, *name);
            step_over[*hart] = machine.hart(*hart).pc();
            event = StopEvent{GdbStop::kTrap, *hart};
          } else {
            event = StopEvent{GdbStop::kBreakpoint, *hart};
          }
        } else {
          event = StopEvent{GdbStop::kInterrupt, 0};
        }
        break;
      }
    }
    action = server.on_stop(event);
  }
}

}  // namespace rvscope
