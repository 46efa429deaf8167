// --pipeview on a real program: a short kernel (a load-use pair, a multiply, a loop branch that
// mispredicts, an ecall and its mret) run by the machine under configs/u74.yaml, its Kanata log
// checked against the format's rules, against the model's own counts, and against a golden file
// (tests/timing/golden/pipeview_u74.kanata; regenerate with RVSCOPE_UPDATE_GOLDEN=1).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/app/pipeview_session.hpp"
#include "sim/app/timing_session.hpp"
#include "tests/timing/run_program.hpp"
#include "tests/unit/timing/kanata_rules.hpp"

namespace rvscope {
namespace {

const std::string kSource = RVSCOPE_SOURCE_DIR;

const char* const kKernel = R"(
  la t0, on_trap
  csrw mtvec, t0
  la a0, data
  li t0, 6
loop:
  ld t1, 0(a0)
  add t2, t1, t1
  mul t3, t2, t2
  addi t0, t0, -1
  bnez t0, loop
  ecall
  li t0, 1
  la t1, tohost
  sd t0, 0(t1)
1: j 1b
.align 2
on_trap:
  csrr t4, mepc
  addi t4, t4, 4
  csrw mepc, t4
  mret
.section .data
.align 6
data: .dword 21
)";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// R commands of type 0.
std::size_t retired_count(const std::string& log) {
  std::size_t n = 0;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("R\t", 0) == 0 && line.back() == '0') ++n;
  }
  return n;
}

struct PipeviewRun {
  std::string log;
  u64 instructions = 0;  // what the model timed
  u64 traps = 0;
};

PipeviewRun run_with_pipeview(const std::string& windows) {
  const std::string elf = test::build_bare_metal("pipeview_kernel", kKernel);
  EXPECT_FALSE(elf.empty()) << "the cross toolchain failed";
  if (elf.empty()) return {};
  Machine machine(test::bare_metal_config(elf));
  machine.load();
  const std::string path = ::testing::TempDir() + "/pipeview_" + std::to_string(getpid());
  PipeviewRun run;
  {
    TimingSession timing(machine, timing::load_timing_config(kSource + "/configs/u74.yaml"), "");
    PipeviewSession pipeview(machine, timing.model(), {path, windows, 0});
    const RunResult result = machine.run();
    EXPECT_EQ(result.reason, StopReason::kGuestExit) << result.message;
    pipeview.finish();
    const timing::TimingReport report = timing.model().report();
    run.instructions = report.harts[0].instructions;
    run.traps = report.harts[0].traps;
  }
  run.log = read_file(path);
  return run;
}

const std::vector<std::string> kStages = {"F", "Dc", "Is", "Ex", "Wb"};

TEST(PipeviewPrograms, EveryTimedInstructionRetiresOnceInAValidLog) {
  const PipeviewRun run = run_with_pipeview("all");
  ASSERT_FALSE(run.log.empty());
  EXPECT_EQ(test::kanata_violation(run.log, kStages), "");
  // One retire (R type 0) per instruction the model timed; flushes for the trap and for each
  // mispredict or refill.
  const std::size_t retired = retired_count(run.log);
  const std::size_t flushed = count(run.log, "\nR\t") - retired;
  EXPECT_EQ(retired, run.instructions);
  EXPECT_EQ(run.traps, 1u);
  EXPECT_EQ(count(run.log, "ecall (exception 11)"), 1u);  // the trap's discarded instruction
  EXPECT_GE(count(run.log, "(wrong path)"), 1u);          // the loop's exit mispredicts
  EXPECT_GE(count(run.log, "(refetched)"), 1u);           // mret refills the pipeline
  EXPECT_EQ(flushed, count(run.log, "(wrong path)") + count(run.log, "(refetched)") + 1);
  EXPECT_GE(count(run.log, "\t1\tload_use\n"), 6u);  // each add waits for its load
}

TEST(PipeviewPrograms, GoldenPipeviewOfAShortKernel) {
  const PipeviewRun run = run_with_pipeview("all");
  const std::string golden = kSource + "/tests/timing/golden/pipeview_u74.kanata";
  if (std::getenv("RVSCOPE_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(golden, std::ios::binary) << run.log;
  }
  const std::string expected = read_file(golden);
  ASSERT_FALSE(expected.empty()) << golden << " missing: run with RVSCOPE_UPDATE_GOLDEN=1";
  EXPECT_EQ(run.log, expected) << "the pipeline view changed";
}

TEST(PipeviewPrograms, AWindowLimitsTheView) {
  const PipeviewRun run = run_with_pipeview("insn:6-20");
  EXPECT_EQ(test::kanata_violation(run.log, kStages), "");
  EXPECT_EQ(retired_count(run.log), 15u);
  EXPECT_NE(run.log.find("I\t0\t6\t0\n"), std::string::npos);  // the first is instret 6
  EXPECT_EQ(count(run.log, "ecall"), 0u);                      // the trap comes later
}

}  // namespace
}  // namespace rvscope
