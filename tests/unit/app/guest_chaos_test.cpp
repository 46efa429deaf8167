// A guest executing random instructions (random CSR writes, self-modifying stores, privilege
// changes, FP, atomics) never crashes the simulator, and every run loop leaves it in the same
// architectural state: the threaded loop, the observed threaded loop, the step loop, and the
// observed loop feeding the timing model.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "sim/app/timing_session.hpp"
#include "sim/cpu/insn_info.hpp"
#include "sim/machine/machine.hpp"
#include "sim/timing/timing_config.hpp"

namespace rvscope {
namespace {

constexpr u64 kChaosStart = 0x80010000, kChaosEnd = 0x80050000;
constexpr u64 kInsnLimit = 200'000;

// Sets mtvec to a handler that resumes two bytes past any trapping instruction (wrapping into
// the random region), points most registers into RAM so that loads and stores land there
// (including on the random code itself), enables FP and jumps into the random words.
std::string build_harness() {
  const std::string dir = ::testing::TempDir();
  const std::string src = dir + "/chaos.S", elf = dir + "/chaos.elf";
  std::ofstream(src) << R"(
.section .text.init
.globl _start
_start:
  la t0, handler
  csrw mtvec, t0
  li t0, 0x6000
  csrs mstatus, t0
  li t0, 0x80020000
  mv gp, t0
  addi tp, t0, 0x100
  addi s0, t0, 0x200
  addi s1, t0, 0x300
  addi a0, t0, 0x400
  addi a1, t0, 0x500
  addi a2, t0, 0x600
  addi a3, t0, 0x700
  li a4, 0x80010000
  li a5, 0x80030008
  li sp, 0x80048000
  li t0, 0x80010000
  jr t0
.align 2
handler:
  csrr t6, mepc
  addi t6, t6, 2
  li t5, 0x80010000
  bltu t6, t5, 1f
  li t4, 0x80050000
  bltu t6, t4, 2f
1:
  mv t6, t5
2:
  csrw mepc, t6
  mret
.section .tohost,"aw",@progbits
.align 6
.globl tohost
tohost: .dword 0
.globl fromhost
fromhost: .dword 0
)";
  const std::string cmd =
      "riscv64-unknown-elf-gcc -nostdlib -nostartfiles -march=rv64gc -mabi=lp64d "
      "-T " RVSCOPE_SOURCE_DIR "/tests/isa/link.ld -o " +
      elf + " " + src;
  if (std::system(cmd.c_str()) != 0) return "";
  return elf;
}

u64 splitmix(u64& state) {
  u64 z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// Three words in four are a random row of the instruction table with random operand bits,
// the rest raw random bits (mostly compressed encodings and illegal instructions).
std::vector<u32> random_code(u64 seed) {
  std::vector<u32> words((kChaosEnd - kChaosStart) / 4);
  u64 state = seed;
  constexpr auto kRows = static_cast<u64>(InsnId::kIllegal);
  for (u32& w : words) {
    const u64 r = splitmix(state);
    if (r % 4 != 0) {
      const InsnInfo& row = kInsnInfo[(r >> 8) % kRows];
      w = row.match | (static_cast<u32>(r >> 32) & ~row.mask);
    } else {
      w = static_cast<u32>(r >> 32);
    }
  }
  return words;
}

struct FinalState {
  StopReason reason{};
  int exit_code = 0;
  u64 pc = 0, instret = 0;
  Priv priv = Priv::kMachine;
  std::array<u64, 33> x{};
  std::array<u64, 32> f{};
  std::vector<u64> csrs;
  bool operator==(const FinalState&) const = default;
};

enum class Loop { kThreaded, kObservedThreaded, kStep, kTimingModel };

// Listens to every instruction and does nothing: the hart runs its observed loop.
class Silent final : public HartObserver {
 public:
  void on_retire(const RetireEvent&) override { ++retired; }  // proves the loop was observed
  void on_trap(const TrapEvent&) override {}
  u64 retired = 0;
};

FinalState run_chaos(const std::string& elf, u64 seed, Loop loop) {
  MachineConfig config;
  config.boot.mode = BootMode::kDirect;
  config.boot.kernel = elf;
  config.console.input = ConsoleInput::kNone;
  config.run.max_insns = kInsnLimit;
  Machine machine(config);
  machine.load();
  const std::vector<u32> code = random_code(seed);
  EXPECT_TRUE(machine.write_virtual(0, kChaosStart, code.data(), code.size() * 4));

  Silent silent;
  std::unique_ptr<TimingSession> timing;
  if (loop == Loop::kObservedThreaded) machine.add_observer(&silent);
  if (loop == Loop::kStep) {
    machine.hart(0).set_breakpoint_checker([](void*, unsigned, u64) { return false; }, nullptr);
  }
  if (loop == Loop::kTimingModel) {
    timing = std::make_unique<TimingSession>(
        machine, timing::load_timing_config(RVSCOPE_SOURCE_DIR "/configs/u74.yaml"), "");
  }
  const RunResult result = machine.run();
  if (loop == Loop::kObservedThreaded) machine.remove_observer(&silent);

  Hart& hart = machine.hart(0);
  FinalState s;
  s.reason = result.reason;
  s.exit_code = result.exit_code;
  s.pc = hart.pc();
  s.instret = hart.instret();
  s.priv = hart.priv();
  s.x = hart.x;
  s.f = hart.f;
  // The CSRs random code writes most; the cycle and time CSRs differ under the timing model.
  for (u16 csr : {0x300, 0x304, 0x305, 0x341, 0x342, 0x343, 0x302, 0x303, 0x105, 0x141, 0x142,
                  0x143, 0x180, 0x3a0, 0x3b0, 0x003}) {
    u64 value = 0;
    hart.debug_csr_read(csr, value);
    s.csrs.push_back(value);
  }
  if (loop == Loop::kObservedThreaded) {
    EXPECT_GT(silent.retired, 0u);
  }
  return s;
}

const char* reason_name(StopReason r) {
  switch (r) {
    case StopReason::kInsnLimit:
      return "instruction limit";
    case StopReason::kGuestStuck:
      return "guest stuck";
    case StopReason::kGuestExit:
      return "guest exit";
    default:
      return "other";
  }
}

TEST(GuestChaos, EveryRunLoopSurvivesRandomCodeAndAgrees) {
  const std::string elf = build_harness();
  ASSERT_FALSE(elf.empty());
  unsigned reached_limit = 0;
  for (u64 seed = 1; seed <= 24; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const FinalState threaded = run_chaos(elf, seed, Loop::kThreaded);
    const FinalState observed = run_chaos(elf, seed, Loop::kObservedThreaded);
    const FinalState stepped = run_chaos(elf, seed, Loop::kStep);
    EXPECT_TRUE(threaded == observed)
        << "observed loop: pc " << std::hex << observed.pc << " vs " << threaded.pc << std::dec
        << ", instret " << observed.instret << " vs " << threaded.instret;
    EXPECT_TRUE(threaded == stepped)
        << "step loop: pc " << std::hex << stepped.pc << " vs " << threaded.pc << std::dec
        << ", instret " << stepped.instret << " vs " << threaded.instret;
    // The model changes what cycle and time read, so the guest may go elsewhere: it must
    // still end cleanly, and the same way every time.
    const FinalState timed = run_chaos(elf, seed, Loop::kTimingModel);
    EXPECT_TRUE(timed == run_chaos(elf, seed, Loop::kTimingModel)) << "timing run repeats";
    const StopReason r = threaded.reason;
    EXPECT_TRUE(r == StopReason::kInsnLimit || r == StopReason::kGuestStuck ||
                r == StopReason::kGuestExit)
        << reason_name(r);
    reached_limit += r == StopReason::kInsnLimit;
  }
  // Random code that stops at once would test little: most seeds must run to the limit.
  EXPECT_GE(reached_limit, 12u);
}

}  // namespace
}  // namespace rvscope
