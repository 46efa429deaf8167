// Windows (parsing, syscall windows through a scripted kernel path), the annotated format,
// event demand, and the timeline's JSON structure.
#include "sim/trace/trace_session.hpp"

#include <gtest/gtest.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <sstream>

#include "sim/common/error.hpp"
#include "sim/trace/trace_window.hpp"
#include "tests/unit/trace/fake_guest.hpp"

namespace rvscope::trace {
namespace {

using testing::FakeGuest;
using testing::FakeSymbols;

std::string error_of(std::string_view spec, const SymbolLookup* symbols) {
  try {
    parse_trace_windows(spec, symbols);
  } catch (const SimError& e) {
    return e.what();
  }
  return "";
}

TEST(TraceWindows, ErrorsStartWithTheirOrigin) {
  try {
    parse_trace_windows("all,pc:9-1", nullptr, "t.yaml:4: trace.windows:");
    FAIL() << "pc:9-1 is an empty range";
  } catch (const SimError& e) {
    EXPECT_EQ(std::string(e.what()),
              "t.yaml:4: trace.windows: 'pc:9-1': empty range (start 0x9 >= end 0x1)");
  }
  EXPECT_EQ(error_of("bogus", nullptr),
            "--trace 'bogus': expected all, syscall:NAME, symbol:NAME, pc:A-B or insn:N-M");
}

TEST(TraceWindows, ParsesEveryKind) {
  FakeSymbols symbols;
  auto w = parse_trace_windows(
      "all,syscall:clone3,syscall:64,symbol:main,pc:0x100-0x200,"
      "insn:10-20",
      &symbols);
  ASSERT_EQ(w.size(), 6u);
  EXPECT_EQ(w[0].kind, TraceWindow::Kind::kAll);
  EXPECT_EQ(w[1].syscall, 435u);
  EXPECT_EQ(w[2].syscall, 64u);
  EXPECT_EQ(w[3].lo, 0x10000u);
  EXPECT_EQ(w[3].hi, 0x10040u);
  EXPECT_EQ(w[4].lo, 0x100u);
  EXPECT_EQ(w[4].hi, 0x200u);
  EXPECT_EQ(w[5].kind, TraceWindow::Kind::kInsnRange);
  EXPECT_EQ(w[5].lo, 10u);
}

TEST(TraceWindows, ErrorsNameTheBadSpec) {
  FakeSymbols symbols;
  EXPECT_NE(error_of("syscall:clone4", &symbols).find("'syscall:clone4': unknown syscall 'clone4'"),
            std::string::npos);
  EXPECT_NE(error_of("all,symbol:nope", &symbols).find("no symbol 'nope'"), std::string::npos);
  EXPECT_NE(error_of("symbol:main", nullptr).find("no symbol table"), std::string::npos);
  EXPECT_NE(error_of("symbol:nosize", &symbols).find("has no size"), std::string::npos);
  EXPECT_NE(error_of("pc:0x200-0x100", &symbols).find("empty range"), std::string::npos);
  EXPECT_NE(error_of("pc:12", &symbols).find("'pc:12'"), std::string::npos);
  EXPECT_NE(error_of("insn:0-5", &symbols).find("count from 1"), std::string::npos);
  EXPECT_NE(error_of("insn:9-5", &symbols).find("'insn:9-5'"), std::string::npos);
  EXPECT_NE(error_of("bogus", &symbols).find("'bogus'"), std::string::npos);
  EXPECT_NE(error_of("func:x", &symbols).find("unknown kind 'func'"), std::string::npos);
}

// A scripted machine: user code, an ecall, a kernel path with an interrupt, an sret.
class SessionTest : public ::testing::Test {
 protected:
  FakeGuest guest{1};
  FakeSymbols symbols;
  std::ostringstream strace, commits, timeline;

