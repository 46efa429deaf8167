// --why: the backward slicer over hand-made steps, and the ProvenanceRecorder inside a
// TraceSession over a scripted kernel path (strace lines unchanged, recording armed only
// inside the asked-for syscalls).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sstream>

#include "sim/common/error.hpp"
#include "sim/trace/backward_slice.hpp"
#include "sim/trace/provenance_recorder.hpp"
#include "sim/trace/trace_session.hpp"
#include "sim/trace/why_report.hpp"
#include "tests/unit/trace/fake_guest.hpp"

namespace rvscope::trace {
namespace {

using testing::FakeGuest;

constexpr u8 kRa = 1, kSp = 2, kS1 = 9, kA0 = 10, kA4 = 14, kA5 = 15;

// The functions of the scripted kernel path.
testing::FakeSymbols kernel_symbols() {
  return testing::FakeSymbols({{"do_syscall", 0x80001000, 0x100},
                               {"args_valid", 0x80002000, 0x100},
                               {"irq_entry", 0x80003000, 0x100}});
}

// One line per 4-byte instruction, counted from the start of each function.
class Lines : public LineLookup {
 public:
  std::optional<SourceLine> find(u64 pc) const override {
    if (pc >= 0x80002000 && pc < 0x80002100)
      return SourceLine{"proc/fork.cpp", 90 + unsigned((pc - 0x80002000) / 4), ""};
    if (pc >= 0x80001000 && pc < 0x80001100)
      return SourceLine{"proc/fork.cpp", 280 + unsigned((pc - 0x80001000) / 4), ""};
    return std::nullopt;
  }
};

// Steps of the path of a clone3 that fails: args_valid tests the flags and returns false, the
// caller turns that into -22, which goes to the trap frame and back. An interrupt between
// saves and restores a0 through memory.
struct Path {
  std::vector<SliceStep> steps;
  int depth = 0;

  SliceStep& add(u64 pc, TimingClass cls = TimingClass::kAlu) {
    SliceStep s;
    s.pc = pc;
    s.timing_class = cls;
    s.depth = depth;
    steps.push_back(s);
    return steps.back();
  }
  SliceStep& write(u64 pc, u8 rd, u64 value, u8 rs1 = kNoReg, u64 v1 = 0, u8 rs2 = kNoReg,
                   u64 v2 = 0) {
    SliceStep& s = add(pc);
    s.rd = rd;
    s.rd_written = true;
    s.rd_value = value;
    s.rs1 = rs1, s.rs1_value = v1, s.rs2 = rs2, s.rs2_value = v2;
    return s;
  }
  void store(u64 pc, u64 paddr, u8 data_reg, u64 value) {
    SliceStep& s = add(pc, TimingClass::kStore);
    s.rs1 = kSp, s.rs2 = data_reg, s.rs2_value = value;
    s.num_mem = 1;
    s.mem[0] = {paddr, paddr, value, 8, true, false};
  }
  void load(u64 pc, u64 paddr, u8 rd, u64 value) {
    SliceStep& s = write(pc, rd, value, kSp, 0);
    s.timing_class = TimingClass::kLoad;
    s.num_mem = 1;
    s.mem[0] = {paddr, paddr, value, 8, false, false};
  }
  void branch(u64 pc, u8 rs1, u64 v1, bool taken) {
    SliceStep& s = add(pc, TimingClass::kBranch);
    s.is_branch = true;
    s.taken = taken;
    s.rs1 = rs1, s.rs1_value = v1, s.rs2 = 0;
  }

