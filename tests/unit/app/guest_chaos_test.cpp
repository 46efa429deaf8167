// A guest executing random instructions (random CSR writes, self-modifying stores, privilege
// changes, FP, atomics) never crashes the simulator, and every run loop leaves it in the same
// architectural state and memory: the threaded loop, the observed threaded loop, the step
// loop, the loop running translated blocks, and the observed loop feeding the timing model.
#include "tests/unit/support/guest_chaos.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rvscope {
namespace {

using chaos::FinalState;
using chaos::Loop;

constexpr u64 kInsnLimit = 200'000;

FinalState run_chaos(const std::string& elf, u64 seed, Loop loop, unsigned harts = 1) {
  u64 observed = 0;
  const FinalState s =
      chaos::run_chaos(elf, chaos::random_code(seed), loop, kInsnLimit, harts, &observed);
  if (loop == Loop::kObservedThreaded) {
    EXPECT_GT(observed, 0u);
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

// Runs every loop on `seeds` random programs; returns how many ran to the instruction limit.
unsigned check_seeds(const std::string& elf, u64 first_seed, u64 seeds, unsigned harts) {
  unsigned reached_limit = 0;
  for (u64 seed = first_seed; seed < first_seed + seeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed) + ", " + std::to_string(harts) + " harts");
    const FinalState threaded = run_chaos(elf, seed, Loop::kThreaded, harts);
    EXPECT_TRUE(threaded == run_chaos(elf, seed, Loop::kObservedThreaded, harts))
        << "the observed threaded loop ends elsewhere";
    EXPECT_TRUE(threaded == run_chaos(elf, seed, Loop::kStep, harts))
        << "the step loop ends elsewhere";
    EXPECT_TRUE(threaded == run_chaos(elf, seed, Loop::kJit, harts))
        << "the loop running translated blocks ends elsewhere";
    // The model changes what cycle and time read, so the guest may go elsewhere: it must
    // still end cleanly, and the same way every time.
    EXPECT_TRUE(run_chaos(elf, seed, Loop::kTimingModel, harts) ==
                run_chaos(elf, seed, Loop::kTimingModel, harts))
        << "the timing run does not repeat";
    const StopReason r = threaded.reason;
    EXPECT_TRUE(r == StopReason::kInsnLimit || r == StopReason::kGuestStuck ||
                r == StopReason::kGuestExit)
        << reason_name(r);
    reached_limit += r == StopReason::kInsnLimit;
  }
  return reached_limit;
}

TEST(GuestChaos, EveryRunLoopSurvivesRandomCodeAndAgrees) {
  const std::string elf = chaos::build_harness(false);
  ASSERT_FALSE(elf.empty());
  // Random code that stops at once would test little: most seeds must run to the limit.
  EXPECT_GE(check_seeds(elf, 1, 24, 1), 12u);
}

TEST(GuestChaos, HartsSharingRandomCodeAgreeToo) {
  // Both harts run the same words: one's stores rewrite the other's code, LR/SC and AMOs
  // meet, and the slices interleave the same way in every loop.
  const std::string elf = chaos::build_harness(false);
  ASSERT_FALSE(elf.empty());
  EXPECT_GE(check_seeds(elf, 101, 8, 2), 4u);
}

TEST(GuestChaos, SupervisorCodeUnderSv39AgreesToo) {
  // Random satp, sstatus (SUM, MXR), sfence.vma and stores into the page table: page walks
  // read whatever memory the random code points them at.
  const std::string elf = chaos::build_harness(true);
  ASSERT_FALSE(elf.empty());
  EXPECT_GE(check_seeds(elf, 201, 16, 1), 8u);
}

// The fuzzer's reused machine: a run after other random programs (which rewrote code, page
// tables, CSRs and devices) ends exactly as on a machine built for it, in every loop, for
// both harnesses and hart counts.
TEST(GuestChaos, ARestoredMachineRunsAsAFreshOne) {
  for (const bool supervisor : {false, true}) {
    const std::string elf = chaos::build_harness(supervisor);
    ASSERT_FALSE(elf.empty());
    for (const unsigned harts : {1u, 2u}) {
      for (const Loop loop : {Loop::kThreaded, Loop::kObservedThreaded, Loop::kStep, Loop::kJit}) {
        SCOPED_TRACE(std::string(supervisor ? "S-mode, " : "M-mode, ") + std::to_string(harts) +
                     " harts, loop " + std::to_string(static_cast<int>(loop)));
        chaos::ChaosMachine reused(elf, loop, 20'000, harts);
        for (const u64 seed : {301u, 302u, 303u, 301u}) {
          u64 observed = 0;
          const FinalState again = reused.run(chaos::random_code(seed), &observed);
          EXPECT_TRUE(again == chaos::run_chaos(elf, chaos::random_code(seed), loop, 20'000, harts))
              << "seed " << seed;
          EXPECT_EQ(observed > 0, loop == Loop::kObservedThreaded) << "seed " << seed;
        }
      }
    }
  }
}

}  // namespace
}  // namespace rvscope
