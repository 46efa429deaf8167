// Runs a bare-metal program through the whole machine with a timing model observing it, for
// the timing tests that check the model on real programs.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "sim/machine/machine.hpp"
#include "sim/timing/timing_model.hpp"
#include "tests/unit/support/bare_metal_program.hpp"

namespace rvscope::test {

// A machine that runs the bare-metal ELF on `harts` harts, without console input.
inline MachineConfig bare_metal_config(const std::string& elf, unsigned harts = 1) {
  MachineConfig config;
  config.machine.harts = harts;
  config.boot.mode = BootMode::kDirect;
  config.boot.kernel = elf;
  config.console.input = ConsoleInput::kNone;
  return config;
}

// Assembles `body` (see build_bare_metal), runs it on `harts` harts until it exits 0 through
// tohost, and returns the model's report (empty when the toolchain failed).
inline timing::TimingReport run_timed_program(const std::string& name, const std::string& body,
                                              const timing::TimingConfig& profile,
                                              unsigned harts = 1) {
  const std::string elf = build_bare_metal(name, body);
  EXPECT_FALSE(elf.empty()) << name << ": the cross toolchain failed";
  if (elf.empty()) return {};
  Machine machine(bare_metal_config(elf, harts));
  timing::TimingModel model(profile, harts);
  machine.add_observer(&model);
  machine.load();
  const RunResult result = machine.run();
  EXPECT_EQ(result.reason, StopReason::kGuestExit) << name << ": " << result.message;
  EXPECT_EQ(result.exit_code, 0) << name;
  machine.remove_observer(&model);
  return model.report();
}

}  // namespace rvscope::test
