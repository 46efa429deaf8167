// The STRC section: a scripted guest cut at every event continues its strace byte for byte
// from the restored thread table (every filter, open lines included); bad bytes are errors.
#include "sim/trace/strace_snapshot.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sstream>

#include "sim/common/error.hpp"
#include "sim/trace/trace_session.hpp"
#include "tests/unit/trace/fake_guest.hpp"

namespace rvscope::trace {
namespace {

using testing::FakeGuest;

constexpr u64 kParent = 0xffffffd000a00000, kChild = 0xffffffd000b00000;
constexpr u64 kEcallPc = 0x10000, kBuffer = 0x30000, kStatus = 0x30100;
constexpr u64 kWrite = 64, kRead = 63, kWait4 = 260, kClone = 220, kGetpid = 172;
constexpr u64 kSetTidAddress = 96, kExitGroup = 94, kGetppid = 173;
constexpr unsigned kHarts = 2;

// One hart event with the registers it sees: a U-mode ecall, or an sret to user mode.
struct Step {
  bool ecall = false;
  unsigned hart = 0;
  u64 key = 0;
  u64 nr_or_a0 = 0;  // the syscall number at an ecall, a0 at an sret
  std::array<u64, 6> args{};
};

Step ecall(unsigned hart, u64 key, u64 nr, std::array<u64, 6> args = {}) {
  return {true, hart, key, nr, args};
}
Step sret(unsigned hart, u64 key, u64 a0) { return {false, hart, key, a0, {}}; }

// init: learns its TID, writes, forks a child and waits for it while the child (on the other
// hart) runs, exits; then a read whose line stays open across its one event, and the end.
std::vector<Step> script() {
  return {sret(0, kParent, 0),
          ecall(0, kParent, kSetTidAddress, {0x7d0d0}),
          sret(0, kParent, 1),
          ecall(0, kParent, kWrite, {1, kBuffer, 3}),
          sret(0, kParent, 3),
          ecall(0, kParent, kClone, {17}),
          sret(0, kParent, 2),
          ecall(0, kParent, kWait4, {static_cast<u64>(-1), kStatus}),
          sret(1, kChild, 0),
          ecall(1, kChild, kGetpid),
          sret(1, kChild, 2),
          ecall(1, kChild, kWrite, {1, kBuffer + 1, 2}),
          sret(1, kChild, 2),
          ecall(1, kChild, kGetppid),
          sret(1, kChild, 1),
          ecall(1, kChild, kExitGroup, {0}),
          sret(0, kParent, 2),  // wait4 returns the child
          ecall(0, kParent, kRead, {0, kBuffer, 8}),
          sret(0, kParent, 4),
          ecall(0, kParent, kExitGroup, {0})};
}

// Replays steps [from, to) of the script onto `observer`, setting the guest's registers as
// each event finds them (so a replay may start at any step); the clock follows the index.
void replay(FakeGuest& guest, HartObserver& observer, std::size_t from, std::size_t to) {
  const std::vector<Step> steps = script();
  for (std::size_t i = from; i < to; ++i) {
    const Step& s = steps[i];
    auto& h = guest.hart(s.hart);
    h.cycles = 100 * (i + 1);
    h.instret = 10 * (i + 1);
    h.priv = Priv::kUser;
    h.csr[kCsrSscratch] = s.key;
    if (s.ecall) {
      h.x[17] = s.nr_or_a0;
      for (unsigned a = 0; a < 6; ++a) h.x[10 + a] = s.args[a];
      TrapEvent trap;
      trap.hart = s.hart;
      trap.cause = kCauseUserEcall;
      trap.from = Priv::kUser;
      trap.to = Priv::kSupervisor;
      trap.epc = kEcallPc;
      observer.on_trap(trap);
      h.csr[kCsrSscratch] = 0;
      h.priv = Priv::kSupervisor;
    } else {
      h.x[10] = s.nr_or_a0;
      RetireEvent retire;
      retire.hart = s.hart;
      retire.priv = Priv::kSupervisor;
      retire.bits = kSretBits;
      retire.next_priv = Priv::kUser;
      retire.next_pc = kEcallPc + 4;
      retire.instret = h.instret;
      observer.on_retire(retire);
    }
  }
}

FakeGuest make_guest() {
  FakeGuest guest(kHarts);
  guest.map_string(kBuffer, "hi\n");
  guest.map_value<u32>(kStatus, 0);  // WIFEXITED, status 0
  return guest;
}

TraceOptions strace_to(std::ostream& out, const std::string& filter, bool cycles) {
  TraceOptions options;
  options.strace_out = &out;
  options.strace_filter = filter;
  options.strace_cycles = cycles;
  return options;
}

// Lines [from, end) of `text`.
std::string lines_from(const std::string& text, u64 from) {
  std::size_t at = 0;
  for (u64 i = 0; i < from; ++i) at = text.find('\n', at) + 1;
  return text.substr(at);
}

// The STRC bytes of a recorder that saw steps [0, cut).
std::vector<u8> saved_at(std::size_t cut) {
  FakeGuest guest = make_guest();
  StraceRecorder recorder(guest);
  replay(guest, recorder, 0, cut);
  return recorder.save();
}

TEST(StraceSnapshot, EveryCutContinuesTheUninterruptedStraceExactly) {
  const std::size_t steps = script().size();
  for (const std::string filter : {"", "wait4", "write", "read,exit_group", "clone,wait4,getpid"}) {
    for (const bool cycles : {false, true}) {
      SCOPED_TRACE(fmt::format("--strace={} cycles={}", filter, cycles));
      std::ostringstream full;
      std::vector<u64> lines_before(steps + 1);
      {
        FakeGuest guest = make_guest();
        TraceSession session(guest, nullptr, {}, strace_to(full, filter, cycles));
        for (std::size_t i = 0; i < steps; ++i) {
          lines_before[i] = *session.strace_lines();
          replay(guest, session, i, i + 1);
        }
        lines_before[steps] = *session.strace_lines();
      }
      if (filter.empty()) {
        ASSERT_NE(full.str().find("<... wait4 resumed>"), std::string::npos) << full.str();
      }
      unsigned open_cuts = 0;  // cuts with a line open: the restored tracer must finish it
      for (std::size_t cut = 0; cut <= steps; ++cut) {
        SCOPED_TRACE(fmt::format("cut before step {}", cut));
        FakeGuest guest = make_guest();
        std::vector<u8> state = saved_at(cut);
        {
          ThreadTracker tracker(guest);
          StraceContinuity continuity(guest);
          restore_strace_state(state, "test STRC", kHarts, tracker, continuity);
          if (continuity.open_line(parse_strace_filter(filter))) ++open_cuts;
        }
        std::ostringstream restored;
        {
          TraceSession session(guest, nullptr, {}, strace_to(restored, filter, cycles));
          session.restore_threads(state, "test STRC", kHarts);
          replay(guest, session, cut, steps);
        }
        EXPECT_EQ(restored.str(), lines_from(full.str(), lines_before[cut]));
      }
      EXPECT_GT(open_cuts, 0u);
    }
  }
}

TEST(StraceSnapshot, ARestoredStateSavesToTheSameBytes) {
  for (const std::size_t cut : {std::size_t{0}, std::size_t{8}, std::size_t{12}, script().size()}) {
    const std::vector<u8> state = saved_at(cut);
    FakeGuest guest = make_guest();
    StraceRecorder again(guest);
    again.restore(state, "test STRC", kHarts);
    EXPECT_EQ(again.save(), state) << cut;
  }
}

std::string error_of(std::span<const u8> bytes, unsigned harts = kHarts) {
  try {
    FakeGuest guest = make_guest();
    StraceRecorder recorder(guest);
    recorder.restore(bytes, "snapshot 'x.snap', section STRC", harts);
  } catch (const SimError& e) {
    return e.what();
  }
  return "";
}

TEST(StraceSnapshot, ATruncatedSectionIsAnErrorNamingIt) {
  const std::vector<u8> state = saved_at(12);  // two threads, two calls in progress
  ASSERT_EQ(error_of(state), "");
  for (std::size_t size = 0; size < state.size(); ++size) {
    const std::string error = error_of(std::span(state).first(size));
    EXPECT_EQ(error.rfind("snapshot 'x.snap', section STRC: ", 0), 0u) << size << ": " << error;
  }
  EXPECT_NE(error_of(std::span(state).first(2)).find("ends after 2 bytes"), std::string::npos);
  std::vector<u8> longer = state;
  longer.push_back(0);
  EXPECT_NE(error_of(longer).find("1 unexpected bytes at the end"), std::string::npos);
}

TEST(StraceSnapshot, AnotherVersionOrAnotherMachineIsRefused) {
  std::vector<u8> state = saved_at(12);
  state[0] = 9;
  EXPECT_NE(error_of(state).find("strace state version 9, this rvscope reads version 1"),
            std::string::npos);
  // Hart 1 ran the child: a one-hart machine cannot hold it.
  EXPECT_NE(error_of(saved_at(12), 1).find("(a hart) is 1, must be below 1"), std::string::npos)
      << error_of(saved_at(12), 1);
}

TEST(StraceSnapshot, EveryCorruptedByteIsAnErrorOrAValidStateNeverACrash) {
  const std::vector<u8> state = saved_at(12);
  for (std::size_t at = 0; at < state.size(); ++at) {
    for (const u8 flip : {u8{0x01}, u8{0x80}, u8{0xff}}) {
      std::vector<u8> bad = state;
      bad[at] ^= flip;
      const std::string error = error_of(bad);
      if (!error.empty()) {
        EXPECT_EQ(error.rfind("snapshot 'x.snap', section STRC", 0), 0u) << error;
      }
    }
  }
}

}  // namespace
}  // namespace rvscope::trace
