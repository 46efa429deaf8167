// Fuzz target: the decoder and executor, differentially. The fuzzer's bytes are the random
// code of GuestChaos (the first byte picks M-mode or S-mode under Sv39 and one or two harts);
// the threaded loop, the observed threaded loop, the step loop and the loop running
// translated blocks must each end in the same architectural state and memory.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "tests/fuzz/support/fuzz_support.hpp"
#include "tests/unit/support/guest_chaos.hpp"

namespace {

using rvscope::chaos::FinalState;
using rvscope::chaos::Loop;

// The harness resumes past every trap, so most inputs run to this limit and each instruction
// counts in executions per second: the first 2,000 of random code (half of a 4 KiB input's
// words, traps and handler included) reach nearly all it will do; GuestChaos's unit test runs
// seeded code 100 times longer.
constexpr rvscope::u64 kInsnLimit = 2'000;

void report(const char* loop, const FinalState& a, const FinalState& b) {
  std::fprintf(stderr, "the %s loop ends elsewhere: reason %d/%d, exit %d/%d, memory %d\n", loop,
               static_cast<int>(a.reason), static_cast<int>(b.reason), a.exit_code, b.exit_code,
               a.memory_digest == b.memory_digest);
  for (size_t h = 0; h < a.harts.size() && h < b.harts.size(); ++h) {
    std::fprintf(stderr, "  hart %zu: pc %#llx/%#llx instret %llu/%llu x %d f %d csrs %d\n", h,
                 static_cast<unsigned long long>(a.harts[h].pc),
                 static_cast<unsigned long long>(b.harts[h].pc),
                 static_cast<unsigned long long>(a.harts[h].instret),
                 static_cast<unsigned long long>(b.harts[h].instret), a.harts[h].x == b.harts[h].x,
                 a.harts[h].f == b.harts[h].f, a.harts[h].csrs == b.harts[h].csrs);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string machine_elf = rvscope::chaos::build_harness(false);
  static const std::string supervisor_elf = rvscope::chaos::build_harness(true);
  rvscope::fuzz::check(!machine_elf.empty() && !supervisor_elf.empty(),
                       "the chaos harness did not build (riscv64-unknown-elf-gcc)");
  if (size < 1) return 0;
  const bool supervisor = data[0] & 1;
  const unsigned harts = (data[0] & 2) ? 2 : 1;
  std::vector<rvscope::u32> code((size - 1 + 3) / 4, 0);
  if (size > 1) std::memcpy(code.data(), data + 1, size - 1);  // no code: an empty vector's null

  // One machine per harness, hart count and loop, restored before each run (ChaosMachine).
  using rvscope::chaos::ChaosMachine;
  static std::unique_ptr<ChaosMachine> machines[2][2][5];
  auto machine = [&](Loop loop) -> ChaosMachine& {
    auto& slot = machines[supervisor][harts - 1][static_cast<int>(loop)];
    if (!slot) {
      slot = std::make_unique<ChaosMachine>(supervisor ? supervisor_elf : machine_elf, loop,
                                            kInsnLimit, harts);
    }
    return *slot;
  };
  const FinalState threaded = machine(Loop::kThreaded).run(code);
  rvscope::u64 observed = 0;
  const FinalState observed_threaded = machine(Loop::kObservedThreaded).run(code, &observed);
  const FinalState step = machine(Loop::kStep).run(code);
  const FinalState jit = machine(Loop::kJit).run(code);
  if (!(threaded == observed_threaded)) report("observed threaded", threaded, observed_threaded);
  if (!(threaded == step)) report("step", threaded, step);
  if (!(threaded == jit)) report("translated-block", threaded, jit);
  rvscope::fuzz::check(threaded == observed_threaded && threaded == step && threaded == jit,
                       "the run loops disagree");
  // The harness runs before the random code, so an observer that heard nothing was not asked.
  rvscope::fuzz::check(observed > 0, "the observed loop's observer heard no instruction");
  return 0;
}
