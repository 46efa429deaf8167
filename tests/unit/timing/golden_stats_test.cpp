// Golden statistics: one fixed synthetic program per shipped profile; any change in what the
// model reports shows up as a diff against tests/timing/golden/<profile>.txt.
// Regenerate with RVSCOPE_UPDATE_GOLDEN=1 ./unit_timing --gtest_filter='GoldenStats*'.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "event_builder.hpp"
#include "kernel_program.hpp"
#include "sim/timing/timing_model.hpp"

namespace rvscope::timing {
namespace {

using test::Ev;

const std::string kSource = RVSCOPE_SOURCE_DIR;

// Boot-like M-mode code, an Sv39 user program with loops, loads over 256 KiB, a branch
// pattern, a clone3 and a write syscall with kernel paths, and MMIO from the kernel.
void run_program(TimingModel& m) {
  u64 instret = 0;
  auto retire = [&](RetireEvent e) {
    e.instret = ++instret;
    m.on_retire(e);
  };
  for (int i = 0; i < 200; ++i) {
    retire(Ev(TimingClass::kAlu, 0x80000000 + 4 * i).priv(Priv::kMachine).rd(10).rs(10));
  }
  retire(Ev(TimingClass::kCsr, 0x80000400)
             .priv(Priv::kSupervisor)
             .csr_write(0x180, (u64{8} << 60) | (u64{3} << 44)));
  retire(Ev(TimingClass::kSfenceVma, 0x80000404).priv(Priv::kSupervisor));
  for (const char* k : {"fp_fma", "mixed_int", "div_chain", "branch_mix", "copy_loop"}) {
    const test::KernelProgram prog =
        test::parse_kernel(kSource + "/tests/timing/kernels/" + k + ".S");
    for (RetireEvent e : test::kernel_events(prog, 50)) {
      e.pc = e.pc - 0x80000000 + 0x10000;
      e.next_pc = e.next_pc - 0x80000000 + 0x10000;
      for (unsigned a = 0; a < e.num_mem; ++a)
        e.mem[a].vaddr = e.mem[a].paddr - 0x80000000 + 0x400000;
      retire(e);
    }
  }
  for (u64 i = 0; i < 8192; ++i) {  // 256 KiB, one load per line, two passes
    const u64 off = (i % 4096) * 64;
    retire(Ev(TimingClass::kLoad, 0x10400 + 4 * (i % 4))
               .rd(12)
               .rs(12)
               .mem(0x80800000 + off, false, 8, 0x800000 + off));
    if (i % 4 == 3) retire(Ev(TimingClass::kBranch, 0x10410).rs(5).branch(i % 12 != 11, 0x10400));
  }
  for (u64 nr : {u64{435}, u64{64}}) {
    RetireEvent li = Ev(TimingClass::kAlu, 0x10500).rd(17);
    li.rd_value = nr;
    retire(li);
    TrapEvent t;
    t.cause = 8;
    t.a7 = nr;  // the hart reports a7 with every trap
    t.from = Priv::kUser;
    t.to = Priv::kSupervisor;
    m.on_trap(t);
    for (int i = 0; i < 300; ++i) {
      Ev e(i % 5 == 0 ? TimingClass::kLoad : TimingClass::kAlu, 0xffffffff80201000 + 4 * (i % 64));
      e.priv(Priv::kSupervisor).rd(static_cast<u8>(5 + i % 8)).rs(static_cast<u8>(5 + (i + 3) % 8));
      if (i % 5 == 0) e.mem(0x80300000 + 8 * i, false, 8, 0xffffffff80300000 + 8 * i);
      if (i == 150) e.mmio(0x10000005, false);
      retire(e);
    }
    retire(Ev(TimingClass::kXret, 0xffffffff80201100)
               .priv(Priv::kSupervisor)
               .next_priv(Priv::kUser)
               .jump(0x10504));
  }
}

void check_profile(const std::string& profile) {
  TimingModel m(load_timing_config(kSource + "/configs/" + profile + ".yaml"), 1);
  run_program(m);
  const std::string text = format_text(m.report());
  const std::string golden = kSource + "/tests/timing/golden/" + profile + ".txt";
  if (std::getenv("RVSCOPE_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(golden, std::ios::binary) << text;
  }
  std::ifstream in(golden, std::ios::binary);
  ASSERT_TRUE(in) << golden << " missing: run with RVSCOPE_UPDATE_GOLDEN=1";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(text, expected.str()) << "statistics changed for " << profile;
}

TEST(GoldenStats, Inorder) { check_profile("inorder"); }
TEST(GoldenStats, U74) { check_profile("u74"); }
TEST(GoldenStats, Sifive7Mca) { check_profile("sifive7-mca"); }

}  // namespace
}  // namespace rvscope::timing
