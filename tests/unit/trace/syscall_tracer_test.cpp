// The strace-style tracer: thread keys, TIDs, unfinished/resumed interleaving, filters.
#include "sim/trace/syscall_tracer.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "sim/common/error.hpp"
#include "sim/trace/strace_format.hpp"
#include "sim/trace/thread_tracker.hpp"
#include "tests/unit/trace/fake_guest.hpp"

namespace rvscope::trace {
namespace {

using testing::FakeGuest;

class TracerTest : public ::testing::Test {
 protected:
  explicit TracerTest(unsigned harts = 2) : guest(harts) {}

  void SetUp() override { tracker.add_listener(&tracer); }

  // A U-mode ecall on `hart` by the thread whose kernel pointer is `key`.
  void ecall(unsigned hart, u64 key, u64 nr, std::array<u64, 6> args = {}) {
    auto& h = guest.hart(hart);
    h.priv = Priv::kUser;
    h.csr[kCsrSscratch] = key;
    h.x[17] = nr;
    for (unsigned i = 0; i < 6; ++i) h.x[10 + i] = args[i];
    TrapEvent trap;
    trap.hart = hart;
    trap.cause = kCauseUserEcall;
    trap.from = Priv::kUser;
    trap.to = Priv::kSupervisor;
    trap.epc = kEcallPc;
    tracker.on_trap(trap);
    h.csr[kCsrSscratch] = 0;  // the kernel's entry swaps it out
    h.priv = Priv::kSupervisor;
  }

  // The kernel returns to user mode in thread `key` with a0 = `a0`.
  void sret(unsigned hart, u64 key, u64 a0, u64 next_pc = kEcallPc + 4) {
    auto& h = guest.hart(hart);
    h.csr[kCsrSscratch] = key;
    h.x[10] = a0;
    h.priv = Priv::kUser;
    RetireEvent retire;
    retire.hart = hart;
    retire.priv = Priv::kSupervisor;
    retire.bits = kSretBits;
    retire.next_priv = Priv::kUser;
    retire.next_pc = next_pc;
    retire.instret = h.instret;
    tracker.on_retire(retire);
  }