  static Path clone3_detached() {
    Path p;
    p.store(0x80001000, 0x9050, kA0, 0x5000);    // the user's a0 into the trap frame
    p.load(0x80001004, 0x5000, kA5, 0x400f00);   // flags, from user memory
    p.branch(0x80001008, kA5, 0x400f00, false);  // an earlier check that passed
    p.add(0x8000100c, TimingClass::kJump);       // call args_valid
    p.steps.back().rd = kRa, p.steps.back().rd_written = true;
    p.depth = 1;
    p.write(0x80002000, kA4, 0x400000);                                // lui a4, 0x400
    p.write(0x80002004, kA4, 0x400000, kA5, 0x400f00, kA4, 0x400000);  // and a4, a5, a4
    p.branch(0x80002008, kA4, 0x400000, true);                         // bnez a4, fail
    p.write(0x80002010, kA0, 0, 0, 0);                                 // li a0, 0
    p.add(0x80002014, TimingClass::kJump);                             // ret
    p.steps.back().rd = 0, p.steps.back().rs1 = kRa;
    p.depth = 0;
    p.branch(0x80001010, kA0, 0, true);                     // beqz a0, einval
    p.write(0x80001018, kA0, static_cast<u64>(-22), 0, 0);  // li a0, -22
    SliceStep& irq = p.add(0x8000101c);                     // an interrupt here
    irq.is_trap = true;
    p.depth = 1;
    p.store(0x80003000, 0xa000, kA0, static_cast<u64>(-22));
    p.write(0x80003004, kA0, 77, 0, 0);  // the handler uses a0
    p.branch(0x80003008, kA0, 77, false);
    p.load(0x8000300c, 0xa000, kA0, static_cast<u64>(-22));
    p.add(0x80003010, TimingClass::kXret);
    p.depth = 0;
    p.store(0x8000101c, 0x9050, kA0, static_cast<u64>(-22));  // frame->a0 = ret
    p.load(0x80001020, 0x9050, kA0, static_cast<u64>(-22));   // restore a0
    p.add(0x80001080, TimingClass::kXret);                    // sret
    return p;
  }
};

TEST(BackwardSlice, FollowsTheValueThroughFrameSpillsAndAnInterrupt) {
  const Path p = Path::clone3_detached();
  const ValueOrigin o = trace_value(p.steps, p.steps.size(), kA0);
  ASSERT_EQ(o.kind, ValueOrigin::Kind::kMade);
  EXPECT_EQ(p.steps[o.made].pc, 0x80001018u);  // li a0, -22, not the handler's a0 = 77
  // Copies: the interrupt's spill and reload, the frame store, the restore.
  std::vector<u64> route;
  for (std::size_t i : o.route) route.push_back(p.steps[i].pc);
  EXPECT_EQ(route, (std::vector<u64>{0x80003000, 0x8000300c, 0x8000101c, 0x80001020}));
}

TEST(BackwardSlice, TheDecisionIsTheLastBranchOfTheSameActivation) {
  const Path p = Path::clone3_detached();
  const ValueOrigin o = trace_value(p.steps, p.steps.size(), kA0);
  const auto branch = deciding_branch(p.steps, o.made);
  ASSERT_TRUE(branch.has_value());
  EXPECT_EQ(p.steps[*branch].pc, 0x80001010u);  // beqz a0, not the callee's bnez
  // a0 there came from the callee's constant, which its own branch chose.
  const ValueOrigin zero = trace_value(p.steps, *branch, kA0);
  ASSERT_EQ(zero.kind, ValueOrigin::Kind::kMade);
  EXPECT_EQ(p.steps[zero.made].pc, 0x80002010u);
  EXPECT_TRUE(makes_constant(p.steps[zero.made]));
  const auto inner = deciding_branch(p.steps, zero.made);
  ASSERT_TRUE(inner.has_value());
  EXPECT_EQ(p.steps[*inner].pc, 0x80002008u);
}

TEST(BackwardSlice, AnActivationWithoutBranchesIsDecidedByItsCaller) {
  Path p;
  p.branch(0x80001000, kA5, 1, true);     // the caller's check
  p.add(0x80001004, TimingClass::kJump);  // call
  p.steps.back().rd = kRa, p.steps.back().rd_written = true;
  p.depth = 1;
  p.write(0x80002000, kA0, static_cast<u64>(-1), 0, 0);  // li a0, -1
  p.add(0x80002004, TimingClass::kJump);                 // ret
  p.steps.back().rs1 = kRa;
  p.depth = 0;
  const auto branch = deciding_branch(p.steps, 2);
  ASSERT_TRUE(branch.has_value());
  EXPECT_EQ(p.steps[*branch].pc, 0x80001000u);
}

// Linux's clone3 (gcc -O2): `li a0,-22` comes first, then each rule of the inlined
// clone3_args_valid branches to the return or falls through to the next one.
Path hoisted_error_code(bool last_rule_falls_through) {
  Path p;
  p.branch(0x80001000, kA0, 0, false);                    // err from the copy: 0, go on
  p.write(0x80001004, kA0, static_cast<u64>(-22), 0, 0);  // li a0, -22, ahead of the rules
  p.branch(0x80001008, kA5, 0x400f00, false);             // unknown flags: none
  p.add(0x8000100c, TimingClass::kJump);                  // a call between two rules
  p.steps.back().rd = kRa, p.steps.back().rd_written = true;
  p.depth = 1;
  p.branch(0x80002000, kA4, 1, true);  // the callee's own branch is not the caller's rule
  p.add(0x80002004, TimingClass::kJump);
  p.steps.back().rs1 = kRa;
  p.depth = 0;
  p.branch(0x80001010, kA4, 0x400000, !last_rule_falls_through);  // CLONE_DETACHED
  p.branch(0x80001014, kA4, 0, false);    // a later branch, at the return: not a rule
  p.add(0x80001018, TimingClass::kJump);  // ret
  p.steps.back().rs1 = kRa;
  return p;
}

TEST(BackwardSlice, AnErrorCodeMadeAheadOfItsChecksIsDecidedByTheCheckThatLetItThrough) {
  const Path taken = hoisted_error_code(false);
  const ValueOrigin o = trace_value(taken.steps, taken.steps.size(), kA0);
  ASSERT_EQ(o.kind, ValueOrigin::Kind::kMade);
  EXPECT_EQ(taken.steps[o.made].pc, 0x80001004u);
  // The first taken branch after it: the rule that jumped to the return.
  auto branch = deciding_branch(taken.steps, o.made);
  ASSERT_TRUE(branch.has_value());
  EXPECT_EQ(taken.steps[*branch].pc, 0x80001010u);
  // No branch taken: the last one, which fell through into the return.
  const Path fallen = hoisted_error_code(true);
  branch = deciding_branch(fallen.steps, o.made);
  ASSERT_TRUE(branch.has_value());
  EXPECT_EQ(fallen.steps[*branch].pc, 0x80001014u);
}

TEST(BackwardSlice, AValueFollowedByAJumpIsDecidedByTheBranchBeforeIt) {
  Path p;
  p.branch(0x80001000, kA5, 1, true);                     // if (size < 64)
  p.write(0x80001004, kA0, static_cast<u64>(-22), 0, 0);  //   return -EINVAL: li a0, -22
  p.add(0x80001008, TimingClass::kJump);                  // j out
  p.branch(0x8000100c, kA4, 0, true);                     // out: an unrelated branch
  p.add(0x80001010, TimingClass::kJump);                  // ret
  p.steps.back().rs1 = kRa;
  const auto branch = deciding_branch(p.steps, 1);
  ASSERT_TRUE(branch.has_value());
  EXPECT_EQ(p.steps[*branch].pc, 0x80001000u);
}

// What a hart's retire event says about a jump: rd = kNoReg when it links nothing.
RetireEvent jump_event(u64 pc, u64 target, u8 rd, u8 rs1) {
  RetireEvent e;
  e.pc = pc;
  e.timing_class = TimingClass::kJump;
  e.rd = rd == 0 ? kNoReg : rd;
  e.rd_written = rd != 0;
  e.rd_value = pc + 4;
  e.rs1 = rs1;
  e.next_pc = target;
  return e;
}

TEST(CallDepth, ReturnsLandOnTheCallsTheyReturnFrom) {
  CallDepth d;
  d.on_trap();  // the ecall
  EXPECT_EQ(d.depth(), 1);
  d.on_retire(jump_event(0x1000, 0x2000, kRa, kNoReg));  // jalr s0: the syscall
  d.on_retire(jump_event(0x2000, 0x3000, 0, kNoReg));    // a tail call: no new frame
  d.on_retire(jump_event(0x3010, 0x4000, kRa, kNoReg));  // call memset
  EXPECT_EQ(d.depth(), 3);
  d.on_retire(jump_event(0x4008, 0x4100, 0, 15));  // jr a5 into its unrolled stores
  EXPECT_EQ(d.depth(), 3);
  d.on_retire(jump_event(0x4100, 0x3014, 0, kRa));  // ret (rd = x0: kNoReg in the event)
  EXPECT_EQ(d.depth(), 2);
  // Linux's `la ra, ret_from_exception; jr t0` is a jump into a handler, not a return.
  d.on_retire(jump_event(0x3020, 0x5000, 0, 5));
  EXPECT_EQ(d.depth(), 2);
  d.on_retire(jump_event(0x3030, 0x6000, kRa, kNoReg));
  d.on_retire(jump_event(0x6000, 0x7000, kRa, kNoReg));
  d.on_retire(
      jump_event(0x7000, 0x1004, 0, kRa));  // the syscall returns past two open calls (a longjmp)
  EXPECT_EQ(d.depth(), 1);
  d.on_trap();  // an interrupt in the handler
  d.on_retire(jump_event(0x8000, 0x8100, kRa, kNoReg));
  d.on_retire(jump_event(0x8100, 0x1004, 0, kRa));  // no return crosses the trap
  EXPECT_EQ(d.depth(), 3);
  RetireEvent sret;
  sret.timing_class = TimingClass::kXret;
  d.on_retire(sret);  // leaves the interrupt with its frames
  EXPECT_EQ(d.depth(), 1);
  d.on_retire(sret);
  EXPECT_EQ(d.depth(), 0);
  d.on_retire(sret);  // an unmatched xRET is no error
  EXPECT_EQ(d.depth(), 0);
}

TEST(BackwardSlice, ValuesFromBeforeTheRecordingAndFromUnwrittenMemory) {
  const Path p = Path::clone3_detached();
  // a5 at the end was loaded from user memory no recorded store wrote.
  const ValueOrigin flags = trace_value(p.steps, p.steps.size(), kA5);
  EXPECT_EQ(flags.kind, ValueOrigin::Kind::kLoaded);
  EXPECT_EQ(p.steps[flags.made].pc, 0x80001004u);
  // sp was never written: it came in with the call.
  const ValueOrigin sp = trace_value(p.steps, p.steps.size(), kSp);
  EXPECT_EQ(sp.kind, ValueOrigin::Kind::kAtStart);
  EXPECT_EQ(sp.reg, kSp);
}

TEST(BackwardSlice, AValueCopiedFromCallerMemoryNamesTheFirstLoad) {
  Path p;
  p.load(0x80001000, 0x5000, kA5, 0x11);   // copy_from_user reads the caller's struct
  p.store(0x80001004, 0x9080, kA5, 0x11);  // into the kernel's copy
  p.load(0x80001008, 0x9080, kA4, 0x11);   // the check reads the field
  p.branch(0x8000100c, kA4, 0x11, true);
  const ValueOrigin o = trace_value(p.steps, 3, kA4);
  ASSERT_EQ(o.kind, ValueOrigin::Kind::kLoaded);
  EXPECT_EQ(p.steps[o.made].pc, 0x80001000u);
  ASSERT_EQ(o.route.size(), 2u);
  EXPECT_EQ(p.steps[o.route[0]].pc, 0x80001004u);
}

TEST(WhyReport, NamesOriginDecisionsAndRouteWithLines) {
  const Path p = Path::clone3_detached();
  testing::FakeSymbols symbols = kernel_symbols();
  Lines lines;
  const WhyContext ctx{&symbols, &lines, [](u32, u64 pc) { return fmt::format("insn@{:x}", pc); }};
  const auto text = explain_return(p.steps, ctx);
  ASSERT_GE(text.size(), 5u);
  EXPECT_EQ(text[0], "  why: -22 made at do_syscall+0x18 (proc/fork.cpp:286)  insn@80001018");
  EXPECT_EQ(text[1],
            "       decided at do_syscall+0x10 (proc/fork.cpp:284)  insn@80001010 taken, a0=0x0");
  EXPECT_EQ(text[2], "       a0=0x0 made at args_valid+0x10 (proc/fork.cpp:94)  insn@80002010");
  EXPECT_EQ(text[3],
            "       decided at args_valid+0x8 (proc/fork.cpp:92)  insn@80002008 taken, "
            "a4=0x400000");
  EXPECT_EQ(text[4],
            "       a4=0x400000 made at args_valid+0x4 (proc/fork.cpp:91)  insn@80002004  "
            "(a5=0x400f00, a4=0x400000)");
  // The interrupt only saved and restored a0: not part of the route.
  EXPECT_EQ(text.back(), "       route: do_syscall");
}

TEST(WhyReport, TheRouteNamesEveryCallerTheValueReturnedThrough) {
  Path p;
  p.add(0x80003000, TimingClass::kJump);  // irq_entry calls do_syscall
  p.steps.back().rd = kRa, p.steps.back().rd_written = true;
  p.depth = 1;
  p.add(0x80001000, TimingClass::kJump);  // which calls args_valid
  p.steps.back().rd = kRa, p.steps.back().rd_written = true;
  p.depth = 2;
  p.branch(0x80002000, kA5, 0x38, false);
  p.write(0x80002004, kA0, static_cast<u64>(-22), 0, 0);
  p.add(0x80002008, TimingClass::kJump);  // ret
  p.depth = 1;
  p.branch(0x80001004, kA0, static_cast<u64>(-22), true);  // if (err) return err;
  p.write(0x80001006, kS1, static_cast<u64>(-22), kA0, static_cast<u64>(-22));  // mv s1, a0
  p.add(0x80001008, TimingClass::kJump);  // a call to a helper, which saves and restores s1
  p.steps.back().rd = kRa, p.steps.back().rd_written = true;
  p.depth = 2;
  p.store(0x80004000, 0x9100, kS1, static_cast<u64>(-22));
  p.write(0x80004004, kS1, 5, 0, 0);
  p.load(0x80004008, 0x9100, kS1, static_cast<u64>(-22));
  p.add(0x8000400c, TimingClass::kJump);
  p.depth = 1;
  p.write(0x8000100c, kA0, static_cast<u64>(-22), kS1, static_cast<u64>(-22));  // mv a0, s1
  p.add(0x80001010, TimingClass::kJump);  // ret: no copy on the way
  p.depth = 0;
  p.store(0x80003004, 0x9050, kA0, static_cast<u64>(-22));
  p.load(0x80003008, 0x9050, kA0, static_cast<u64>(-22));
  p.add(0x8000300c, TimingClass::kXret);
  testing::FakeSymbols symbols = kernel_symbols();
  const auto text = explain_return(p.steps, WhyContext{&symbols, nullptr, nullptr});
  // The helper (0x80004000, no symbol) only preserved s1: not on the route.
  EXPECT_EQ(text.back(), "       route: args_valid -> do_syscall -> irq_entry");
}

TEST(WhyReport, AnOperandTheCallBroughtInIsNamedWhenItIsAnArgument) {
  constexpr u8 kA1 = 11;
  Path p;
  p.write(0x80001000, kA5, 0x3f, 0, 0);                        // li a5, 63
  SliceStep& check = p.add(0x80001004, TimingClass::kBranch);  // bltu a5, a1
  check.is_branch = true, check.taken = false;
  check.rs1 = kA5, check.rs1_value = 0x3f, check.rs2 = kA1, check.rs2_value = 0x38;
  p.write(0x80001008, kA0, static_cast<u64>(-22), 0, 0);
  p.add(0x8000100c, TimingClass::kXret);
  testing::FakeSymbols symbols = kernel_symbols();
  const auto text = explain_return(p.steps, WhyContext{&symbols, nullptr, nullptr});
  ASSERT_EQ(text.size(), 5u);
  EXPECT_EQ(text[1], "       decided at do_syscall+0x4 not taken, a5=0x3f, a1=0x38");
  EXPECT_EQ(text[2], "       a5=0x3f made at do_syscall+0x0");
  EXPECT_EQ(text[3], "       a1=0x38 was in a1 when the call entered the kernel");
  // sp is the kernel's bookkeeping, not an argument: not explained.
  p.steps[1].rs2 = kSp;
  const auto with_sp = explain_return(p.steps, WhyContext{&symbols, nullptr, nullptr});
  ASSERT_EQ(with_sp.size(), 4u);
  EXPECT_EQ(with_sp[2], "       a5=0x3f made at do_syscall+0x0");
}

TEST(WhyReport, ALineOfAnInlinedFunctionSaysWhose) {
  class InlinedLines : public LineLookup {
   public:
    std::optional<SourceLine> find(u64) const override {
      return SourceLine{"kernel/fork.c", 3033, "clone3_args_valid"};
    }
  } lines;
  testing::FakeSymbols symbols = kernel_symbols();
  EXPECT_EQ(describe_pc(0x80001052, WhyContext{&symbols, &lines, nullptr}),
            "do_syscall+0x52 [inlined clone3_args_valid] (kernel/fork.c:3033)");
}

TEST(WhyReport, WithoutLineTablesItPrintsSymbolsOnly) {
  const Path p = Path::clone3_detached();
  testing::FakeSymbols symbols = kernel_symbols();
  const auto text = explain_return(p.steps, WhyContext{&symbols, nullptr, nullptr});
  EXPECT_EQ(text[0], "  why: -22 made at do_syscall+0x18");
  EXPECT_EQ(describe_pc(0x1234, WhyContext{}), "0x1234");
}

// The recorder inside a session: a scripted getpid that succeeds and a clone3 that fails.
class WhySession : public ::testing::Test {
 protected:
  FakeGuest guest{1};
  testing::FakeSymbols symbols = kernel_symbols();
  Lines lines;

