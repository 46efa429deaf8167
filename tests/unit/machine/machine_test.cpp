// Machine: bare-metal runs end the way the user was promised (exit codes, stuck guests,
// limits), deterministically.
#include "sim/machine/machine.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/support/bare_metal_program.hpp"

namespace rvscope {
namespace {

MachineConfig direct(const std::string& elf) {
  MachineConfig config;
  config.boot.mode = BootMode::kDirect;
  config.boot.kernel = elf;
  config.console.input = ConsoleInput::kNone;
  return config;
}

constexpr const char* kExit7 = "li t0, 15\nla t1, tohost\nsd t0, 0(t1)\n1: j 1b";

TEST(Machine, HtifExitCodeBecomesTheResult) {
  const std::string elf = test::build_bare_metal("exit7", kExit7);
  ASSERT_FALSE(elf.empty());
  Machine machine(direct(elf));
  machine.load();
  const RunResult result = machine.run();
  EXPECT_EQ(result.reason, StopReason::kGuestExit);
  EXPECT_EQ(result.exit_code, 7);
}

TEST(Machine, TestFinisherStopsTheRunAtItsStore) {
  // The store ends the slice: the run stops there, not where the slice would have ended,
  // and the spin after it never runs.
  const std::string elf = test::build_bare_metal(
      "finisher", "li t0, 0x100000\nli t1, 0x93333\nsw t1, 0(t0)\n1: addi a0, a0, 1\nj 1b");
  ASSERT_FALSE(elf.empty());
  Machine machine(direct(elf));
  machine.load();
  const RunResult result = machine.run();
  EXPECT_EQ(result.reason, StopReason::kGuestExit);
  EXPECT_EQ(result.exit_code, 9);
  EXPECT_EQ(machine.hart(0).executed(), 4u);  // lui; lui, addi(w); sw
  EXPECT_EQ(machine.hart(0).x[10], 0u);
}

TEST(Machine, AJumpIntoNowhereStopsWithACause) {
  // No trap vector: the illegal instruction traps to address 0, which cannot be fetched.
  const std::string elf = test::build_bare_metal("nowhere", ".word 0\n");
  ASSERT_FALSE(elf.empty());
  Machine machine(direct(elf));
  machine.load();
  const RunResult result = machine.run();
  EXPECT_EQ(result.reason, StopReason::kGuestStuck);
  EXPECT_EQ(result.exit_code, kExitGuestStuck);
  EXPECT_NE(result.message.find("illegal instruction at pc 0x80000000"), std::string::npos)
      << result.message;
  EXPECT_NE(result.message.find("instruction access fault"), std::string::npos) << result.message;
}

TEST(Machine, WfiWithNothingToWakeItIsStuck) {
  const std::string elf = test::build_bare_metal("wfi", "csrw mie, zero\n1: wfi\nj 1b");
  ASSERT_FALSE(elf.empty());
  Machine machine(direct(elf));
  machine.load();
  const RunResult result = machine.run();
  EXPECT_EQ(result.reason, StopReason::kGuestStuck);
  EXPECT_NE(result.message.find("wfi"), std::string::npos) << result.message;
}

TEST(Machine, InstructionLimitStopsExactly) {
  const std::string elf = test::build_bare_metal("spin", "1: addi a0, a0, 1\nj 1b");
  ASSERT_FALSE(elf.empty());
  MachineConfig config = direct(elf);
  config.run.max_insns = 12345;
  Machine machine(config);
  machine.load();
  const RunResult result = machine.run();
  EXPECT_EQ(result.reason, StopReason::kInsnLimit);
  EXPECT_EQ(result.exit_code, kExitInsnLimit);
  EXPECT_EQ(machine.total_executed(), 12345u);
}

TEST(Machine, TimerInterruptsArriveAtTheSameInstructionEveryRun) {
  // Count loop iterations until the CLINT timer fires: deterministic time means the same
  // count in every run, whatever the host does.
  const std::string body =
      "la t0, handler\ncsrw mtvec, t0\n"
      "li t1, 0x2004000\nli t2, 5000\nsd t2, 0(t1)\n"  // mtimecmp = 5000 ticks
      "li t0, 0x80\ncsrw mie, t0\ncsrsi mstatus, 8\n"
      "li a0, 0\n1: addi a0, a0, 1\nj 1b\n"
      "handler: slli a0, a0, 1\nori a0, a0, 1\nla t1, tohost\nsd a0, 0(t1)\n2: j 2b";
  const std::string elf = test::build_bare_metal("timer", body);
  ASSERT_FALSE(elf.empty());
  int codes[2] = {};
  for (int run = 0; run < 2; ++run) {
    Machine machine(direct(elf));
    machine.load();
    codes[run] = machine.run().exit_code;
  }
  EXPECT_GT(codes[0], 0);  // the timer fired
  EXPECT_EQ(codes[0], codes[1]);
}

// Hart 0 counts in a0 for ever; hart 1 counts in a1 (both enter at _start).
constexpr const char* kTwoCounters =
    "csrr t0, mhartid\nbnez t0, 2f\n1: addi a0, a0, 1\nj 1b\n2: addi a1, a1, 1\nj 2b";

TEST(Machine, OnlyHartRunsAloneAndTimeFollowsIt) {
  const std::string elf = test::build_bare_metal("two_counters", kTwoCounters);
  ASSERT_FALSE(elf.empty());
  MachineConfig config = direct(elf);
  config.machine.harts = 2;
  Machine machine(config);
  machine.load();
  const u64 pc0 = machine.hart(0).pc();
  machine.set_only_hart(1);
  EXPECT_FALSE(machine.run_for(10'000));
  EXPECT_EQ(machine.hart(0).pc(), pc0);
  EXPECT_EQ(machine.hart(0).instret(), 0u);
  EXPECT_EQ(machine.hart(0).x[10], 0u);
  EXPECT_EQ(machine.hart(1).instret(), 10'000u);
  EXPECT_GT(machine.hart(1).x[11], 4000u);
  EXPECT_EQ(machine.mtime(), 10'000u / 100);  // 1 GHz core, 10 MHz timebase
  EXPECT_FALSE(machine.parked());

  machine.set_only_hart(std::nullopt);  // everyone again
  EXPECT_FALSE(machine.run_for(10'000));
  EXPECT_GT(machine.hart(0).instret(), 0u);
  EXPECT_GT(machine.hart(1).instret(), 10'000u);
}

TEST(Machine, OnlyHartInWfiWithNothingToWakeItParksInsteadOfEndingTheRun) {
  // Hart 1 waits for an IPI that hart 0, stopped, would have to send.
  const std::string elf =
      test::build_bare_metal("wfi_ipi",
                             "csrr t0, mhartid\nbnez t0, 2f\n1: j 1b\n2: li t0, 8\ncsrw mie, t0\n"
                             "3: wfi\nj 3b");
  ASSERT_FALSE(elf.empty());
  MachineConfig config = direct(elf);
  config.machine.harts = 2;
  Machine machine(config);
  machine.load();
  machine.set_only_hart(1);
  EXPECT_FALSE(machine.run_for(0));
  EXPECT_TRUE(machine.parked());
  EXPECT_TRUE(machine.hart(1).waiting_for_interrupt());
  EXPECT_EQ(machine.hart(0).instret(), 0u);
}

// Reads `time` into a2 and counts rounds in a0 until it has advanced 3 ticks, then stops
// in a self-loop at `done` (a3 = the time it saw last).
constexpr const char* kTimePoll =
    "rdtime a2\naddi a4, a2, 3\n1: addi a0, a0, 1\nrdtime a3\nbltu a3, a4, 1b\ndone: j done";

void step_once(Machine& machine) {
  ASSERT_FALSE(machine.step_hart(0, [](Hart& hart) { hart.step(); }));
}

TEST(Machine, StepsMoveTimeExactlyAsRunningTheSameInstructions) {
  const std::string elf = test::build_bare_metal("time_poll", kTimePoll);
  ASSERT_FALSE(elf.empty());
  for (const u64 n : {1u, 2u, 37u, 250u, 1000u}) {
    Machine ran(direct(elf)), stepped(direct(elf));
    ran.load();
    stepped.load();
    EXPECT_FALSE(ran.run_for(n));
    for (u64 i = 0; i < n; ++i) step_once(stepped);
    EXPECT_EQ(stepped.hart(0).instret(), n);
    EXPECT_EQ(stepped.mtime(), ran.mtime()) << n << " instructions";
    EXPECT_EQ(stepped.cycles(), ran.cycles()) << n << " instructions";
    EXPECT_EQ(stepped.hart(0).pc(), ran.hart(0).pc()) << n << " instructions";
    EXPECT_EQ(stepped.hart(0).x, ran.hart(0).x) << n << " instructions";
  }
}

TEST(Machine, SteppingAPollingLoopOnTimeEnds) {
  const std::string elf = test::build_bare_metal("time_poll", kTimePoll);
  ASSERT_FALSE(elf.empty());
  Machine machine(direct(elf));
  machine.load();
  unsigned steps = 0;
  while (machine.hart(0).x[13] < 3 && steps < 10'000) {
    step_once(machine);
    ++steps;
  }
  EXPECT_EQ(machine.hart(0).x[13], 3u);  // the loop saw time move 3 ticks
  EXPECT_LT(steps, 500u);                // 300 cycles of 3-instruction rounds, and a few more
}

TEST(Machine, SteppingAHartInWfiWaitsForTheTimerAsARunWould) {
  // wfi with the machine timer armed 20 ticks ahead: the step after the wfi sleeps until the
  // timer fires and takes the interrupt, at the time a run would have taken it.
  const std::string body =
      "la t0, handler\ncsrw mtvec, t0\n"
      "li t1, 0x2004000\nli t2, 20\nsd t2, 0(t1)\n"  // mtimecmp = 20 ticks
      "li t0, 0x80\ncsrw mie, t0\ncsrsi mstatus, 8\n"
      "1: wfi\nj 1b\n"
      ".align 2\nhandler: csrr a0, mcause\n2: j 2b";
  const std::string elf = test::build_bare_metal("wfi_timer", body);
  ASSERT_FALSE(elf.empty());
  Machine machine(direct(elf));
  machine.load();
  for (int i = 0; i < 64 && !machine.hart(0).waiting_for_interrupt(); ++i) step_once(machine);
  ASSERT_TRUE(machine.hart(0).waiting_for_interrupt());
  EXPECT_LT(machine.mtime(), 20u);
  step_once(machine);  // sleeps to the timer, takes the interrupt
  EXPECT_FALSE(machine.hart(0).waiting_for_interrupt());
  EXPECT_EQ(machine.mtime(), 20u);
  step_once(machine);  // csrr a0, mcause in the handler
  EXPECT_EQ(machine.hart(0).x[10], (1ull << 63) | 7);
}

}  // namespace
}  // namespace rvscope