  RetireEvent insn(u64 pc, Priv priv) {
    RetireEvent e;
    e.pc = pc;
    e.priv = priv;
    e.next_priv = priv;
    e.bits = 0x00000013;  // nop
    e.next_pc = pc + 4;
    e.instret = ++guest.hart(0).instret;
    guest.hart(0).cycles += 2;
    return e;
  }
  void user_insn(TraceSession& s, u64 pc) { s.on_retire(insn(pc, Priv::kUser)); }
  void kernel_insn(TraceSession& s, u64 pc) { s.on_retire(insn(pc, Priv::kSupervisor)); }
  void ecall(TraceSession& s, u64 key, u64 nr, u64 a0 = 0, u64 a1 = 0) {
    auto& h = guest.hart(0);
    h.csr[kCsrSscratch] = key;
    h.x[17] = nr;
    h.x[10] = a0;
    h.x[11] = a1;
    TrapEvent t;
    t.cause = kCauseUserEcall;
    t.from = Priv::kUser;
    t.to = Priv::kSupervisor;
    t.epc = 0x10010;
    t.handler_pc = 0x80001000;
    s.on_trap(t);
    h.csr[kCsrSscratch] = 0;
    h.priv = Priv::kSupervisor;
  }
  void interrupt(TraceSession& s) {
    TrapEvent t;
    t.interrupt = true;
    t.cause = 5;
    t.from = Priv::kSupervisor;
    t.to = Priv::kSupervisor;
    t.epc = 0x80001008;
    t.handler_pc = 0x80001000;
    s.on_trap(t);
  }
  void sret(TraceSession& s, u64 key, u64 a0) {
    auto& h = guest.hart(0);
    h.csr[kCsrSscratch] = key;
    h.x[10] = a0;
    auto e = insn(0x80001080, Priv::kSupervisor);
    e.bits = kSretBits;
    e.timing_class = TimingClass::kXret;
    e.next_priv = Priv::kUser;
    e.next_pc = 0x10014;
    h.priv = Priv::kUser;
    s.on_retire(e);
  }
};

TEST_F(SessionTest, SyscallWindowCoversKernelPathInterruptsAndCloneChild) {
  TraceOptions options;
  options.commit_out = &commits;
  options.windows = "syscall:clone";
  options.strace_out = &strace;
  TraceSession session(guest, &symbols, nullptr, options);
  EXPECT_EQ(session.demand(), EventDemand::kTrapsAndXret);
  sret(session, 0xa000, 0);
  user_insn(session, 0x10000);
  ecall(session, 0xa000, 172);  // getpid: not in the window
  kernel_insn(session, 0x80001000);
  sret(session, 0xa000, 1);
  EXPECT_EQ(commits.str(), "");
  user_insn(session, 0x10004);
  ecall(session, 0xa000, 220, 0x11);  // clone(SIGCHLD)
  EXPECT_EQ(session.demand(), EventDemand::kAll);
  kernel_insn(session, 0x80001000);
  interrupt(session);
  kernel_insn(session, 0x80001004);
  sret(session, 0xa000, 2);  // the parent returns: the window waits for the child
  EXPECT_EQ(session.demand(), EventDemand::kAll);
  user_insn(session, 0x10014);
  sret(session, 0xb000, 0);  // the child's first return to user mode
  EXPECT_EQ(session.demand(), EventDemand::kTrapsAndXret);
  user_insn(session, 0x10018);
  const std::string log = commits.str();
  // Two kernel instructions, the parent's sret, the parent's next user instruction and the
  // child's sret; the interrupt is taken inside but Spike's format prints no trap lines.
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 5) << log;
  EXPECT_NE(log.find("core   0: 1 0x0000000080001000 (0x00000013)"), std::string::npos);
  EXPECT_NE(log.find("core   0: 1 0x0000000080001004"), std::string::npos);
  EXPECT_NE(log.find("core   0: 0 0x0000000000010014"), std::string::npos);
  EXPECT_EQ(log.find("0x0000000000010018"), std::string::npos);
  EXPECT_EQ(strace.str(),
            "[pid    #1] getpid()                    = 1\n"
            "[pid     1] clone(child_stack=NULL, flags=SIGCHLD) = 2\n");
  ASSERT_NE(session.threads()->find(0xb000), nullptr);
  EXPECT_EQ(session.threads()->find(0xb000)->tid, 2);
}

TEST_F(SessionTest, AnnotatedShowsThreadSymbolDisassemblyAndTraps) {
  TraceOptions options;
  options.commit_out = &commits;
  options.commit_format = "annotated";
  options.windows = "syscall:getpid";
  TraceSession session(
      guest, &symbols,
      [](u32 bits, u64) { return bits == kSretBits ? "sret" : "addi\tzero,zero,0"; }, options);
  sret(session, 0xa000, 0);
  ecall(session, 0xa000, 172);
  auto e = insn(0x80001010, Priv::kSupervisor);
  e.rd = 10;
  e.rd_written = true;
  e.rd_value = 7;
  e.num_mem = 1;
  e.mem[0] = {0xffffffc000001000, 0x80201000, 0x7, 8, false, false};
  session.on_retire(e);
  sret(session, 0xa000, 7);
  std::istringstream lines(commits.str());
  std::string trap, load, ret;
  std::getline(lines, trap);
  std::getline(lines, load);
  std::getline(lines, ret);
  EXPECT_EQ(trap,
            "h0 U [#1]     trap ecall-from-U cause=8 tval=0x0 epc=0x10010 -> S 0x80001000 "
            "<do_syscall>");
  EXPECT_EQ(load,
            "h0 S [#1]     0x0000000080001010 do_syscall+0x10              00000013 addi    "
            "zero,zero,0              a0=0x0000000000000007 ld8 0xffffffc000001000->0x80201000 "
            "=0x0000000000000007");
  EXPECT_EQ(ret.substr(0, 60), "h0 S [#1]     0x0000000080001080 do_syscall+0x80            ");
  EXPECT_NE(ret.find("sret"), std::string::npos);
  EXPECT_NE(ret.find("-> U 0x10014"), std::string::npos);
}

TEST_F(SessionTest, StaticWindowsAndDemand) {
  {
    TraceOptions none;
    TraceSession session(guest, nullptr, nullptr, none);
    EXPECT_EQ(session.demand(), EventDemand::kNone);
  }
  TraceOptions options;
  options.commit_out = &commits;
  options.windows = "insn:3-4";
  TraceSession session(guest, nullptr, nullptr, options);
  EXPECT_EQ(session.demand(), EventDemand::kAll);
  EXPECT_EQ(session.quiet_until_instret(), 2u);
  for (int i = 0; i < 6; ++i) user_insn(session, 0x10000 + 4 * i);
  EXPECT_EQ(commits.str(),
            "core   0: 0 0x0000000000010008 (0x00000013)\n"
            "core   0: 0 0x000000000001000c (0x00000013)\n");
}

TEST_F(SessionTest, BadOptionsThrowBeforeTheRun) {
  TraceOptions options;
  options.commit_out = &commits;
  options.windows = "symbol:missing";
  EXPECT_THROW(TraceSession(guest, &symbols, nullptr, options), SimError);
  options.windows = "all";
  options.commit_format = "qemu";
  EXPECT_THROW(TraceSession(guest, &symbols, nullptr, options), SimError);
  TraceOptions strace_options;
  strace_options.strace_out = &strace;
  strace_options.strace_filter = "write,nosuch";
  EXPECT_THROW(TraceSession(guest, &symbols, nullptr, strace_options), SimError);
}

TEST(JsonEscape, EscapesEverythingJsonNeeds) {
  EXPECT_EQ(json_escape("a\"b\\c\n\x01\xff"), "a\\\"b\\\\c\\n\\u0001\\u00ff");
}

TEST_F(SessionTest, TimelineIsValidJsonWithTracksSlicesAndInstants) {
  {
    TraceOptions options;
    options.timeline_out = &timeline;
    TraceSession session(guest, nullptr, nullptr, options);
    sret(session, 0xa000, 0);
    guest.map(0x4000, "say \"hi\"\\\n\x01", 11);
    guest.hart(0).x[12] = 11;
    ecall(session, 0xa000, 64, 1, 0x4000);
    interrupt(session);
    sret(session, 0xa000, 11);
    ecall(session, 0xa000, 178);
    sret(session, 0xa000, 42);
    sret(session, 0xb000, 0);  // another thread starts: a context switch
    ecall(session, 0xb000, 93, 0);
  }  // the destructor finishes the JSON
  namespace pt = boost::property_tree;
  pt::ptree root;
  std::istringstream in(timeline.str());
  ASSERT_NO_THROW(pt::read_json(in, root)) << timeline.str();
  int slices = 0, instants = 0, metadata = 0;
  bool saw_write = false, saw_tid_name = false;
  for (const auto& [key, event] : root.get_child("traceEvents")) {
    const std::string ph = event.get<std::string>("ph");
    EXPECT_TRUE(event.get_optional<int>("pid"));
    EXPECT_TRUE(event.get_optional<int>("tid"));
    EXPECT_TRUE(event.get_optional<std::string>("name"));
    if (ph == "M") {
      ++metadata;
      if (event.get<std::string>("args.name") == "tid 42") saw_tid_name = true;
      continue;
    }
    EXPECT_TRUE(event.get_optional<double>("ts"));
    if (ph == "X") {
      ++slices;
      EXPECT_TRUE(event.get_optional<double>("dur"));
      if (event.get<std::string>("name") == "write") {
        saw_write = true;
        EXPECT_EQ(event.get<std::string>("args.call"),
                  "write(1, \"say \\\"hi\\\"\\\\\\n\\1\", 11) = 11");
      }
    } else {
      EXPECT_EQ(ph, "i");
      ++instants;
    }
  }
  EXPECT_TRUE(saw_write);
  EXPECT_TRUE(saw_tid_name);
  EXPECT_EQ(slices, 4);    // write, gettid, and the two threads' runs on hart 0
  EXPECT_GE(instants, 7);  // 3 ecalls + 1 interrupt + 2 switches + thread starts + exit
  EXPECT_GE(metadata, 5);  // 2 processes, hart 0, 2 threads
}

}  // namespace
}  // namespace rvscope::trace

