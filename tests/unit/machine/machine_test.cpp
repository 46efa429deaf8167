// Machine: bare-metal runs end the way the user was promised (exit codes, stuck guests,
// limits), deterministically.
#include "sim/machine/machine.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace rvscope {
namespace {

// Assembles `body` (after a _start label) into a bare-metal ELF with a tohost symbol.
std::string build(const std::string& name, const std::string& body) {
  const std::string dir = ::testing::TempDir();
  const std::string src = dir + "/" + name + ".S", elf = dir + "/" + name + ".elf";
  std::ofstream(src) << ".section .text.init\n.globl _start\n_start:\n"
                     << body
                     << "\n.section .tohost,\"aw\",@progbits\n.align 6\n.globl tohost\n"
                        "tohost: .dword 0\n.globl fromhost\nfromhost: .dword 0\n";
  const std::string cmd = "riscv64-unknown-elf-gcc -nostdlib -nostartfiles -march=rv64gc "
                          "-mabi=lp64d -T " RVSCOPE_SOURCE_DIR "/tests/isa/link.ld -o " +
                          elf + " " + src;
  if (std::system(cmd.c_str()) != 0) return "";
  return elf;
}

MachineConfig direct(const std::string& elf) {
  MachineConfig config;
  config.boot.mode = BootMode::kDirect;
  config.boot.kernel = elf;
  config.console.input = ConsoleInput::kNone;
  return config;
}

constexpr const char* kExit7 = "li t0, 15\nla t1, tohost\nsd t0, 0(t1)\n1: j 1b";

TEST(Machine, HtifExitCodeBecomesTheResult) {
  const std::string elf = build("exit7", kExit7);
  ASSERT_FALSE(elf.empty());
  Machine machine(direct(elf));
  machine.load();
  const RunResult result = machine.run();
  EXPECT_EQ(result.reason, StopReason::kGuestExit);
  EXPECT_EQ(result.exit_code, 7);
}

TEST(Machine, AJumpIntoNowhereStopsWithACause) {
  // No trap vector: the illegal instruction traps to address 0, which cannot be fetched.
  const std::string elf = build("nowhere", ".word 0\n");
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
  const std::string elf = build("wfi", "csrw mie, zero\n1: wfi\nj 1b");
  ASSERT_FALSE(elf.empty());
  Machine machine(direct(elf));
  machine.load();
  const RunResult result = machine.run();
  EXPECT_EQ(result.reason, StopReason::kGuestStuck);
  EXPECT_NE(result.message.find("wfi"), std::string::npos) << result.message;
}

TEST(Machine, InstructionLimitStopsExactly) {
  const std::string elf = build("spin", "1: addi a0, a0, 1\nj 1b");
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
  const std::string elf = build("timer", body);
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

}  // namespace
}  // namespace rvscope
