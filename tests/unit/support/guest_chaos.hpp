// GuestChaos, the machinery: a bare-metal harness that enters random code in M-mode or in
// S-mode under Sv39 and resumes past every trap, the random code itself, and a run of it in
// any of the hart's loops that records the final architectural state and memory. The unit
// test feeds it seeded code; the differential fuzzer feeds it the fuzzer's bytes.
#pragma once

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/app/timing_session.hpp"
#include "sim/cpu/insn_info.hpp"
#include "sim/machine/machine.hpp"
#include "sim/timing/timing_config.hpp"
#include "tests/unit/support/bare_metal_program.hpp"

namespace rvscope::chaos {

inline constexpr u64 kRamStart = 0x80000000, kChaosStart = 0x80010000, kChaosEnd = 0x80050000;
// Room for the harness, the chaos region and the device tree (placed 2 MiB-aligned below the
// top of RAM, as QEMU does: with less than 4 MiB it would land on the harness); a small RAM
// keeps building and restoring a machine cheap.
inline constexpr u64 kChaosRam = 4 << 20;

// Sets mtvec to a handler that resumes two bytes past any trapping instruction (wrapping into
// the random region), points most registers into RAM so that loads and stores land there
// (including on the random code itself), enables FP and enters the random words: in M-mode,
// or in S-mode under Sv39 (PMP opens everything; identity gigapages for RAM and for the
// devices, the page table at 0x80008000 where random stores may rewrite it).
inline std::string build_harness(bool supervisor) {
  const char* enter = supervisor ? R"(
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0
  li t0, 0x80008000
  li t1, 0xc7
  sd t1, 0(t0)
  li t1, 0x200000cf
  sd t1, 16(t0)
  li t1, 0x8000000000080008
  csrw satp, t1
  sfence.vma
  li t0, 0x1800
  csrc mstatus, t0
  li t0, 0x800
  csrs mstatus, t0
  li t0, 0x80010000
  csrw mepc, t0
  mret
)"
                                 : R"(
  li t0, 0x80010000
  jr t0
)";
  return test::build_bare_metal(supervisor ? "chaos_sv39" : "chaos", std::string(R"(
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
)") + enter + R"(
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
)");
}