  RetireEvent insn(u64 pc, TimingClass cls = TimingClass::kAlu) {
    RetireEvent e;
    e.pc = pc;
    e.priv = e.next_priv = guest.hart(0).priv;
    e.bits = 0x00000013;
    e.timing_class = cls;
    e.next_pc = pc + 4;
    e.instret = ++guest.hart(0).instret;
    return e;
  }
  void write(TraceSession& s, u64 pc, u8 rd, u64 value, u8 rs1 = 0, u8 rs2 = kNoReg) {
    RetireEvent e = insn(pc);
    e.rd = rd, e.rd_written = true, e.rd_value = value, e.rs1 = rs1, e.rs2 = rs2;
    guest.hart(0).x[rd] = value;
    s.on_retire(e);
  }
  // As a hart reports it: rd = kNoReg when the jump links nothing.
  void jump(TraceSession& s, u64 pc, u8 rd, u8 rs1, u64 target) {
    RetireEvent e = insn(pc, TimingClass::kJump);
    e.rd = rd == 0 ? kNoReg : rd, e.rd_written = rd != 0, e.rd_value = pc + 4, e.rs1 = rs1;
    e.next_pc = target;
    s.on_retire(e);
  }
  void branch(TraceSession& s, u64 pc, u8 rs1, bool taken) {
    RetireEvent e = insn(pc, TimingClass::kBranch);
    e.is_branch = true, e.taken = taken, e.rs1 = rs1, e.rs2 = 0;
    s.on_retire(e);
  }
  void ecall(TraceSession& s, u64 nr, u64 a0, u64 a1) {
    auto& h = guest.hart(0);
    h.csr[kCsrSscratch] = 0xa000;
    h.x[17] = nr, h.x[10] = a0, h.x[11] = a1;
    TrapEvent t;
    t.cause = kCauseUserEcall, t.from = Priv::kUser, t.to = Priv::kSupervisor;
    t.epc = 0x10010, t.handler_pc = 0x80001000;
    s.on_trap(t);
    h.csr[kCsrSscratch] = 0;
    h.priv = Priv::kSupervisor;
  }
  void sret(TraceSession& s) {
    auto& h = guest.hart(0);
    h.csr[kCsrSscratch] = 0xa000;
    RetireEvent e = insn(0x80001080, TimingClass::kXret);
    e.bits = kSretBits, e.next_priv = Priv::kUser, e.next_pc = 0x10014;
    h.priv = Priv::kUser;
    s.on_retire(e);
  }
  // getpid returns 1; clone3 with CLONE_DETACHED fails: the check's flags, args_valid's
  // false, the caller's -22.
  void run(TraceSession& s, std::vector<EventDemand>* inside = nullptr) {
    sret(s);  // the first thread's first return to user mode
    ecall(s, 172, 0, 0);
    write(s, 0x80001000, kA0, 1);
    sret(s);
    ecall(s, 435, 0x5000, 88);
    if (inside) inside->push_back(s.demand());
    write(s, 0x80001004, kA5, 0x400f00, kA0);
    jump(s, 0x80001008, kRa, 0, 0x80002000);  // call args_valid
    write(s, 0x80002000, kA4, 0x400000, kNoReg);
    write(s, 0x80002004, kA4, 0x400000, kA5, kA4);
    branch(s, 0x80002008, kA4, true);
    write(s, 0x80002010, kA0, 0);
    jump(s, 0x80002014, 0, kRa, 0x8000100c);  // ret
    branch(s, 0x80001010, kA0, true);
    write(s, 0x80001018, kA0, static_cast<u64>(-22));
    sret(s);
    if (inside) inside->push_back(s.demand());
  }
  std::string strace_of(const std::string& why_filter, bool why, const std::string& filter = "") {
    std::ostringstream out;
    TraceOptions options;
    options.strace_out = &out;
    options.strace_filter = filter;
    options.why = why;
    options.why_filter = why_filter;
    options.lines = &lines;
    guest.hart(0) = FakeGuest::Hart{};
    TraceSession session(guest, &symbols, nullptr, options);
    run(session);
    session.finish();
    return out.str();
  }
};

std::string without_why_lines(const std::string& text) {
  std::istringstream in(text);
  std::string line, kept;
  while (std::getline(in, line)) {
    if (!line.starts_with("  ")) kept += line + "\n";
  }
  return kept;
}

TEST_F(WhySession, ExplainsTheFailingCallAndLeavesTheStraceLinesAlone) {
  const std::string plain = strace_of("", false);
  const std::string why = strace_of("", true);
  EXPECT_EQ(without_why_lines(why), plain);
  EXPECT_NE(why, plain);
  const auto clone3 = why.find("clone3(");
  ASSERT_NE(clone3, std::string::npos) << why;
  const std::string below = why.substr(why.find('\n', clone3) + 1);
  EXPECT_TRUE(below.starts_with("  why: -22 made at do_syscall+0x18 (proc/fork.cpp:286)")) << why;
  EXPECT_NE(below.find("decided at args_valid+0x8 (proc/fork.cpp:92) taken, a4=0x400000"),
            std::string::npos)
      << why;
  EXPECT_NE(below.find("(a5=0x400f00, a4=0x400000)"), std::string::npos) << why;
  // getpid succeeded: no explanation without a list.
  EXPECT_EQ(why.substr(0, clone3).find("why:"), std::string::npos) << why;
}

TEST_F(WhySession, AListExplainsEveryCallOfThoseOnly) {
  const std::string why = strace_of("getpid", true);
  EXPECT_NE(why.find("  why: 1 made at do_syscall+0x0"), std::string::npos) << why;
  EXPECT_EQ(why.find("-22 made"), std::string::npos) << why;
}

TEST_F(WhySession, RecordsOnlyInsideTheAskedForSyscalls) {
  TraceOptions options;
  std::ostringstream out;
  options.strace_out = &out;
  options.why = true;
  options.why_filter = "clone3";
  TraceSession session(guest, &symbols, nullptr, options);
  EXPECT_EQ(session.demand(), EventDemand::kTrapsAndXret);
  std::vector<EventDemand> inside;
  run(session, &inside);
  ASSERT_EQ(inside.size(), 2u);
  EXPECT_EQ(inside[0], EventDemand::kAll);           // after clone3's ecall
  EXPECT_EQ(inside[1], EventDemand::kTrapsAndXret);  // after its sret
}

TEST_F(WhySession, OptionErrorsNameTheOption) {
  std::ostringstream out;
  TraceOptions options;
  options.why = true;
  EXPECT_THROW(TraceSession(guest, &symbols, nullptr, options), SimError);  // no --strace
  options.strace_out = &out;
  options.why_filter = "clone4";
  try {
    TraceSession session(guest, &symbols, nullptr, options);
    ADD_FAILURE() << "clone4 accepted";
  } catch (const SimError& e) {
    EXPECT_NE(std::string(e.what()).find("--why: unknown syscall 'clone4'"), std::string::npos)
        << e.what();
  }
  options.why_filter = "clone3";
  options.strace_filter = "write";
  EXPECT_THROW(TraceSession(guest, &symbols, nullptr, options), SimError);
}

// The recorder alone: a call that blocks (wait4) while other threads' calls run on its hart.
class WhyRecorder : public ::testing::Test {
 protected:
  FakeGuest guest{1};
  std::ostringstream out;
  u64 instret = 0;

