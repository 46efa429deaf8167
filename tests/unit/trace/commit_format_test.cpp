// Spike's commit-log format, byte for byte against lines Spike printed (shared/formats).
#include "sim/trace/commit_format.hpp"

#include <gtest/gtest.h>

#include <initializer_list>

namespace rvscope::trace {
namespace {

struct Mem {
  u64 addr;
  u8 size;
  bool store;
  u64 value = 0;
};

RetireEvent insn(u64 pc, u32 bits, TimingClass tc = TimingClass::kAlu) {
  RetireEvent e;
  e.hart = 0;
  e.priv = Priv::kMachine;
  e.pc = pc;
  e.bits = bits;
  e.length = (bits & 3) == 3 ? 4 : 2;
  e.timing_class = tc;
  return e;
}

RetireEvent& rd(RetireEvent& e, u8 reg, u64 value) {
  e.rd = reg;
  e.rd_written = true;
  e.rd_value = value;
  return e;
}

RetireEvent& csr(RetireEvent& e, u16 number, u64 value) {
  e.csr_writes[e.num_csr_writes++] = {number, value};
  return e;
}

RetireEvent& mem(RetireEvent& e, std::initializer_list<Mem> accesses) {
  for (const Mem& m : accesses) {
    MemAccess& a = e.mem[e.num_mem++];
    a.vaddr = m.addr;
    a.paddr = m.addr;
    a.size = m.size;
    a.is_store = m.store;
    a.value = m.value;
  }
  return e;
}

TEST(SpikeCommitLog, MatchesSpikeSamplesByteForByte) {
  std::vector<std::pair<RetireEvent, std::string>> cases;
  auto add = [&](RetireEvent e, const char* line) { cases.emplace_back(e, line); };
  {
    auto e = insn(0x1000, 0x00000297);
    add(rd(e, 5, 0x1000), "core   0: 3 0x0000000000001000 (0x00000297) x5  0x0000000000001000");
  }
  {
    auto e = insn(0x1004, 0x02028593);
    add(rd(e, 11, 0x1020), "core   0: 3 0x0000000000001004 (0x02028593) x11 0x0000000000001020");
  }
  {
    auto e = insn(0x1008, 0xf1402573, TimingClass::kCsr);
    add(rd(e, 10, 0), "core   0: 3 0x0000000000001008 (0xf1402573) x10 0x0000000000000000");
  }
  {
    auto e = insn(0x100c, 0x0182b283, TimingClass::kLoad);
    rd(e, 5, 0x80000000);
    add(mem(e, {{0x1018, 8, false, 0x80000000}}),
        "core   0: 3 0x000000000000100c (0x0182b283) x5  0x0000000080000000 mem "
        "0x0000000000001018");
  }
  {
    auto e = insn(0x8000000a, 0x3002a073, TimingClass::kCsr);
    add(csr(e, 0x300, 0x8000000a00006000),
        "core   0: 3 0x000000008000000a (0x3002a073) c768_mstatus 0x8000000a00006000");
  }
  {
    auto e = insn(0x8000000e, 0x00305073, TimingClass::kCsr);
    add(csr(e, 0x003, 0),
        "core   0: 3 0x000000008000000e (0x00305073) c1_fflags 0x0000000000000000 c2_frm "
        "0x0000000000000000");
  }
  {
    auto e = insn(0x8000030a, 0x00231073, TimingClass::kCsr);
    add(csr(e, 0x002, 0), "core   0: 3 0x000000008000030a (0x00231073) c2_frm 0x0000000000000000");
  }
  {
    auto e = insn(0x800004c8, 0xe406, TimingClass::kStore);
    add(mem(e, {{0x800045c8, 8, true, 0x80000016}}),
        "core   0: 3 0x00000000800004c8 (0xe406) mem 0x00000000800045c8 0x0000000080000016");
  }
  {
    auto e = insn(0x80000090, 0x018fb883, TimingClass::kLoad);
    rd(e, 17, 7);
    add(mem(e, {{0x80000508, 8, false, 7}}),
        "core   0: 3 0x0000000080000090 (0x018fb883) x17 0x0000000000000007 mem "
        "0x0000000080000508");
  }
  {
    auto e = insn(0x80000312, 0x000eb787, TimingClass::kFpLoad);
    rd(e, kFpRegBase + 15, 0);
    add(mem(e, {{0x80004528, 8, false, 0}}),
        "core   0: 3 0x0000000080000312 (0x000eb787) f15 0x0000000000000000 mem "
        "0x0000000080004528");
  }
  {
    // FP arithmetic accruing flags: Spike does not print the fflags write.
    auto e = insn(0x8000031c, 0x02e7f6d3, TimingClass::kFpAdd);
    rd(e, kFpRegBase + 13, 0x3ff0000000000000);
    add(csr(e, 0x001, 1), "core   0: 3 0x000000008000031c (0x02e7f6d3) f13 0x3ff0000000000000");
  }
  {
    auto e = insn(0x8000037a, 0xc227f553, TimingClass::kFpAdd);
    add(rd(e, 10, 0), "core   0: 3 0x000000008000037a (0xc227f553) x10 0x0000000000000000");
  }
  {
    auto e = insn(0x8000020c, 0x00e7b72f, TimingClass::kAmo);
    rd(e, 14, 5);
    add(mem(e, {{0x800045d0, 8, false, 5}, {0x800045d0, 8, true, 0x2a}}),
        "core   0: 3 0x000000008000020c (0x00e7b72f) x14 0x0000000000000005 mem "
        "0x00000000800045d0 mem 0x00000000800045d0 0x000000000000002a");
  }
  {
    auto e = insn(0x80000252, 0x08e7a72f, TimingClass::kAmo);
    rd(e, 14, 0xfffffffffffffffe);
    add(mem(e, {{0x800045d0, 4, false, 0xfffffffe}, {0x800045d0, 4, true, 0xffffffff80000001}}),
        "core   0: 3 0x0000000080000252 (0x08e7a72f) x14 0xfffffffffffffffe mem "
        "0x00000000800045d0 mem 0x00000000800045d0 0x80000001");
  }
  {
    auto e = insn(0x80000270, 0x1007b72f, TimingClass::kLrSc);
    rd(e, 14, 0xffffffff80000001);
    add(mem(e, {{0x800045d0, 8, false, 0xffffffff80000001}}),
        "core   0: 3 0x0000000080000270 (0x1007b72f) x14 0xffffffff80000001 mem "
        "0x00000000800045d0");
  }
  {
    auto e = insn(0x80000276, 0x18e7b5af, TimingClass::kLrSc);
    rd(e, 11, 0);
    add(mem(e, {{0x800045d0, 8, true, 0xffffffff80000002}}),
        "core   0: 3 0x0000000080000276 (0x18e7b5af) x11 0x0000000000000000 mem "
        "0x00000000800045d0 0xffffffff80000002");
  }
  add(insn(0x800004ec, 0xa001, TimingClass::kJump), "core   0: 3 0x00000000800004ec (0xa001)");
  for (const auto& [event, line] : cases) EXPECT_EQ(format_spike_commit(event), line);
}

TEST(SpikeCommitLog, HartPrivilegeAndOrdering) {
  auto e = insn(0x10, 0x34029573, TimingClass::kCsr);  // csrrw a0, mscratch, t0
  e.hart = 12;
  e.priv = Priv::kUser;
  rd(e, 10, 1);
  csr(e, 0x340, 2);
  EXPECT_EQ(format_spike_commit(e),
            "core  12: 0 0x0000000000000010 (0x34029573) x10 0x0000000000000001 c832_mscratch "
            "0x0000000000000002");
  e.hart = 1000;
  EXPECT_EQ(format_spike_commit(e).substr(0, 11), "core1000: 0");
  // A byte store shows two hex digits; x0 is never printed.
  auto s = insn(0x20, 0x00a28023, TimingClass::kStore);
  s.rd = 0;
  s.rd_written = false;
  mem(s, {{0x3000, 1, true, 0x1ff}});
  EXPECT_EQ(format_spike_commit(s),
            "core   0: 3 0x0000000000000020 (0x00a28023) mem 0x0000000000003000 0xff");
}

TEST(CommitFormatNames, CsrsRegistersCauses) {
  EXPECT_EQ(csr_name(0x180), "satp");
  EXPECT_EQ(csr_name(0x3b5), "pmpaddr5");
  EXPECT_EQ(csr_name(0xb03), "mhpmcounter3");
  EXPECT_EQ(csr_name(0x7ff), "unknown");
  EXPECT_EQ(reg_abi_name(10), "a0");
  EXPECT_EQ(reg_abi_name(kFpRegBase + 10), "fa0");
  EXPECT_EQ(trap_cause_name(false, 8), "ecall-from-U");
  EXPECT_EQ(trap_cause_name(true, 5), "S-timer");
  EXPECT_EQ(trap_cause_name(false, 99), "exception-99");
}

}  // namespace
}  // namespace rvscope::trace
