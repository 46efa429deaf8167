// The llvm-mca agreement as real programs: every kernel of tests/timing/kernels assembled into
// a bare-metal loop, run by the machine under configs/sifive7-mca.yaml, against llvm-mca.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/timing/mca_reference.hpp"
#include "tests/timing/run_program.hpp"

namespace rvscope {
namespace {

const std::string kProfile = std::string(RVSCOPE_SOURCE_DIR) + "/configs/sifive7-mca.yaml";

// The kernel's loop `iterations` times, behind a prologue that turns the FPU on and touches
// every line of the data the kernels address (a0 and a1 point into it), so that the loop's
// loads hit as llvm-mca assumes; the first word points to itself for the pointer chase. Two runs
// differ only in the iteration count: the difference of their cycles is the loop's steady state,
// prologue and exit cancel.
std::string program(const std::string& kernel, unsigned iterations) {
  std::ifstream in(test::kMcaKernels + kernel + ".S");
  std::stringstream body;
  body << in.rdbuf();
  return "  li t1, 0x2000\n  csrs mstatus, t1\n"
         "  la a0, kernel_data\n  li t2, 16384\n  add t2, a0, t2\n"
         "warm:\n  ld t1, 0(a0)\n  addi a0, a0, 64\n  bltu a0, t2, warm\n"
         "  la a0, kernel_data\n  sd a0, 0(a0)\n  li a1, 8192\n  add a1, a0, a1\n"
         "  li a2, 0\n  li a3, 0\n  li t0, " +
         std::to_string(iterations) + "\n" + body.str() +
         "\n  li t0, 1\n  la t1, tohost\n  sd t0, 0(t1)\n1: j 1b\n"
         ".section .data\n.align 12\nkernel_data: .space 16384\n";
}

u64 run_cycles(const std::string& kernel, unsigned iterations,
               const timing::TimingConfig& profile) {
  const timing::TimingReport r = test::run_timed_program(
      "mca_" + kernel + "_" + std::to_string(iterations), program(kernel, iterations), profile);
  return r.harts.empty() ? 0 : r.harts[0].cycles;
}

// Cycles of iterations 101 to 200.
u64 steady_state(const std::string& kernel, const timing::TimingConfig& profile) {
  return run_cycles(kernel, 200, profile) - run_cycles(kernel, 100, profile);
}

TEST(McaPrograms, EveryKernelRunAsAProgramMatchesLlvmMcaExactly) {
  const std::vector<test::McaReference> refs = test::mca_references();
  ASSERT_GE(refs.size(), 17u) << "mca_reference.txt missing or short";
  const timing::TimingConfig profile = timing::load_timing_config(kProfile);
  for (const test::McaReference& r : refs) {
    const u64 ours = steady_state(r.kernel, profile);
    std::printf("  %-16s llvm-mca %6.2f  rvscope %6.2f cycles/iteration\n", r.kernel.c_str(),
                static_cast<double>(r.c200 - r.c100) / 100.0, static_cast<double>(ours) / 100.0);
    EXPECT_EQ(ours, r.c200 - r.c100) << r.kernel << ": cycles of iterations 101 to 200";
  }
}

// The profile's round_robin rule is what makes the load/ALU alternation exact: the other
// profiles' rule (least busy pipe, pipe 0 on a tie) sends the ALU op to the load's pipe.
TEST(McaPrograms, LeastBusySelectionMissesTheLoadAluAlternation) {
  timing::TimingConfig profile = timing::load_timing_config(kProfile);
  ASSERT_EQ(profile.core.pipe_selection, timing::PipeSelection::kRoundRobin);
  profile.core.pipe_selection = timing::PipeSelection::kLeastBusy;
  EXPECT_EQ(steady_state("load_alu_alt", profile), 1700u);     // llvm-mca: 1500
  EXPECT_EQ(steady_state("load_add_pair", profile), 1000u);    // llvm-mca: 900
  EXPECT_EQ(steady_state("narrow_load_add", profile), 1000u);  // llvm-mca: 900
}

}  // namespace
}  // namespace rvscope
