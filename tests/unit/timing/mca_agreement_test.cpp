// The pipeline engine against an independent one: steady-state cycles per iteration of the
// kernels in tests/timing/kernels, replayed as synthetic events under configs/sifive7-mca.yaml,
// versus llvm-mca's (tests/timing/mca_programs_test.cpp runs them as real programs).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kernel_program.hpp"
#include "sim/timing/timing_model.hpp"
#include "tests/timing/mca_reference.hpp"

namespace rvscope::timing {
namespace {

const std::string kProfile = std::string(RVSCOPE_SOURCE_DIR) + "/configs/sifive7-mca.yaml";

// rvscope's steady state: cycles between the end of iteration 100 and of iteration 200.
double model_per_iteration(const std::string& kernel) {
  const test::KernelProgram prog = test::parse_kernel(rvscope::test::kMcaKernels + kernel + ".S");
  const std::vector<RetireEvent> events = test::kernel_events(prog, 200);
  TimingModel model(load_timing_config(kProfile), 1);
  const std::size_t half = events.size() / 2;
  u64 at100 = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    model.on_retire(events[i]);
    if (i + 1 == half) at100 = model.cycles(0);
  }
  return static_cast<double>(model.cycles(0) - at100) / 100.0;
}

TEST(McaAgreement, EveryKernelMatchesExactly) {
  const std::vector<rvscope::test::McaReference> refs = rvscope::test::mca_references();
  ASSERT_GE(refs.size(), 17u) << "mca_reference.txt missing or short";
  for (const rvscope::test::McaReference& r : refs) {
    const double mca = r.per_iteration();
    const double ours = model_per_iteration(r.kernel);
    std::printf("  %-16s llvm-mca %6.2f  rvscope %6.2f cycles/iteration\n", r.kernel.c_str(), mca,
                ours);
    EXPECT_EQ(ours, mca) << r.kernel << ": rvscope " << ours << " vs llvm-mca " << mca;
  }
}

// The recorded reference must be what llvm-mca prints today (skipped where it is absent).
TEST(McaAgreement, ReferenceMatchesInstalledLlvmMca) {
  if (std::system("llvm-mca --version > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "llvm-mca not installed";
  }
  for (const rvscope::test::McaReference& r : rvscope::test::mca_references()) {
    const std::string cmd = "llvm-mca -mtriple=riscv64 -mcpu=sifive-u74 -iterations=100 " +
                            rvscope::test::kMcaKernels + r.kernel + ".S 2>/dev/null";
    FILE* pipe = popen(cmd.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    char buf[256];
    u64 total = 0;
    while (std::fgets(buf, sizeof buf, pipe)) {
      unsigned long long v = 0;
      if (std::sscanf(buf, "Total Cycles: %llu", &v) == 1) total = v;
    }
    pclose(pipe);
    EXPECT_EQ(total, r.c100) << r.kernel << ": run tests/timing/update_mca_reference.sh";
  }
}

}  // namespace
}  // namespace rvscope::timing