namespace rvscope::trace {
namespace {

// A run that dies before finish() still leaves loadable JSON (the stream here is seekable).
TEST(TimelineTest, ValidJsonAfterEveryEvent) {
  testing::FakeGuest guest(2);
  std::ostringstream out;
  Timeline timeline(out, guest);
  ThreadTracker tracker(guest);
  tracker.add_listener(&timeline);
  for (unsigned i = 0; i < 3; ++i) {
    TrapEvent trap;
    trap.hart = i % 2;
    trap.interrupt = true;
    trap.cause = 9;
    timeline.on_trap(trap);
    guest.hart(0).cycles += 100;
    boost::property_tree::ptree root;
    std::istringstream in(out.str());
    ASSERT_NO_THROW(boost::property_tree::read_json(in, root)) << out.str();
    // Two process names, then each hart's name at its first event, then the traps.
    const std::size_t expected[] = {4, 6, 7};
    EXPECT_EQ(root.get_child("traceEvents").size(), expected[i]);
  }
}

}  // namespace
}  // namespace rvscope::trace

namespace rvscope::trace {
namespace {

TEST(SpikeCsrViews, SstatusAndXretLogAsMstatusLikeSpike) {
  testing::FakeGuest guest(1);
  guest.hart(0).csr[0x300] = 0x8000000a00006020;
  std::ostringstream out;
  CommitLog log(out, CommitFormat::kSpike, parse_trace_windows("all", nullptr),
                CommitLogDeps{&guest, nullptr, nullptr, nullptr});
  RetireEvent csrw;  // csrw sstatus, t0
  csrw.priv = Priv::kSupervisor;
  csrw.pc = 0x80200000;
  csrw.bits = 0x10029073;
  csrw.timing_class = TimingClass::kCsr;
  csrw.num_csr_writes = 1;
  csrw.csr_writes[0] = {0x100, 0x20};
  log.on_retire(csrw);
  RetireEvent sret;
  sret.priv = Priv::kSupervisor;
  sret.pc = 0x80200004;
  sret.bits = kSretBits;
  sret.timing_class = TimingClass::kXret;
  sret.next_priv = Priv::kUser;
  log.on_retire(sret);
  EXPECT_EQ(out.str(),
            "core   0: 1 0x0000000080200000 (0x10029073) c768_mstatus 0x8000000a00006020\n"
            "core   0: 1 0x0000000080200004 (0x10200073) c768_mstatus 0x8000000a00006020\n");
}

}  // namespace
}  // namespace rvscope::trace
