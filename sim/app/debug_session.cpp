// run_under_gdb: all-stop debugging; the stub is only ever called from this thread.
#include "sim/app/debug_session.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/app/reverse_debug.hpp"
#include "sim/app/stop_signals.hpp"
#include "sim/cpu/csr_numbers.hpp"
#include "sim/gdb/gdb_server.hpp"

namespace rvscope {
namespace {

using gdb::ResumeAction;
using gdb::StopEvent;
using GdbStop = gdb::StopReason;

// How often (in instructions) the running machine looks for gdb's Ctrl-C.
constexpr u64 kPollInterval = 200'000;

// CSR instructions (SYSTEM opcode, funct3 != 0), 4 bytes; compressed ones do not exist.
bool is_csr_instruction(u32 bits) { return (bits & 0x7f) == 0x73 && ((bits >> 12) & 7) != 0; }

// gdb's stepi means "execute the instruction at pc". Hart::step() would instead take a
// pending interrupt and stop at the trap vector, so a user stepping through kernel code that
// just re-enabled interrupts, or through an sret to user mode with a timer pending, would land
// in the interrupt handler at every step. Like QEMU's default (SSTEP_NOIRQ), interrupts are
// held off for the step by masking mie around it; they are taken when the hart runs again.
// Left alone: a CSR instruction (it may read or modify mie/sie itself) and a hart waiting in
// wfi (only an interrupt lets it go on).
// The step is one round of the machine's run loop for that hart alone, so simulated time
// (mtime, device ticks, timers becoming pending) advances as if the instruction had run in a
// continue; a polling loop on `time` therefore ends under stepi too.
std::optional<RunResult> step_instruction(Machine& machine, unsigned h) {
  u32 bits = 0;
  const bool csr_insn =
      machine.read_virtual(h, machine.hart(h).pc(), &bits, 4) && is_csr_instruction(bits);
  return machine.step_hart(h, [csr_insn](Hart& hart) {
    u64 mie = 0;
    const bool mask = !csr_insn && !hart.waiting_for_interrupt() &&
                      hart.debug_csr_read(csr::kMie, mie) && mie != 0;
    if (mask) hart.debug_csr_write(csr::kMie, 0);
    hart.step();
    if (mask) hart.debug_csr_write(csr::kMie, mie);
  });
}

// A continue: with reverse execution on, it pauses for a checkpoint every interval of the
// history (a pause splits the run without changing it).
std::optional<RunResult> run_with_checkpoints(Machine& machine, ReverseDebug& reverse,
                                              bool attached, const bool& interrupted) {
  const u64 max = machine.config().run.max_insns;
  for (;;) {
    const u64 now = machine.total_executed();
    const u64 to_max = max == 0 ? 0 : max - now;
    const bool paced = reverse.enabled() && attached;
    u64 budget = to_max;
    if (paced) {
      const u64 due = reverse.next_checkpoint();
      const u64 chunk = due > now ? due - now : 1;
      budget = to_max == 0 ? chunk : std::min(to_max, chunk);
    }
    if (auto result = machine.run_for(budget)) return result;
    const bool budget_spent = machine.total_executed() >= now + budget;
    if (!paced || !budget_spent || budget == to_max || interrupted || machine.parked() ||
        machine.stopped_hart()) {
      return std::nullopt;
    }
    reverse.checkpoint();
  }
}

// gdb is told about the guest's end before the run result goes back to the caller.
RunResult report_end(gdb::GdbServer& server, const RunResult& result) {
  StopEvent exited{GdbStop::kExited, 0};
  exited.exit_code = result.exit_code;
  server.on_stop(exited);
  return result;
}

// How often a parked run (the lone resumed hart in wfi, nothing to simulate) looks for
// gdb's Ctrl-C.
constexpr int kParkedPollMs = 100;

}  // namespace

RunResult run_under_gdb(Machine& machine, DebugBridge& bridge, const GdbConfig& config) {
  gdb::ListenSpec spec;
  spec.host = config.host;
  spec.port = config.port;
  gdb::GdbServer server(bridge, spec);
  fmt::print(stderr, "rvscope: gdb stub listening on {}:{}{}\n", spec.host, server.port(),
             config.wait ? " (waiting for gdb to attach)" : "");
  ReverseDebug reverse(machine, bridge, config.history_insns,
                       [&machine](unsigned h) { step_instruction(machine, h); });
  bridge.set_reverse(reverse.enabled());
  const auto serve = [&](const StopEvent& event) { return server.on_stop(event); };
  // The history covers the time a debugger is attached. A checkpoint is taken when gdb
  // resumes, not when it stops: what gdb wrote meanwhile is part of it, and gdb's first
  // packets are answered at once.
  const auto resuming = [&] {
    if (server.connected()) reverse.checkpoint();
  };
  ResumeAction action;
  if (config.wait) {
    server.wait_for_client();
    action = serve(StopEvent{GdbStop::kTrap, 0});
  }
  bool interrupted = false;
  const auto poll_gdb = [&] {
    machine.set_periodic(
        [&] {
          interrupted = server.poll_interrupt();
          return !interrupted && stop_signal() == 0;
        },
        kPollInterval);
  };
  poll_gdb();
  // A hart stopped on an ecall by stop-at-syscall must execute it when resumed, not stop again.
  std::vector<std::optional<u64>> step_over(machine.num_harts());
  const u64 max = machine.config().run.max_insns;
  for (;;) {
    StopEvent event;
    switch (action.kind) {
      case ResumeAction::Kind::kKill:
        return {StopReason::kDebugger, 0, "killed by gdb"};
      case ResumeAction::Kind::kReverseStep:
      case ResumeAction::Kind::kReverseContinue:
        machine.set_periodic(nullptr, 1);
        event = action.kind == ResumeAction::Kind::kReverseStep
                    ? reverse.reverse_step(action.hart)
                    : reverse.reverse_continue(action.hart);
        std::fill(step_over.begin(), step_over.end(), std::nullopt);
        poll_gdb();
        break;
      case ResumeAction::Kind::kStep: {
        step_over[action.hart].reset();
        resuming();
        reverse.before_step(action.hart);
        if (auto result = step_instruction(machine, action.hart)) {
          return report_end(server, *result);
        }
        event = StopEvent{GdbStop::kStep, action.hart};
        break;
      }
      case ResumeAction::Kind::kDetach:
        // The guest runs on with no breakpoint, and the periodic poll keeps looking for the
        // next gdb, which stops the harts when it connects (as QEMU lets gdb re-attach).
        bridge.clear_all();
        bridge.forget_breakpoint_stops();
        std::fill(step_over.begin(), step_over.end(), std::nullopt);
        action = ResumeAction{ResumeAction::Kind::kContinue, 0};
        [[fallthrough]];
      case ResumeAction::Kind::kContinue: {
        resuming();
        // vCont;c:N alone: in all-stop mode the harts no action names stay stopped.
        const std::optional<unsigned> only =
            action.single_hart ? std::optional<unsigned>(action.hart) : std::nullopt;
        for (unsigned h = 0; h < machine.num_harts(); ++h) {
          if (only && h != *only) continue;  // its pending step-over waits for its own resume
          if (step_over[h] && machine.hart(h).pc() == *step_over[h]) {
            step_over[h].reset();
            reverse.before_step(h);
            if (auto result = step_instruction(machine, h)) return report_end(server, *result);
          }
          step_over[h].reset();
        }
        bridge.forget_breakpoint_stops();
        const u64 done = machine.total_executed();
        if (max != 0 && done >= max) {
          return {StopReason::kInsnLimit, kExitInsnLimit,
                  fmt::format("stopped after {} instructions (run.max_insns)", done)};
        }
        interrupted = false;
        machine.set_only_hart(only);
        reverse.before_run();
        if (auto result = run_with_checkpoints(machine, reverse, server.connected(), interrupted)) {
          return report_end(server, *result);
        }
        if (stop_signal() != 0) return report_end(server, {StopReason::kDebugger, 0, ""});
        if (machine.parked()) {
          // Nothing can happen until gdb resumes the other harts; wait for its Ctrl-C.
          const std::string message = fmt::format(
              "rvscope: hart {} waits in wfi for an interrupt that only a stopped hart could "
              "send; interrupt (Ctrl-C) to stop it\n",
              *only);
          fmt::print(stderr, "{}", message);
          server.console_output(message);
          while (!server.wait_interrupt(kParkedPollMs)) {
          }
          event = StopEvent{GdbStop::kInterrupt, *only};
        } else if (auto hit = bridge.take_watch_hit()) {
          event = StopEvent{GdbStop::kWatchpoint, hit->hart};
          event.watch = hit->kind;
          event.watch_addr = hit->addr;
        } else if (auto hart = machine.stopped_hart()) {
          if (auto name = bridge.take_syscall_stop(*hart)) {
            step_over[*hart] = machine.hart(*hart).pc();
            event = StopEvent{GdbStop::kTrap, *hart};
            // The stop reply has no way to say "syscall": tell the user on gdb's console.
            event.message =
                fmt::format("rvscope: hart {} stopped at the user ecall of {} (a7 = {})\n", *hart,
                            *name, machine.hart(*hart).x[17]);
            fmt::print(stderr, "{}", event.message);
          } else {
            event = StopEvent{GdbStop::kBreakpoint, *hart};
          }
        } else {
          event = StopEvent{GdbStop::kInterrupt, only.value_or(0)};
        }
        break;
      }
    }
    action = serve(event);
  }
}

}  // namespace rvscope