  ProvenanceRecorder recorder(std::size_t max_steps) {
    WhyOptions options;
    options.max_steps = max_steps;
    return ProvenanceRecorder(guest, out, WhyContext{}, options);
  }
  static SyscallRecord call(u64 seq, u64 nr) {
    SyscallRecord r;
    r.seq = seq;
    r.args.number = nr;
    return r;
  }
  void exit(ProvenanceRecorder& rec, SyscallRecord r, u64 ret) {
    r.ret = ret;
    rec.on_syscall_exit(r);
  }
  void li(ProvenanceRecorder& rec, u8 rd, u64 value, unsigned count = 1) {
    for (unsigned i = 0; i < count; ++i) {
      RetireEvent e;
      e.pc = 0x80001000 + 4 * (instret++ % 64);
      e.rd = rd, e.rd_written = true, e.rd_value = value, e.rs1 = 0;
      rec.on_retire(e);
    }
  }
};

TEST_F(WhyRecorder, ACallThatBlocksPastTheLimitLeavesTheLaterCallsExplained) {
  ProvenanceRecorder rec = recorder(100);
  const SyscallRecord wait4 = call(1, 260), read = call(2, 63), openat = call(3, 56);
  rec.on_syscall_entry(wait4);
  li(rec, 5, 1, 60);
  rec.on_syscall_entry(read);  // another thread, while wait4 sleeps
  li(rec, kA0, static_cast<u64>(-11));
  exit(rec, read, static_cast<u64>(-11));
  EXPECT_NE(out.str().find("  why: -11 made at 0x"), std::string::npos) << out.str();
  li(rec, 5, 1, 60);  // wait4's path passes 100 instructions: it is dropped
  EXPECT_FALSE(rec.recording());
  rec.on_syscall_entry(openat);
  EXPECT_TRUE(rec.recording());
  li(rec, kA0, static_cast<u64>(-2));
  exit(rec, openat, static_cast<u64>(-2));
  EXPECT_NE(out.str().find("  why: -2 made at 0x"), std::string::npos) << out.str();
  exit(rec, wait4, static_cast<u64>(-10));
  EXPECT_NE(out.str().find("  why: not recorded (the path is longer than 100 instructions)"),
            std::string::npos)
      << out.str();
  EXPECT_FALSE(rec.recording());
}

TEST_F(WhyRecorder, AnOverlongCallIsDroppedAloneWhileALaterOneIsRecorded) {
  ProvenanceRecorder rec = recorder(100);
  const SyscallRecord wait4 = call(1, 260), nanosleep = call(2, 101);
  rec.on_syscall_entry(wait4);
  li(rec, 5, 1, 90);
  rec.on_syscall_entry(nanosleep);
  li(rec, kA0, static_cast<u64>(-4));  // nanosleep's result
  li(rec, 6, 1, 20);                   // wait4 passes the limit, nanosleep does not
  EXPECT_TRUE(rec.recording());
  exit(rec, nanosleep, static_cast<u64>(-4));
  EXPECT_NE(out.str().find("  why: -4 made at 0x"), std::string::npos) << out.str();
  exit(rec, wait4, static_cast<u64>(-10));
  EXPECT_NE(out.str().find("not recorded (the path is longer than 100"), std::string::npos)
      << out.str();
}

}  // namespace
}  // namespace rvscope::trace