inline u64 splitmix(u64& state) {
  u64 z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// Three words in four are a random row of the instruction table with random operand bits,
// the rest raw random bits (mostly compressed encodings and illegal instructions).
inline std::vector<u32> random_code(u64 seed) {
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

struct HartState {
  u64 pc = 0, instret = 0;
  Priv priv = Priv::kMachine;
  std::array<u64, 33> x{};
  std::array<u64, 32> f{};
  std::vector<u64> csrs;
  bool operator==(const HartState&) const = default;
};

struct FinalState {
  StopReason reason{};
  int exit_code = 0;
  std::vector<HartState> harts;
  u64 memory_digest = 0;  // a hash of RAM [kRamStart, kChaosEnd): code, data, page table
  bool operator==(const FinalState&) const = default;
};

// kThreaded is the interpreter alone; kJit the same loop translating every jump target it
// reaches into a block at once.
enum class Loop { kThreaded, kObservedThreaded, kStep, kTimingModel, kJit };

// Listens to every instruction and does nothing: the hart runs its observed loop.
class Silent final : public HartObserver {
 public:
  void on_retire(const RetireEvent&) override { ++retired; }  // proves the loop was observed
  void on_trap(const TrapEvent&) override {}
  u64 retired = 0;
};

inline MachineConfig chaos_config(const std::string& elf, u64 insn_limit, unsigned harts,
                                  Loop loop) {
  MachineConfig config;
  config.run.jit = loop == Loop::kJit;
  config.run.jit_threshold = 1;
  config.boot.mode = BootMode::kDirect;
  config.boot.kernel = elf;
  config.console.input = ConsoleInput::kNone;
  config.run.max_insns = insn_limit;
  config.machine.harts = harts;
  config.machine.ram_size = kChaosRam;
  return config;
}

// Writes `code` (at most the region's size; the rest of the region stays as loaded: zero).
inline void write_chaos_code(Machine& machine, const std::vector<u32>& code) {
  const u64 bytes = std::min<u64>(code.size() * 4, kChaosEnd - kChaosStart);
  if (!machine.write_virtual(0, kChaosStart, code.data(), bytes)) {
    throw std::logic_error("the chaos region is not in RAM");
  }
}

// The step loop is the one a breakpoint checker selects; one that never matches changes nothing
// else.
inline void select_step_loop(Machine& machine) {
  for (unsigned h = 0; h < machine.num_harts(); ++h) {
    machine.hart(h).set_breakpoint_checker([](void*, unsigned, u64) { return false; }, nullptr);
  }
}

inline FinalState final_state(Machine& machine, const RunResult& result) {
  FinalState s;
  s.reason = result.reason;
  s.exit_code = result.exit_code;
  for (unsigned h = 0; h < machine.num_harts(); ++h) {
    Hart& hart = machine.hart(h);
    HartState& hs = s.harts.emplace_back();
    hs.pc = hart.pc();
    hs.instret = hart.instret();
    hs.priv = hart.priv();
    hs.x = hart.x;
    hs.f = hart.f;
    // The CSRs random code writes most; the cycle and time CSRs differ under the timing model.
    for (u16 csr : {0x300, 0x304, 0x305, 0x341, 0x342, 0x343, 0x302, 0x303, 0x105, 0x141, 0x142,
                    0x143, 0x180, 0x3a0, 0x3b0, 0x003}) {
      u64 value = 0;
      hart.debug_csr_read(csr, value);
      hs.csrs.push_back(value);
    }
  }
  // libstdc++'s hash of the bytes: a loop here would be instrumented in the fuzzer's build.
  const auto* ram = reinterpret_cast<const char*>(machine.bus().ram().host(kRamStart));
  const u64 digest = std::hash<std::string_view>{}(std::string_view(ram, kChaosEnd - kRamStart));
  s.memory_digest = digest;
  return s;
}

// Runs `code` from the harness in `loop` for `insn_limit` instructions over all harts, on a
// machine built for this run. `observed_retired` receives how many instructions an observer
// heard (non-zero proves the observed loop ran).
inline FinalState run_chaos(const std::string& elf, const std::vector<u32>& code, Loop loop,
                            u64 insn_limit, unsigned harts = 1, u64* observed_retired = nullptr) {
  Machine machine(chaos_config(elf, insn_limit, harts, loop));
  machine.load();
  write_chaos_code(machine, code);

  Silent silent;
  std::unique_ptr<TimingSession> timing;
  if (loop == Loop::kObservedThreaded) machine.add_observer(&silent);
  if (loop == Loop::kStep) select_step_loop(machine);
  if (loop == Loop::kTimingModel) {
    timing = std::make_unique<TimingSession>(
        machine, timing::load_timing_config(RVSCOPE_SOURCE_DIR "/configs/u74.yaml"), "");
  }
  const RunResult result = machine.run();
  if (loop == Loop::kObservedThreaded) machine.remove_observer(&silent);
  if (observed_retired != nullptr) *observed_retired = silent.retired;
  return final_state(machine, result);
}

// One machine for many runs in one functional loop (not the timing model, whose state a
// snapshot does not hold), put back in its just-loaded state before each: the fuzzer's runs
// differ only in their code, and building a machine cost most of each run. Restoring also
// drops the code decoded from every page the last run changed, so a stale decode or
// translation would show as a disagreement with the other loops' machines.
class ChaosMachine {
 public:
  ChaosMachine(const std::string& elf, Loop loop, u64 insn_limit, unsigned harts)
      : machine_(chaos_config(elf, insn_limit, harts, loop)) {
    if (loop == Loop::kTimingModel) throw std::logic_error("ChaosMachine: no timing model");
    machine_.load();
    loaded_ = machine_.save_state();
    if (loop == Loop::kObservedThreaded) machine_.add_observer(&silent_);
    if (loop == Loop::kStep) select_step_loop(machine_);
  }
  ChaosMachine(const ChaosMachine&) = delete;
  ChaosMachine& operator=(const ChaosMachine&) = delete;

  FinalState run(const std::vector<u32>& code, u64* observed_retired = nullptr) {
    machine_.restore_state(loaded_);
    write_chaos_code(machine_, code);
    const u64 heard_before = silent_.retired;
    const RunResult result = machine_.run();
    if (observed_retired != nullptr) *observed_retired = silent_.retired - heard_before;
    return final_state(machine_, result);
  }

 private:
  Silent silent_;
  Machine machine_;
  MachineState loaded_;
};

}  // namespace rvscope::chaos