  static constexpr u64 kEcallPc = 0x10000;
  FakeGuest guest;
  std::ostringstream out;
  ThreadTracker tracker{guest};
  SyscallTracer tracer{guest, out};
};

TEST_F(TracerTest, AlignsReturnAtColumn40) {
  sret(0, 0xa000, 0);  // the first process enters user mode
  ecall(0, 0xa000, 214, {0});
  sret(0, 0xa000, 0x25f58000);
  ecall(0, 0xa000, 96, {0x25f58690});
  sret(0, 0xa000, 26965);
  ecall(0, 0xa000, 214, {0});
  sret(0, 0xa000, 0x25f58000);
  EXPECT_EQ(out.str(),
            "[pid    #1] brk(NULL)                   = 0x25f58000\n"
            "[pid    #1] set_tid_address(0x25f58690) = 26965\n"
            "[pid 26965] brk(NULL)                   = 0x25f58000\n");
}

TEST_F(TracerTest, TwoThreadsInterleaveWithUnfinishedAndResumed) {
  constexpr u64 kParent = 0xffffffd000a00000, kChild = 0xffffffd000b00000;
  sret(0, kParent, 0);
  ecall(0, kParent, 178);  // gettid
  sret(0, kParent, 100);
  // clone3 with CLONE_THREAD|CLONE_PARENT_SETTID; the kernel writes the TID back.
  const u64 args[11] = {0x3d0f00, 0, 0x7000, 0x7000, 0, 0x10000, 0x800, 0x9000, 0, 0, 0};
  guest.map(0x5000, args, sizeof(args));
  ecall(0, kParent, 435, {0x5000, 88});
  guest.map_value<i32>(0x7000, 101);
  // The child runs first on hart 1 and enters rseq before the parent's clone3 returns.
  sret(1, kChild, 0);
  ecall(1, kChild, 293, {0x8000, 0x20, 0, 0x53053053});
  sret(0, kParent, 101);
  sret(1, kChild, 0);
  ecall(1, kChild, 93, {0});
  ecall(0, kParent, 94, {0});
  EXPECT_EQ(out.str(),
            "[pid    #1] gettid()                    = 100\n"
            "[pid   100] clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|"
            "CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, "
            "child_tid=0x7000, parent_tid=0x7000, exit_signal=0, stack=0x10000, "
            "stack_size=0x800, tls=0x9000} <unfinished ...>\n"
            "[pid    #2] rseq(0x8000, 0x20, 0, 0x53053053 <unfinished ...>\n"
            "[pid   100] <... clone3 resumed> => {parent_tid=[101]}, 88) = 101\n"
            "[pid   101] <... rseq resumed>)         = 0\n"
            "[pid   101] exit(0)                     = ?\n"
            "[pid   101] +++ exited with 0 +++\n"
            "[pid   100] exit_group(0)               = ?\n"
            "[pid   100] +++ exited with 0 +++\n");
  EXPECT_EQ(tracker.pending(), 0u);
  ASSERT_NE(tracker.find(kChild), nullptr);
  EXPECT_EQ(tracker.find(kChild)->tid, 101);
  EXPECT_EQ(tracker.find(kChild)->group, tracker.find(kParent)->group);
}

TEST_F(TracerTest, ChildAfterParentReturnGetsTid) {
  sret(0, 0xa000, 0);
  ecall(0, 0xa000, 220, {0x11, 0, 0, 0, 0});  // fork-like clone(SIGCHLD)
  sret(0, 0xa000, 7);
  sret(0, 0xc000, 0);  // the child's first return to user, a0 = 0
  ecall(0, 0xc000, 172);
  sret(0, 0xc000, 7);
  EXPECT_EQ(out.str(),
            "[pid    #1] clone(child_stack=NULL, flags=SIGCHLD) = 7\n"
            "[pid     7] getpid()                    = 7\n");
}

TEST_F(TracerTest, ReadIsResumedWhenAnotherThreadPrints) {
  sret(0, 0xa000, 0);
  sret(1, 0xb000, 0);
  ecall(0, 0xa000, 63, {0, 0x4000, 16});  // blocks
  ecall(1, 0xb000, 64, {1, 0x4100, 2});
  guest.map(0x4100, "ok", 2);
  sret(1, 0xb000, 2);
  guest.map(0x4000, "line\n", 5);
  sret(0, 0xa000, 5);
  EXPECT_EQ(out.str(),
            "[pid    #1] read(0,  <unfinished ...>\n"
            "[pid    #2] write(1, 0x4100, 2)         = 2\n"
            "[pid    #1] <... read resumed>\"line\\n\", 16) = 5\n");
}

TEST_F(TracerTest, ReturnsFromInterruptsAreNotSyscalls) {
  sret(0, 0xa000, 0);
  sret(0, 0xa000, 1234);  // back from a timer interrupt
  ecall(0, 0xa000, 124);
  sret(0, 0xa000, 0);
  EXPECT_EQ(out.str(), "[pid    #1] sched_yield()               = 0\n");
}

TEST_F(TracerTest, KeyReusedAfterExitIsANewThread) {
  sret(0, 0xa000, 0);
  ecall(0, 0xa000, 178);
  sret(0, 0xa000, 5);
  ecall(0, 0xa000, 93, {3});
  sret(0, 0xa000, 0);  // a new thread got the same kernel stack
  ecall(0, 0xa000, 172);
  sret(0, 0xa000, 9);
  EXPECT_EQ(out.str(),
            "[pid    #1] gettid()                    = 5\n"
            "[pid     5] exit(3)                     = ?\n"
            "[pid     5] +++ exited with 3 +++\n"
            "[pid    #2] getpid()                    = 9\n");
}

TEST_F(TracerTest, ExitGroupEndsSiblingsBlockedInSyscalls) {
  sret(0, 0xa000, 0);
  ecall(0, 0xa000, 220, {0x10f00, 0x8000});  // clone(CLONE_VM|...|CLONE_THREAD)
  sret(0, 0xa000, 11);
  sret(1, 0xb000, 0);
  ecall(1, 0xb000, 98, {0x6000, 0x80, 0, 0});  // futex wait, blocks
  ecall(0, 0xa000, 94, {2});
  EXPECT_EQ(out.str(),
            "[pid    #1] clone(child_stack=0x8000, flags=CLONE_VM|CLONE_FS|CLONE_FILES|"
            "CLONE_SIGHAND|CLONE_THREAD) = 11\n"
            "[pid    11] futex(0x6000, FUTEX_WAIT_PRIVATE, 0, NULL <unfinished ...>\n"
            "[pid    #1] exit_group(2)               = ?\n"
            "[pid    11] <... futex resumed>)        = ?\n"
            "[pid    11] +++ exited with 2 +++\n"
            "[pid    #1] +++ exited with 2 +++\n");
  EXPECT_EQ(tracker.pending(), 0u);
}

TEST_F(TracerTest, Wait4FreesTheKeyOfAProcessKilledBySignal) {
  sret(0, 0xa000, 0);
  ecall(0, 0xa000, 220, {0x11});  // fork-like clone
  sret(0, 0xa000, 7);
  sret(1, 0xc000, 0);                 // child 7 runs in user mode...
  ecall(1, 0xc000, 131, {7, 7, 11});  // ...and dies of the SIGSEGV it sends itself
  ecall(0, 0xa000, 260, {static_cast<u64>(-1), 0x9000, 0, 0});
  guest.map_value<u32>(0x9000, 0x8b);  // SIGSEGV, core dumped
  sret(0, 0xa000, 7);
  ecall(0, 0xa000, 220, {0x11});
  sret(0, 0xa000, 8);
  sret(1, 0xc000, 0);  // the new child got the dead one's kernel stack
  EXPECT_EQ(tracker.find(0xc000)->tid, 8);
  EXPECT_EQ(tracker.pending(), 0u);
  EXPECT_EQ(out.str(),
            "[pid    #1] clone(child_stack=NULL, flags=SIGCHLD) = 7\n"
            "[pid     7] tgkill(7, 7, SIGSEGV <unfinished ...>\n"
            "[pid    #1] wait4(-1,  <unfinished ...>\n"
            "[pid     7] <... tgkill resumed>)       = ?\n"
            "[pid     7] +++ killed by SIGSEGV (core dumped) +++\n"
            "[pid    #1] <... wait4 resumed>[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && "
            "WCOREDUMP(s)}], 0, NULL) = 7\n"
            "[pid    #1] clone(child_stack=NULL, flags=SIGCHLD) = 8\n");
}

// The kernel enters a handler: a0 = signal, a1 = &siginfo, a2 = &ucontext of an rt_sigframe
// at `frame` whose saved pc is `saved_pc` and saved a0 `saved_a0`.
void deliver(FakeGuest& guest, u64 frame, u64 signo, i32 code, u64 field0, u64 saved_pc,
             u64 saved_a0, u64 mask = 0) {
  guest.map_value<i32>(frame, static_cast<i32>(signo));
  guest.map_value<i32>(frame + 8, code);
  guest.map_value<u64>(frame + 16, field0);
  guest.map_value<u64>(frame + 24, 0);
  guest.map_value<u64>(frame + 128 + 40, mask);       // uc_sigmask
  guest.map_value<u64>(frame + 128 + 176, saved_pc);  // uc_mcontext.gregs[0]
  guest.map_value<u64>(frame + 128 + 256, saved_a0);  // gregs[10]
  auto& h = guest.hart(0);
  h.x[11] = frame;
  h.x[12] = frame + 128;
}

TEST_F(TracerTest, SignalsDeliveredOnSyscallReturnAndAfterFaults) {
  constexpr u64 kFrame = 0x3ffff000, kHandler = 0x20000;
  sret(0, 0xa000, 0);
  ecall(0, 0xa000, 131, {2, 2, 10});  // tgkill(2, 2, SIGUSR1): returns 0 into the handler
  deliver(guest, kFrame, 10, -6, 2, kEcallPc + 4, 0);
  sret(0, 0xa000, 10, kHandler);
  guest.hart(0).x[2] = kFrame;
  ecall(0, 0xa000, 139);  // the handler returns through the frame
  sret(0, 0xa000, 0, 0x10abc);
  // A blocked read interrupted by SIGALRM and restarted after the handler.
  ecall(0, 0xa000, 63, {0, 0x4000, 16});
  deliver(guest, kFrame, 14, 0x80, 0, kEcallPc, 0);
  sret(0, 0xa000, 14, kHandler);
  // A page fault from user mode turned into SIGSEGV.
  TrapEvent fault;
  fault.cause = 13;
  fault.from = Priv::kUser;
  fault.epc = 0x10020;
  guest.hart(0).csr[kCsrSscratch] = 0xa000;
  tracker.on_trap(fault);
  deliver(guest, kFrame, 11, 1, 0, 0x10020, 0);
  sret(0, 0xa000, 11, kHandler);
  // An interrupt that returns where it was taken is no signal.
  TrapEvent timer;
  timer.interrupt = true;
  timer.cause = 5;
  timer.from = Priv::kUser;
  timer.epc = 0x10030;
  tracker.on_trap(timer);
  sret(0, 0xa000, 0, 0x10030);
  EXPECT_EQ(out.str(),
            "[pid    #1] tgkill(2, 2, SIGUSR1)       = 0\n"
            "[pid    #1] --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=2, si_uid=0} ---\n"
            "[pid    #1] rt_sigreturn({mask=[]})     = 0\n"
            "[pid    #1] read(0, 0x4000, 16)         = ? ERESTARTSYS (To be restarted if "
            "SA_RESTART is set)\n"
            "[pid    #1] --- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---\n"
            "[pid    #1] --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---\n");
}

TEST_F(TracerTest, InterruptedSigsuspendIsErestartnohandAsStraceShowsIt) {
  constexpr u64 kFrame = 0x3ffff000, kHandler = 0x20000;
  guest.map_value<u64>(0x4000, 0);
  sret(0, 0xa000, 0);
  ecall(0, 0xa000, 133, {0x4000, 8});  // rt_sigsuspend([], 8), woken by SIGALRM
  deliver(guest, kFrame, 14, 0x80, 0, kEcallPc + 4, static_cast<u64>(-4));
  sret(0, 0xa000, 14, kHandler);
  // Golden lines: strace 6.1 on the host for the same call.
  EXPECT_EQ(out.str(),
            "[pid    #1] rt_sigsuspend([], 8)        = ? ERESTARTNOHAND (To be restarted if no "
            "handler)\n"
            "[pid    #1] --- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---\n");
}

TEST_F(TracerTest, AFaultThatKillsShowsItsSiginfoBeforeTheKill) {
  sret(0, 0xa000, 0);
  ecall(0, 0xa000, 220, {0x11});  // fork-like clone
  sret(0, 0xa000, 7);
  sret(1, 0xc000, 0);  // child 7 in user mode
  // A page fault the kernel handles (demand paging): the child returns where it faulted.
  TrapEvent fault;
  fault.cause = 15;
  fault.from = Priv::kUser;
  fault.hart = 1;
  fault.epc = 0x10020;
  fault.tval = 0x7000;
  tracker.on_trap(fault);
  sret(1, 0xc000, 0, 0x10020);
  // Then a store to 0x10, unmapped: the child never returns to user mode.
  fault.tval = 0x10;
  tracker.on_trap(fault);
  ecall(0, 0xa000, 260, {static_cast<u64>(-1), 0x9000, 0, 0});
  guest.map_value<u32>(0x9000, 0x0b);  // killed by SIGSEGV
  sret(0, 0xa000, 7);
  // Golden lines for the child: strace 6.1 -f on the host for the same store.
  EXPECT_EQ(out.str(),
            "[pid    #1] clone(child_stack=NULL, flags=SIGCHLD) = 7\n"
            "[pid    #1] wait4(-1,  <unfinished ...>\n"
            "[pid     7] --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---\n"
            "[pid     7] +++ killed by SIGSEGV +++\n"
            "[pid    #1] <... wait4 resumed>[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV}], 0, NULL) "
            "= 7\n");
}

TEST(Siginfo, StraceFields) {
  EXPECT_EQ(format_siginfo(17, 1, 3, 0),
            "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=3, si_uid=0, si_status=0, si_utime=0, "
            "si_stime=0}");
  EXPECT_EQ(format_siginfo(17, 2, 3, 9),
            "{si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=3, si_uid=0, si_status=SIGKILL, "
            "si_utime=0, si_stime=0}");
  EXPECT_EQ(format_siginfo(10, 0, 7, 0), "{si_signo=SIGUSR1, si_code=SI_USER, si_pid=7, si_uid=0}");
  EXPECT_EQ(format_siginfo(11, 2, 0x1000, 0),
            "{si_signo=SIGSEGV, si_code=SEGV_ACCERR, si_addr=0x1000}");
}

TEST(StraceFilter, ParsesNamesAndNumbers) {
  EXPECT_EQ(parse_strace_filter("clone3,write,63"), (std::set<u64>{435, 64, 63}));
  EXPECT_TRUE(parse_strace_filter("").empty());
  try {
    parse_strace_filter("write,readlink");
    FAIL() << "readlink is not a riscv64 syscall";
  } catch (const SimError& e) {
    EXPECT_NE(std::string(e.what()).find("'readlink'"), std::string::npos) << e.what();
  }
}

TEST(StraceOptionsTest, FilterAndCycles) {
  FakeGuest guest(1);
  std::ostringstream out;
  ThreadTracker tracker(guest);
  StraceOptions options;
  options.only = {64};
  options.show_cycles = true;
  SyscallTracer tracer(guest, out, options);
  tracker.add_listener(&tracer);
  auto& h = guest.hart(0);
  auto call = [&](u64 nr, u64 ret, u64 cycles, u64 insns) {
    h.csr[kCsrSscratch] = 0xa000;
    h.x[17] = nr;
    h.x[10] = 1;
    h.x[11] = 0;
    h.x[12] = 0;
    TrapEvent trap;
    trap.cause = kCauseUserEcall;
    trap.from = Priv::kUser;
    trap.epc = 0x10000;
    tracker.on_trap(trap);
    h.cycles += cycles;
    h.instret += insns;
    h.x[10] = ret;
    RetireEvent retire;
    retire.bits = kSretBits;
    retire.next_priv = Priv::kUser;
    retire.next_pc = 0x10004;
    retire.instret = h.instret;
    tracker.on_retire(retire);
  };
  call(172, 1, 10, 5);
  call(64, 0, 300, 120);
  // getpid told the tracer the leader's TID (1), though getpid itself was filtered out.
  EXPECT_EQ(out.str(), "[pid     1] write(1, NULL, 0)           = 0 <300 cycles, 120 insns>\n");
}

}  // namespace
}  // namespace rvscope::trace
