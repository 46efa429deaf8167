// TimingModel behaviour: refills, privilege accounting, syscalls, fast-forward triggers,
// per-function cycles, multi-hart sharing, reports and robustness against odd events.
#include "sim/timing/timing_model.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <map>

#include "event_builder.hpp"

namespace rvscope::timing {
namespace {

using test::Ev;

constexpr u8 kA0 = 10, kA7 = 17;

TimingConfig simple() {
  TimingConfig c;
  c.enabled = true;
  c.core.refill_penalty = 6;
  c.memory.l1i.enabled = false;  // ideal fetch: the tests count pipeline cycles only
  return c;
}

Ev alu(u64 pc, Priv p = Priv::kUser) {
  return std::move(Ev(TimingClass::kAlu, pc).rd(kA0).rs(kA0).priv(p));
}

TEST(TimingModel, OneCyclePerSimpleInstructionOnASingleIssueCore) {
  TimingModel m(simple(), 1);
  for (int i = 0; i < 10; ++i) m.on_retire(alu(0x1000 + 4 * i));
  EXPECT_EQ(m.cycles(0), 10u);
}

TEST(TimingModel, TrapsAndXretRefillThePipeline) {
  TimingModel m(simple(), 1);
  m.on_retire(alu(0x1000));
  TrapEvent t;
  t.cause = 2;
  t.from = Priv::kUser;
  t.to = Priv::kSupervisor;
  m.on_trap(t);
  m.on_retire(alu(0x8000, Priv::kSupervisor));
  EXPECT_EQ(m.cycles(0), 1u + 6u);  // issued at cycle 6 instead of 1
  m.on_retire(
      Ev(TimingClass::kXret, 0x8004).priv(Priv::kSupervisor).next_priv(Priv::kUser).jump(0x1004));
  m.on_retire(alu(0x1004));
  EXPECT_EQ(m.cycles(0), 8u + 6u);
  const TimingReport r = m.report();
  EXPECT_EQ(r.harts[0].traps, 1u);
  EXPECT_EQ(
      r.harts[0].cycles_by_priv[0] + r.harts[0].cycles_by_priv[1] + r.harts[0].cycles_by_priv[2],
      r.harts[0].cycles);
  EXPECT_EQ(r.harts[0].cycles, m.cycles(0));
}

// A user program that calls syscall `nr`, whose kernel path is `kernel_insns` long.
void syscall(TimingModel& m, u64 nr, int kernel_insns) {
  RetireEvent li = Ev(TimingClass::kAlu, 0x1000).rd(kA7);
  li.rd_value = nr;
  m.on_retire(li);
  TrapEvent t;
  t.cause = 8;  // ecall from U
  t.a7 = nr;    // the hart reports a7 with every trap
  t.from = Priv::kUser;
  t.to = Priv::kSupervisor;
  m.on_trap(t);
  for (int i = 0; i < kernel_insns; ++i) m.on_retire(alu(0x80200000 + 4 * i, Priv::kSupervisor));
  m.on_retire(Ev(TimingClass::kXret, 0x80201000)
                  .priv(Priv::kSupervisor)
                  .next_priv(Priv::kUser)
                  .jump(0x1008));
  m.on_retire(alu(0x1008));
}

TEST(TimingModel, SyscallsAreTimedFromEcallToTheReturnToUser) {
  TimingModel m(simple(), 1);
  syscall(m, 435, 100);
  syscall(m, 64, 10);
  syscall(m, 435, 100);
  const TimingReport r = m.report();
  ASSERT_EQ(r.syscalls.size(), 2u);
  EXPECT_EQ(r.syscalls[0].name, "write");
  EXPECT_EQ(r.syscalls[1].name, "clone3");
  EXPECT_EQ(r.syscalls[1].count, 2u);
  EXPECT_EQ(r.syscalls[1].max_cycles, (6u - 1u) + 100u + 1u);  // refill bubbles, path, sret
  EXPECT_NE(format_text(r).find("clone3"), std::string::npos);
}

TEST(TimingModel, InsnTriggerFastForwardsAtOneCyclePerInstruction) {
  TimingConfig c = simple();
  c.core.classes[static_cast<std::size_t>(ExecClass::kAlu)].latency = 3;
  TimingModel m(c, 1);
  m.set_trigger(parse_timing_trigger("insn:50"));
  EXPECT_FALSE(m.detailed());
  for (int i = 1; i <= 100; ++i) {
    RetireEvent e = alu(0x1000 + 4 * (i % 16));
    e.instret = static_cast<u64>(i);
    m.on_retire(e);
  }
  EXPECT_TRUE(m.detailed());
  const TimingReport r = m.report();
  EXPECT_EQ(r.harts[0].functional_instructions, 50u);
  EXPECT_EQ(r.harts[0].instructions, 50u);
  // 50 functional cycles, then a dependent chain at 3 cycles each.
  EXPECT_NEAR(static_cast<double>(m.cycles(0)), 50.0 + 50 * 3, 3.0);
}

TEST(TimingModel, SyscallTriggerStartsTheDetailedPhaseAtTheEcall) {
  TimingModel m(simple(), 1);
  m.set_trigger(parse_timing_trigger("syscall:clone3"));
  syscall(m, 64, 10);
  EXPECT_FALSE(m.detailed());
  syscall(m, 435, 20);
  EXPECT_TRUE(m.detailed());
  const TimingReport r = m.report();
  ASSERT_EQ(r.syscalls.size(), 1u);
  EXPECT_EQ(r.syscalls[0].name, "clone3");
  EXPECT_EQ(r.syscalls[0].cycles, (6u - 1u) + 20u + 1u);
}

TEST(TimingModel, SymbolLookupGivesTopFunctionsAndSymbolTriggers) {
  TimingModel m(simple(), 1);
  int lookups = 0;
  m.set_symbol_lookup([&](u64 pc) -> std::optional<SymbolInfo> {
    ++lookups;
    if (pc >= 0x1000 && pc < 0x1100) return SymbolInfo{"main", 0x1000, 0x100};
    if (pc >= 0x2000 && pc < 0x2100) return SymbolInfo{"memcpy", 0x2000, 0x100};
    return std::nullopt;
  });
  m.set_trigger(parse_timing_trigger("symbol:memcpy"));
  for (int i = 0; i < 20; ++i) m.on_retire(alu(0x1000 + 4 * i));
  EXPECT_FALSE(m.detailed());
  m.on_retire(Ev(TimingClass::kJump, 0x1050).rd(1).jump(0x2000));
  EXPECT_TRUE(m.detailed());
  for (int i = 0; i < 30; ++i) m.on_retire(alu(0x2000 + 4 * i));
  for (int i = 0; i < 10; ++i) m.on_retire(alu(0x1054 + 4 * i));
  const TimingReport r = m.report();
  ASSERT_EQ(r.top_functions.size(), 2u);
  EXPECT_EQ(r.top_functions[0].name, "memcpy");
  EXPECT_EQ(r.top_functions[0].instructions, 30u);
  EXPECT_EQ(r.top_functions[1].instructions, 10u);
  EXPECT_LT(lookups, 10);  // one per change of function, not per instruction
}

// Per-function totals are settled when a hart changes function; they must equal adding up
// every instruction's cycles, per hart, also in a report taken while harts are inside one.
TEST(TimingModel, FunctionTotalsMatchPerInstructionSumsAcrossHarts) {
  TimingModel m(simple(), 2);
  m.set_symbol_lookup([](u64 pc) -> std::optional<SymbolInfo> {
    if (pc >= 0x1000 && pc < 0x1100) return SymbolInfo{"main", 0x1000, 0x100};
    if (pc >= 0x2000 && pc < 0x2100) return SymbolInfo{"memcpy", 0x2000, 0x100};
    return std::nullopt;
  });
  std::map<std::string, std::pair<u64, u64>> expected;  // name -> cycles, instructions
  auto retire = [&](unsigned hart, RetireEvent e) {
    e.hart = hart;
    const u64 before = m.cycles(hart);
    m.on_retire(e);
    const char* fn = e.pc >= 0x2000 && e.pc < 0x2100   ? "memcpy"
                     : e.pc >= 0x1000 && e.pc < 0x1100 ? "main"
                                                       : nullptr;
    if (fn != nullptr) {
      expected[fn].first += m.cycles(hart) - before;
      ++expected[fn].second;
    }
  };
  auto check = [&] {
    const TimingReport r = m.report();
    ASSERT_EQ(r.top_functions.size(), expected.size());
    for (const FunctionReport& f : r.top_functions) {
      EXPECT_EQ(f.cycles, expected[f.name].first) << f.name;
      EXPECT_EQ(f.instructions, expected[f.name].second) << f.name;
    }
  };
  for (u64 i = 0; i < 40; ++i) {
    const unsigned hart = i % 3 == 0 ? 1 : 0;
    const u64 base = (i / 5) % 3 == 0 ? 0x1000 : (i / 5) % 3 == 1 ? 0x2000 : 0x3000;
    RetireEvent load =
        Ev(TimingClass::kLoad, base + 4 * (i % 8)).rd(10).rs(10).mem(0x80000000 + 4096 * i, false);
    retire(hart, i % 2 == 0
                     ? load
                     : RetireEvent(Ev(TimingClass::kMul, base + 4 * (i % 8)).rd(11).rs(10, 11)));
    if (i == 23) check();  // both harts are inside a function here
  }
  check();
}

TEST(TimingModel, FenceWaitsForResultsInFlight) {
  TimingConfig c = simple();
  TimingModel m(c, 1);
  m.on_retire(Ev(TimingClass::kDiv, 0x1000).rd(kA0).rs(11, 12));
  m.on_retire(Ev(TimingClass::kFence, 0x1004));
  EXPECT_EQ(m.cycles(0), 1u + 20u);  // the default divider's latency
}

TEST(TimingModel, HartsHaveTheirOwnCyclesAndShareTheL2) {
  TimingConfig c = simple();
  TimingModel m(c, 2);
  RetireEvent load = Ev(TimingClass::kLoad, 0x1000).rd(kA0).rs(kA0).mem(0x80000000, false);
  m.on_retire(load);
  load.hart = 1;
  m.on_retire(load);
  m.on_retire(alu(0x1004));  // hart 0 waits for its memory access
  RetireEvent use = alu(0x1004);
  use.hart = 1;
  m.on_retire(use);
  const u64 lat = c.core.classes[static_cast<std::size_t>(ExecClass::kLoad)].latency;
  EXPECT_EQ(m.cycles(0), lat + c.memory.l2.latency + c.memory.memory_latency + 1);
  EXPECT_EQ(m.cycles(1), lat + c.memory.l2.latency + 1);  // hit in the shared L2
  m.skip_cycles(1, 1000);
  EXPECT_EQ(m.report().harts[1].idle_cycles, 1000u);
}

TEST(TimingModel, JsonReportParsesAndCarriesTheFigures) {
  TimingModel m(simple(), 1);
  syscall(m, 435, 5);
  const TimingReport r = m.report();
  const YAML::Node j = YAML::Load(format_json(r));
  EXPECT_EQ(j["harts"][0]["cycles"].as<u64>(), r.harts[0].cycles);
  EXPECT_EQ(j["harts"][0]["by_privilege"]["supervisor"]["instructions"].as<u64>(), 6u);
  EXPECT_EQ(j["syscalls"][0]["name"].as<std::string>(), "clone3");
  EXPECT_TRUE(j["l2"]["misses"]);
  EXPECT_TRUE(j["harts"][0]["stall_cycles"]["refill"]);
}

TEST(TimingModel, OddEventsNeverCrash) {
  TimingModel m(simple(), 1);
  RetireEvent e = alu(0x1000);
  e.hart = 7;  // no such hart
  m.on_retire(e);
  TrapEvent t;
  t.hart = 9;
  m.on_trap(t);
  e = alu(0x1000);
  e.rs1 = 200;
  e.rd = 99;
  e.num_mem = 5;
  e.num_csr_writes = 9;
  m.on_retire(e);
  EXPECT_EQ(m.cycles(0), 1u);
}

TEST(TimingModel, MtimeFollowsCyclesAndTheClockRatio) {
  EXPECT_EQ(TimingModel::mtime_from_cycles(1'000'000'000, 1'000'000'000, 10'000'000), 10'000'000u);
  EXPECT_EQ(TimingModel::mtime_from_cycles(~u64{0}, 1'000'000'000, 10'000'000),
            static_cast<u64>(static_cast<u128>(~u64{0}) / 100));
}

}  // namespace
}  // namespace rvscope::timing
